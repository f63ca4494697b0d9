/**
 * Number, date and place text as every view words them.
 */

import { dayFromISO, dateParts as parts } from './days.js';
import { QUALIFIERS } from './vocab.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];
const SEASONS = { 21: 'Spring', 22: 'Summer', 23: 'Autumn', 24: 'Winter' };

/** formatDay: "22 March 2024". @param {number} day */
export function formatDay(day) {
  const [y, m, d] = parts(day);
  return `${d} ${MONTHS[m]} ${y}`;
}

/** formatMonth: "March 2024". @param {number} day */
export function formatMonth(day) {
  const [y, m] = parts(day);
  return `${MONTHS[m]} ${y}`;
}

/** formatMonthShort: "Mar 2024". @param {number} day */
export function formatMonthShort(day) {
  const [y, m] = parts(day);
  return `${MONTHS[m].slice(0, 3)} ${y}`;
}

/**
 * edtfLabel writes an EDTF date ("2024", "2024-03", "2024-21", "2024-03-22") for a reader, no
 * more precisely than it is known.
 * @param {string} edtf
 * @returns {string}
 */
export function edtfLabel(edtf) {
  const s = String(edtf || '');
  if (/^\d{4}$/.test(s)) return s;
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) {
    const n = Number(m[2]);
    if (SEASONS[n]) return `${SEASONS[n]} ${m[1]}`;
    if (n >= 1 && n <= 12) return `${MONTHS[n - 1]} ${m[1]}`;
  }
  const day = dayFromISO(s);
  return Number.isNaN(day) ? s : formatDay(day);
}

// Made on first use: a page's first Intl object costs some 20 ms (locale data), which the map
// would otherwise spend before its first draw.
let numberFormat = null;

/** formatNumber: "1,234". @param {number} n */
export function formatNumber(n) {
  // Whole numbers below a thousand have no separators: no need for Intl.
  if (Number.isInteger(n) && Math.abs(n) < 1000 && !Object.is(n, -0)) return String(n);
  if (!numberFormat) numberFormat = new Intl.NumberFormat('en-GB');
  return numberFormat.format(n);
}

/**
 * plural picks the noun for n: plural(1, 'event') → "1 event", plural(3, 'event') → "3 events".
 * @param {number} n
 * @param {string} one
 * @param {string} [many]
 */
export function plural(n, one, many = `${one}s`) {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/**
 * figureText keeps a source's hedge: {value: 95, qualifier: "at_least"} → "at least 95".
 * @param {{value: number, qualifier?: string}} figure
 */
export function figureText(figure) {
  const q = QUALIFIERS[figure.qualifier] || '';
  const n = q ? `${q} ${formatNumber(figure.value)}` : formatNumber(figure.value);
  return figure.subject ? `${n} ${figure.subject}` : n;
}

/**
 * figuresText is an event's figures as every view words them, from the server's labels
 * (geo.Range: each source's own overall figure, its hedge kept, never summed): "at least
 * 139–145 killed · more than 500 injured".
 * @param {any} casualties the feature's casualties
 */
export function figuresText(casualties) {
  if (!casualties) return '';
  return ['killed', 'injured', 'detained'].map((m) => casualties[m] && casualties[m].label).filter(Boolean).join(' · ');
}

/**
 * placeText joins a place and its country without saying the country twice ("Turkey", not
 * "Turkey, Turkey"; "Istanbul, Turkey").
 * @param {string} place
 * @param {string} country
 */
export function placeText(place, country) {
  if (!place) return country || '';
  if (!country || place === country || place.endsWith(country) || country.startsWith(place)) return place;
  return `${place}, ${country}`;
}
