/**
 * Times of changes for a reader: the API writes them in RFC 3339 UTC; editors read them in
 * their own time zone.
 */

const changedFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/**
 * formatChanged writes an RFC 3339 time as "24 Nov 2026, 01:18", in the reader's time zone.
 * @param {string} at
 */
export function formatChanged(at) {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? String(at || '') : changedFormat.format(d);
}
