/**
 * A date known to a day, a month, a season or a year, entered as a precision and the parts it
 * needs and written as EDTF ("2024-03-22", "2024-03", "2024-21" for spring, "2024"), with the
 * label a reader will see. Seasons are the northern meteorological ones; winter 2023 runs
 * December 2023 to February 2024.
 */

import { el, setText } from '../core/dom.js';
import { edtfLabel } from '../core/format.js';
import { DATE_PRECISION, capitalize } from '../core/vocab.js';
import { group, input, select, setSelect, uid } from './fields.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'].map((m, i) => [String(i + 1).padStart(2, '0'), m]);
const SEASONS = [['21', 'Spring (Mar–May)'], ['22', 'Summer (Jun–Aug)'], ['23', 'Autumn (Sep–Nov)'], ['24', 'Winter (Dec–Feb)']];

/**
 * parseEDTF splits an EDTF date of the subset Westward uses into its precision and parts.
 * @param {string} s
 * @returns {{precision: string, year: string, month: string, day: string, season: string}|null}
 */
export function parseEDTF(s) {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(String(s || ''));
  if (!m) return null;
  const [, year, mm, dd] = m;
  if (dd) return { precision: 'day', year, month: mm, day: String(Number(dd)), season: '' };
  if (mm && Number(mm) >= 21) return { precision: 'season', year, month: '', day: '', season: mm };
  if (mm) return { precision: 'month', year, month: mm, day: '', season: '' };
  return { precision: 'year', year, month: '', day: '', season: '' };
}

/**
 * createDateInput builds the inputs for one date. optional adds "none" to the precisions.
 * @param {{legend: string, param: string, optional?: boolean, onChange?: () => void}} opts
 */
export function createDateInput({ legend, param, optional = false, onChange }) {
  const precision = select(Object.keys(DATE_PRECISION).map((p) => [p, capitalize(p)]), optional ? { placeholder: 'No end date' } : { value: 'day' });
  const year = input({ inputmode: 'numeric', maxlength: '4', autocomplete: 'off', class: 'ed-input ed-input-year', placeholder: 'YYYY' });
  const month = select(MONTHS, { placeholder: 'Month' });
  const day = input({ inputmode: 'numeric', maxlength: '2', autocomplete: 'off', class: 'ed-input ed-input-day', placeholder: 'DD' });
  const season = select(SEASONS, { placeholder: 'Season' });
  const labelId = uid('date-label');
  const label = el('output', { class: 'date-label', id: labelId, 'aria-live': 'polite' });
  const part = (text, control, cls) => {
    control.id = uid('d');
    control.setAttribute('aria-describedby', labelId);
    return el('div', { class: `ed-field date-part ${cls}` }, el('label', { for: control.id, text }), control);
  };
  const precisionPart = part('Known to the', precision, 'date-precision');
  const dayPart = part('Day', day, 'date-day');
  const monthPart = part('Month', month, 'date-month');
  const seasonPart = part('Season', season, 'date-season');
  const yearPart = part('Year', year, 'date-year');
  const node = group(legend, param,
    el('div', { class: 'date-row' }, precisionPart, dayPart, monthPart, seasonPart, yearPart),
    el('p', { class: 'date-reads' }, el('span', { text: 'Reads: ' }), label));
  node.classList.add('date-group');

  function sync() {
    const p = precision.value;
    dayPart.hidden = p !== 'day';
    monthPart.hidden = p !== 'day' && p !== 'month';
    seasonPart.hidden = p !== 'season';
    yearPart.hidden = p === '';
    const r = read();
    setText(label, p === '' ? 'no end date' : r.error ? '—' : edtfLabel(r.value));
  }

  /**
   * read returns the EDTF string ('' for an optional date left empty) or what is missing.
   * @returns {{value: string, error: string}}
   */
  function read() {
    const p = precision.value;
    if (p === '') return { value: '', error: '' };
    const y = year.value.trim();
    if (!/^\d{4}$/.test(y) || Number(y) < 1) return { value: '', error: 'Enter the year as four digits.' };
    if (p === 'year') return { value: y, error: '' };
    if (p === 'season') {
      return season.value ? { value: `${y}-${season.value}`, error: '' } : { value: '', error: 'Choose the season.' };
    }
    if (!month.value) return { value: '', error: 'Choose the month.' };
    if (p === 'month') return { value: `${y}-${month.value}`, error: '' };
    const d = Number(day.value.trim());
    const last = new Date(Date.UTC(Number(y), Number(month.value), 0)).getUTCDate();
    if (!/^\d{1,2}$/.test(day.value.trim()) || d < 1 || d > last) return { value: '', error: `Enter a day from 1 to ${last}.` };
    return { value: `${y}-${month.value}-${String(d).padStart(2, '0')}`, error: '' };
  }

  for (const c of [precision, year, month, day, season]) {
    c.addEventListener('input', () => {
      sync();
      if (onChange) onChange();
    });
    c.addEventListener('change', sync);
  }
  sync();

  return {
    node,
    read,
    /**
     * set shows an EDTF date ('' or null empties it).
     * @param {string|null|undefined} edtf
     */
    set(edtf) {
      const parts = parseEDTF(edtf || '');
      if (!parts) {
        setSelect(precision, optional ? '' : 'day');
        year.value = edtf ? String(edtf) : '';
        month.value = '';
        day.value = '';
        season.value = '';
      } else {
        setSelect(precision, parts.precision);
        year.value = parts.year;
        month.value = parts.month;
        day.value = parts.day;
        season.value = parts.season;
      }
      sync();
    },
  };
}
