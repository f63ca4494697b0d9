/**
 * Bulk import: a file is first sent as a dry run, previewed as the rows to add, update and
 * reject (line and reason); then imported whole or not at all, or, by explicit choice, its valid
 * rows only. The CSV template and column reference come from the importer's column table.
 */

import { el, setText } from '../core/dom.js';
import { formatNumber } from '../core/format.js';
import { ApiError, importFile, importColumns } from './session.js';
import { createDialog } from './dialog.js';
import { field, select } from './fields.js';

const SHOW_IDS = 200;

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
  const skip = el('button', { type: 'button', class: 'button', id: 'import-skip', text: 'Import the valid rows, skip the rest', hidden: true });
  const columns = el('details', { class: 'import-columns', id: 'import-columns' },
    el('summary', { text: 'CSV columns' }));
  columns.addEventListener('toggle', () => {
    if (columns.open && columns.children.length === 1) loadColumns();
  });
  const status = el('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const report = el('div', { class: 'import-report', id: 'import-report' });
  d.body.append(
    el('p', { text: 'Add or update many events at once from a Westward CSV, a GeoJSON FeatureCollection or an ACLED export. The file is checked first; nothing changes until you import it. A file with rejected rows is not imported unless you choose to skip them.' }),
    el('p', null,
      el('a', { href: '/api/import/template.csv', download: 'westward-template.csv', id: 'import-template', text: 'Download the CSV template' }),
      ' — a header and an example row to fill in.'),
    columns,
    el('div', { class: 'ed-grid-2' },
      field('File', fileInput),
      field('Format', format)),
    status,
    report);
  d.footer.append(
    el('button', { type: 'button', class: 'button', text: 'Close', onclick: () => d.close() }),
    check, skip, run);

  async function loadColumns() {
    const note = el('p', { text: 'Loading…' });
    columns.append(note);
    try {
      const cols = await importColumns();
      note.replaceWith(el('div', { class: 'table-scroll' },
        el('table', { class: 'columns-table' },
          el('thead', null, el('tr', null, ...['Column', 'Required', 'Meaning', 'Example'].map((h) => el('th', { scope: 'col', text: h })))),
          el('tbody', null, cols.map((c) => el('tr', { dataset: { column: c.name } },
            el('td', null, el('code', { text: c.name })),
            el('td', { text: c.required ? 'yes' : 'no' }),
            el('td', { text: c.meaning }),
            el('td', null, c.example ? el('code', { text: c.example }) : null)))))));
    } catch (err) {
      setText(note, `The column reference could not be loaded: ${err.message}`);
    }
  }

  /** checked is the dry run of the file as it is now, or null. */
  let checked = null;

  function reset() {
    checked = null;
    run.disabled = true;
    skip.hidden = true;
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

  function previewRow(what, cls, line, id, reason) {
    return el('tr', { class: cls },
      el('td', { text: what }),
      el('td', { text: line != null ? String(line) : '' }),
      el('td', null, id ? el('code', { text: id }) : null),
      el('td', { text: reason || '' }));
  }

  function show(result) {
    const added = result.added || [];
    const updated = result.updated || [];
    const unchanged = result.unchanged || [];
    const rejected = result.rejected || [];
    const verb = result.dry_run ? 'would be' : 'were';
    const shownAdded = added.slice(0, SHOW_IDS);
    const shownUpdated = updated.slice(0, SHOW_IDS);
    const hidden = added.length - shownAdded.length + updated.length - shownUpdated.length;
    const rows = [
      ...rejected.map((r) => previewRow(result.dry_run ? 'Rejected' : 'Skipped', 'import-rejected', r.line, r.id, r.reason)),
      ...shownAdded.map((id) => previewRow(result.dry_run ? 'Add' : 'Added', 'import-added', null, id, '')),
      ...shownUpdated.map((id) => previewRow(result.dry_run ? 'Update' : 'Updated', 'import-updated', null, id, '')),
    ];
    report.replaceChildren(...[
      el('p', {
        class: 'import-summary',
        text: `${formatNumber(added.length)} ${verb} added, ${formatNumber(updated.length)} ${verb} updated, `
          + `${formatNumber(unchanged.length)} unchanged, ${formatNumber(rejected.length)} rejected.`,
      }),
      rows.length ? el('div', { class: 'table-scroll' },
        el('table', { class: 'reject-table', id: 'import-preview' },
          el('thead', null, el('tr', null, ...['What', 'Line', 'ID', 'Reason'].map((h) => el('th', { scope: 'col', text: h })))),
          el('tbody', null, rows))) : null,
      hidden > 0 ? el('p', { class: 'ed-note', text: `and ${formatNumber(hidden)} more to add or update` }) : null,
    ].filter(Boolean));
  }

  /** send checks the file (dryRun) or imports it, with skipInvalid its valid rows only. */
  async function send(dryRun, skipInvalid = false) {
    const file = fileInput.files && fileInput.files[0];
    if (!file) return;
    const fmt = /** @type {'csv'|'geojson'|'acled'} */ (format.value);
    check.disabled = true;
    run.disabled = true;
    skip.disabled = true;
    setText(status, dryRun ? 'Checking the file…' : 'Importing…');
    status.classList.remove('is-error', 'is-ok');
    try {
      const result = await importFile(file, fmt, dryRun, skipInvalid);
      show(result);
      if (dryRun) {
        checked = result;
        const n = (result.added || []).length + (result.updated || []).length;
        const rejects = (result.rejected || []).length;
        run.disabled = rejects > 0 || n === 0;
        setText(run, n && !rejects ? `Import ${formatNumber(n)} ${n === 1 ? 'event' : 'events'}` : 'Import');
        skip.hidden = !(rejects > 0 && n > 0);
        skip.disabled = skip.hidden;
        setText(skip, `Import the ${formatNumber(n)} valid ${n === 1 ? 'row' : 'rows'}, skip the ${formatNumber(rejects)} rejected`);
        setText(status, rejects ? `Fix the rejected rows and check the file again${n ? ', or import the valid rows and skip the rest' : ''}.`
          : n ? 'The file is fine. Nothing has changed yet.' : 'Nothing to import: every event is already as the file has it.');
        status.classList.toggle('is-error', rejects > 0);
      } else {
        checked = null;
        skip.hidden = true;
        const skipped = (result.rejected || []).length;
        setText(status, skipped ? `Imported the valid rows; ${formatNumber(skipped)} rejected ${skipped === 1 ? 'row was' : 'rows were'} skipped.` : 'Imported.');
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
      if (!dryRun) skip.hidden = true;
      else skip.disabled = skip.hidden;
    }
  }

  check.addEventListener('click', () => send(true));
  run.addEventListener('click', () => {
    if (checked) send(false);
  });
  skip.addEventListener('click', () => {
    if (checked) send(false, true);
  });

  return {
    /** open shows the dialog. */
    open() {
      d.open();
      fileInput.focus();
    },
  };
}
