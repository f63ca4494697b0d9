/**
 * Day arithmetic for the time controls: days since 1970-01-01 UTC, months and years.
 */

const DAY_MS = 86400000;

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

/**
 * dateParts is day's UTC year, month (0–11) and day of the month.
 * @param {number} day
 * @returns {[number, number, number]}
 */
export function dateParts(day) {
  const d = new Date(Math.floor(day) * DAY_MS);
  return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
}

/** monthStart is the first day of day's month. @param {number} day @returns {number} */
export function monthStart(day) {
  const [y, m] = dateParts(day);
  return Date.UTC(y, m, 1) / DAY_MS;
}

/** monthEnd is the last day of day's month. @param {number} day @returns {number} */
export function monthEnd(day) {
  const [y, m] = dateParts(day);
  return Date.UTC(y, m + 1, 0) / DAY_MS;
}

/**
 * addMonths moves day by n calendar months, clamping to the end of shorter months.
 * @param {number} day
 * @param {number} n
 * @returns {number}
 */
export function addMonths(day, n) {
  const [y, m, d] = dateParts(day);
  const last = new Date(Date.UTC(y, m + n + 1, 0)).getUTCDate();
  return Date.UTC(y, m + n, Math.min(d, last)) / DAY_MS;
}

/** monthIndex counts months since year 0, so months can index arrays. @param {number} day */
export function monthIndex(day) {
  const [y, m] = dateParts(day);
  return y * 12 + m;
}

/** dayFromMonthIndex is the first day of a monthIndex. @param {number} index */
export function dayFromMonthIndex(index) {
  return Date.UTC(Math.floor(index / 12), index % 12, 1) / DAY_MS;
}

/** yearOf is day's calendar year. @param {number} day */
export function yearOf(day) {
  return dateParts(day)[0];
}

