/**
 * Bulk import: a CSV file or a GeoJSON FeatureCollection is first sent as a dry run, which
 * reports the rows that would be added, updated or left unchanged and those rejected with
 * their reasons; only a file without rejects can then be imported for real (the server
 * refuses a real run with rejects, so a file is applied whole or not at all).
 */

import { el, setText } from '../core/dom.js';
import { formatNumber } from '../core/format.js';
import { ApiError, importFile } from './session.js';
import { createDialog } from './dialog.js';
import { field, select } from './fields.js';

const SHOW_IDS = 60;

/**
 * formatOf guesses a file's format from its name and type; an ACLED export is a CSV too and
 * is chosen by hand.
 * @param {File} file
 * @returns {'csv'|'geojson'}
 */
export function formatOf(file) {
  const name = (file.name || '').toLowerCase();
  if (name.endsWith('.csv') || file.type === 'text/csv') return 'csv';
  return 'geojson';
}

/**
 * createImporter builds the import dialog.
 * @param {{onImported: (result: any) => void, onSignedOut: () => void}} opts
 */
export function createImporter({ onImported, onSignedOut }) {
  const d = createDialog({ title: 'Import events', className: 'dialog-import' });
  const fileInput = /** @type {HTMLInputElement} */ (el('input', {
    type: 'file', class: 'ed-input ed-input-file', id: 'import-file',
    accept: '.csv,.geojson,.json,text/csv,application/geo+json,application/json',
  }));
  const format = select([['csv', 'Westward CSV'], ['geojson', 'GeoJSON (FeatureCollection)'], ['acled', 'ACLED export (CSV)']]);
  format.id = 'import-format';
  const check = el('button', { type: 'button', class: 'button', id: 'import-check', text: 'Check the file', disabled: true });
  const run = el('button', { type: 'button', class: 'button button-primary', id: 'import-run', text: 'Import', disabled: true });
  const status = el('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const report = el('div', { class: 'import-report', id: 'import-report' });
  d.body.append(
    el('p', { text: 'Add or update many events at once from a Westward CSV, a GeoJSON FeatureCollection or an ACLED export. The file is checked first; nothing changes until you import it, and a file with rejected rows is not imported at all.' }),
    el('div', { class: 'ed-grid-2' },
      field('File', fileInput),
      field('Format', format)),
    status,
    report);
  d.footer.append(
    el('button', { type: 'button', class: 'button', text: 'Close', onclick: () => d.close() }),
    check, run);

  /** checked is the dry run of the file as it is now, or null. */
  let checked = null;

  function reset() {
    checked = null;
    run.disabled = true;
    setText(run, 'Import');
    report.replaceChildren();
    setText(status, '');
    status.classList.remove('is-error', 'is-ok');
  }

  fileInput.addEventListener('change', () => {
    reset();
    const file = fileInput.files && fileInput.files[0];
    check.disabled = !file;
    if (file) format.value = formatOf(file);
  });
  format.addEventListener('change', () => {
    reset();
    check.disabled = !(fileInput.files && fileInput.files[0]);
  });

  function idList(title, ids, cls) {
    if (!ids.length) return null;
    const shown = ids.slice(0, SHOW_IDS);
    return el('section', { class: `import-group ${cls}` },
      el('h3', { class: 'ed-subhead', text: `${title} (${formatNumber(ids.length)})` }),
      el('ul', { class: 'id-list' }, shown.map((id) => el('li', null, el('code', { text: id })))),
      ids.length > shown.length ? el('p', { class: 'ed-note', text: `and ${formatNumber(ids.length - shown.length)} more` }) : null);
  }

  function show(result) {
    const added = result.added || [];
    const updated = result.updated || [];
    const unchanged = result.unchanged || [];
    const rejected = result.rejected || [];
    const verb = result.dry_run ? 'would be' : 'were';
    report.replaceChildren(...[
      el('p', {
        class: 'import-summary',
        text: `${formatNumber(added.length)} ${verb} added, ${formatNumber(updated.length)} ${verb} updated, `
          + `${formatNumber(unchanged.length)} unchanged, ${formatNumber(rejected.length)} rejected.`,
      }),
      rejected.length ? el('section', { class: 'import-group import-rejected' },
        el('h3', { class: 'ed-subhead', text: `Rejected (${formatNumber(rejected.length)})` }),
        el('div', { class: 'table-scroll' },
          el('table', { class: 'reject-table' },
            el('thead', null, el('tr', null, el('th', { scope: 'col', text: 'Line' }), el('th', { scope: 'col', text: 'ID' }), el('th', { scope: 'col', text: 'Reason' }))),
            el('tbody', null, rejected.map((r) => el('tr', null,
              el('td', { text: r.line != null ? String(r.line) : '' }),
              el('td', null, el('code', { text: r.id || '' })),
              el('td', { text: r.reason || '' }))))))) : null,
      idList('To add', result.dry_run ? added : [], 'import-added'),
      idList('To update', result.dry_run ? updated : [], 'import-updated'),
      idList('Added', result.dry_run ? [] : added, 'import-added'),
      idList('Updated', result.dry_run ? [] : updated, 'import-updated'),
    ].filter(Boolean));
  }

  async function send(dryRun) {
    const file = fileInput.files && fileInput.files[0];
    if (!file) return;
    const fmt = /** @type {'csv'|'geojson'|'acled'} */ (format.value);
    check.disabled = true;
    run.disabled = true;
    setText(status, dryRun ? 'Checking the file…' : 'Importing…');
    status.classList.remove('is-error', 'is-ok');
    try {
      const result = await importFile(file, fmt, dryRun);
      show(result);
      if (dryRun) {
        checked = result;
        const n = (result.added || []).length + (result.updated || []).length;
        const rejects = (result.rejected || []).length;
        run.disabled = rejects > 0 || n === 0;
        setText(run, n && !rejects ? `Import ${formatNumber(n)} ${n === 1 ? 'event' : 'events'}` : 'Import');
        setText(status, rejects ? 'Fix the rejected rows in the file and check it again: a file with rejects is not imported.'
          : n ? 'The file is fine. Nothing has changed yet.' : 'Nothing to import: every event is already as the file has it.');
        status.classList.toggle('is-error', rejects > 0);
      } else {
        checked = null;
        setText(status, 'Imported.');
        status.classList.add('is-ok');
        onImported(result);
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        d.close();
        onSignedOut();
        return;
      }
      const missing = err instanceof ApiError && (err.status === 404 || err.status === 405);
      // A refused real run carries its report: show every row that stopped it.
      if (err instanceof ApiError && err.problem.report) show(err.problem.report);
      setText(status, missing ? 'This server does not offer import yet.' : `${dryRun ? 'Check' : 'Import'} failed: ${err.message}`);
      status.classList.add('is-error');
    } finally {
      check.disabled = !(fileInput.files && fileInput.files[0]);
      if (!dryRun || !checked) run.disabled = true;
    }
  }

  check.addEventListener('click', () => send(true));
  run.addEventListener('click', () => {
    if (checked) send(false);
  });

  return {
    /** open shows the dialog. */
    open() {
      d.open();
      fileInput.focus();
    },
  };
}
