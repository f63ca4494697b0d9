/**
 * Vocabulary, colours and formatting shared by the views: the labels of the API's enums, the
 * day arithmetic the time controls use (days since 1970-01-01 UTC), and number and date text.
 */

/**
 * The kinds of event in display order, with Okabe–Ito colours (safe for the common forms of
 * colour blindness; yellow is left out because it vanishes on a light basemap).
 * @type {ReadonlyArray<{id: string, label: string, color: string}>}
 */
export const KINDS = Object.freeze([
  { id: 'attack', label: 'Attack', color: '#D55E00' },
  { id: 'foiled_plot', label: 'Foiled plot', color: '#E69F00' },
  { id: 'arrest', label: 'Arrest', color: '#0072B2' },
  { id: 'threat', label: 'Threat', color: '#CC79A7' },
  { id: 'cross_border_strike', label: 'Cross-border strike', color: '#009E73' },
  { id: 'network', label: 'Network activity', color: '#56B4E9' },
  { id: 'propaganda', label: 'Propaganda', color: '#7F7F7F' },
]);

/** KIND maps a kind id to its entry in KINDS. */
export const KIND = Object.freeze(Object.fromEntries(KINDS.map((k) => [k.id, k])));

/** ACTORS lists who is behind an event, in display order. */
export const ACTORS = Object.freeze([
  { id: 'iskp', label: 'ISKP' },
  { id: 'is', label: 'Islamic State' },
  { id: 'is_inspired', label: 'IS-inspired' },
  { id: 'unclear', label: 'Unclear' },
]);

/** ATTRIBUTIONS lists how firmly the sources tie an event to its actor, firmest first. */
export const ATTRIBUTIONS = Object.freeze([
  { id: 'claimed', label: 'Claimed' },
  { id: 'attributed', label: 'Attributed' },
  { id: 'alleged', label: 'Alleged' },
  { id: 'disputed', label: 'Disputed' },
]);

/** labelOf finds the label of id in one of the lists above, falling back to the id. */
export function labelOf(list, id) {
  const item = list.find((x) => x.id === id);
  return item ? item.label : String(id);
}

/** QUALIFIERS turns a figure's qualifier into the words a source used. */
export const QUALIFIERS = Object.freeze({
  exact: '', at_least: 'at least', more_than: 'more than', almost: 'almost', about: 'about', up_to: 'up to',
});

/** LINK_ROLES names how a linked place relates to an event. */
export const LINK_ROLES = Object.freeze({
  origin: 'Origin', directing: 'Directed from', transit: 'Transit', financing: 'Financing', recruitment: 'Recruitment',
  target: 'Also named as a target',
});

/** LOCATION_ROLES says what an event's point stands for; only an occurrence puts the actor there. */
export const LOCATION_ROLES = Object.freeze({
  occurrence: 'where it happened', target: 'named as a target', subject: 'place the item is about',
  audience: 'place the item addresses',
});

/** DATE_PRECISION says, for the reader, how exactly an event's date is known. */
export const DATE_PRECISION = Object.freeze({
  day: 'exact date', month: 'month known, day not reported', season: 'season known', year: 'year known only',
});

/** LOCATION_PRECISION says how exactly an event's point is known. */
export const LOCATION_PRECISION = Object.freeze({
  venue: 'exact venue', city: 'city-level location', region: 'region-level location', country: 'country-level location',
});

const DAY_MS = 86400000;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];
const SEASONS = { 21: 'Spring', 22: 'Summer', 23: 'Autumn', 24: 'Winter' };

/**
 * dayFromISO turns "2024-03-22" into days since 1970-01-01 UTC, or NaN if it is not a date.
 * It reads the digits itself, without a RegExp or a Date: the map calls it twice for each of
 * tens of thousands of events before its first draw. Years below 100 are read as Date.UTC
 * reads them, as 1900 + year.
 * @param {string} iso
 * @returns {number}
 */
export function dayFromISO(iso) {
  if (typeof iso !== 'string' || iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return NaN;
  let y = digitsAt(iso, 0, 4);
  const m = digitsAt(iso, 5, 2);
  const d = digitsAt(iso, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1) return NaN;
  if (y < 100) y += 1900;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (m === 2 ? (leap ? 29 : 28) : MONTH_DAYS[m - 1])) return NaN;
  // Days from the civil date (H. Hinnant's algorithm): years start in March, so the leap
  // day is the last of the year.
  const ya = m <= 2 ? y - 1 : y;
  const era = Math.floor(ya / 400);
  const yoe = ya - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** digitsAt reads n ASCII digits of s from i as a number, or -1 if one is not a digit. */
function digitsAt(s, i, n) {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * isoFromDay turns a day number (fractions are dropped) into "YYYY-MM-DD".
 * @param {number} day
 * @returns {string}
 */
export function isoFromDay(day) {
  return new Date(Math.floor(day) * DAY_MS).toISOString().slice(0, 10);
}

function parts(day) {
  const d = new Date(Math.floor(day) * DAY_MS);
  return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
}

/** monthStart is the first day of day's month. @param {number} day @returns {number} */
export function monthStart(day) {
  const [y, m] = parts(day);
  return Date.UTC(y, m, 1) / DAY_MS;
}

/** monthEnd is the last day of day's month. @param {number} day @returns {number} */
export function monthEnd(day) {
  const [y, m] = parts(day);
  return Date.UTC(y, m + 1, 0) / DAY_MS;
}

/**
 * addMonths moves day by n calendar months, clamping to the end of shorter months.
 * @param {number} day
 * @param {number} n
 * @returns {number}
 */
export function addMonths(day, n) {
  const [y, m, d] = parts(day);
  const last = new Date(Date.UTC(y, m + n + 1, 0)).getUTCDate();
  return Date.UTC(y, m + n, Math.min(d, last)) / DAY_MS;
}

/** monthIndex counts months since year 0, so months can index arrays. @param {number} day */
export function monthIndex(day) {
  const [y, m] = parts(day);
  return y * 12 + m;
}

/** dayFromMonthIndex is the first day of a monthIndex. @param {number} index */
export function dayFromMonthIndex(index) {
  return Date.UTC(Math.floor(index / 12), index % 12, 1) / DAY_MS;
}

/** yearOf is day's calendar year. @param {number} day */
export function yearOf(day) {
  return parts(day)[0];
}

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
