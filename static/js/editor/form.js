/**
 * The event form: every field of the model, laid out in the order an editor checks a story
 * (what, when, where, who says so, what it connects to). It reads and writes the API's
 * GeoJSON feature, shows each error next to the field the server names in `parameter`, and
 * knows whether it holds unsaved changes. Saving itself is the app's business.
 */

import { el, setText } from '../core/dom.js';
import { KINDS, ACTORS, ATTRIBUTIONS, LOCATION_PRECISION, LOCATION_ROLES, capitalize } from '../core/vocab.js';
import {
  field, group, input, select, setSelect, showError, clearErrors, focusInto, parseNumber, labelOfParam,
} from './fields.js';
import { createDateInput } from './date.js';
import { createCitations } from './citations.js';
import { createLinks } from './links.js';
import { attachGeocoder } from './geocode.js';
import { createMiniMap } from './minimap.js';
import { formatChanged } from './when.js';

/** described lists a vocabulary's values as "Value — its label". */
const described = (labels) => Object.keys(labels).map((v) => [v, `${capitalize(v)} — ${labels[v]}`]);
const options = (list) => list.map((x) => [x.id, x.label]);

/**
 * createForm builds the form inside root.
 * @param {HTMLElement} root
 * @param {{sources: () => Array<[string, string]>, deriveId: (date: string, place: string, kind: string, signal: AbortSignal) => Promise<string>, onSubmit: () => void, onDelete: () => void, onDiscard: () => void, onBack: () => void}} opts
 *   deriveId answers the id the importer would give such an event (the server's rule, so the
 *   form and a CSV row without an id agree)
 */
export function createForm(root, { sources, deriveId, onSubmit, onDelete, onDiscard, onBack }) {
  let storedId = null;
  let clean = '';
  let idTouched = false;
  /** @type {AbortController|null} */
  let deriving = null;

  const heading = el('h2', { class: 'form-title', id: 'form-title', tabindex: '-1' });
  const changed = el('p', { class: 'form-meta', id: 'last-changed' });
  const back = el('button', { type: 'button', class: 'link-button back-button', text: '← All events', onclick: () => onBack() });

  // What happened
  const id = input({ name: 'id', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none', maxlength: '120' });
  const title = input({ name: 'title', maxlength: '300' });
  const summary = /** @type {HTMLTextAreaElement} */ (el('textarea', { class: 'ed-input', name: 'summary', rows: '4' }));
  const kind = select(options(KINDS), { placeholder: 'Choose…' });
  const actor = select(options(ACTORS), { placeholder: 'Choose…' });
  const attribution = select(options(ATTRIBUTIONS), { placeholder: 'Choose…' });
  const idField = field('ID', id, { param: 'id', hint: 'Made from date, place and kind, as imports do; it cannot change once saved.' });

  // When
  const date = createDateInput({ legend: 'Date', param: 'date', onChange: suggestId });
  const endDate = createDateInput({ legend: 'End date (optional)', param: 'end_date', optional: true });

  // Where
  const place = input({ name: 'place', maxlength: '300', id: 'event-place' });
  const country = input({ name: 'country', maxlength: '2', autocapitalize: 'characters', spellcheck: 'false', class: 'ed-input ed-input-country', placeholder: 'XX' });
  const precision = select(described(LOCATION_PRECISION), { placeholder: 'Choose…' });
  const role = select(described(LOCATION_ROLES));
  const lat = input({ inputmode: 'decimal', class: 'ed-input ed-input-coord', name: 'lat', placeholder: 'e.g. 34.52' });
  const lon = input({ inputmode: 'decimal', class: 'ed-input ed-input-coord', name: 'lon', placeholder: 'e.g. 69.18' });
  const mapBox = el('div', { class: 'minimap', role: 'application', 'aria-label': 'Map of the event’s point: click to place the pin or drag it; arrow keys pan, plus and minus zoom, Enter puts the pin at the centre.', tabindex: '0' });
  const placePopup = attachGeocoder(place, {
    country: () => country.value,
    onPick(c) {
      place.value = c.name;
      country.value = c.country;
      setSelect(precision, c.precision);
      setPoint(c.coordinates[0], c.coordinates[1]);
      minimap.setPoint(c.coordinates[0], c.coordinates[1], { precision: c.precision, recentre: true });
      minimap.highlight(c.country);
      suggestId();
      changedNow();
    },
  });

  // Tags and notes
  const tags = input({ name: 'tags', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none', placeholder: 'e.g. crocus-city-hall, moscow' });
  const notes = /** @type {HTMLTextAreaElement} */ (el('textarea', { class: 'ed-input', name: 'notes', rows: '3' }));

  const citations = createCitations({ sources, onChange: changedNow });
  const links = createLinks({ sources, onChange: changedNow });

  const status = el('p', { class: 'form-status', id: 'form-status', role: 'status', 'aria-live': 'polite' });
  const save = el('button', { type: 'submit', class: 'button button-primary', id: 'save-event', text: 'Save' });
  const discard = el('button', { type: 'button', class: 'button', id: 'discard-event', text: 'Discard changes', onclick: () => onDiscard() });
  const remove = el('button', { type: 'button', class: 'button ed-button-danger', id: 'delete-event', text: 'Delete', onclick: () => onDelete() });

  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'event-form', id: 'event-form', novalidate: true, 'aria-labelledby': 'form-title' },
    el('header', { class: 'form-head' }, back, heading, changed),
    el('fieldset', { class: 'ed-section' },
      el('legend', { text: 'What happened' }),
      idField,
      field('Title', title, { param: 'title' }),
      field('Summary', summary, { param: 'summary', hint: 'What happened, in the dataset’s own words.' }),
      el('div', { class: 'ed-grid-3' },
        field('Kind', kind, { param: 'kind' }),
        field('Actor', actor, { param: 'actor' }),
        field('Attribution', attribution, { param: 'attribution', hint: 'How firmly the sources tie it to the actor.' }))),
    el('fieldset', { class: 'ed-section' },
      el('legend', { text: 'When' }),
      date.node,
      endDate.node),
    el('fieldset', { class: 'ed-section ed-section-place' },
      el('legend', { text: 'Where' }),
      el('div', { class: 'place-layout' },
        el('div', { class: 'place-fields' },
          el('div', { class: 'place-row' },
            field('Place', place, { param: 'place', className: 'ed-field-place', after: placePopup, hint: 'Type a place name and pick a match, or type any name and set the point yourself.' }),
            field('Country', country, { param: 'country', className: 'ed-field-country', hint: 'ISO code' })),
          field('Location precision', precision, { param: 'location_precision' }),
          field('The point is', role, { param: 'location_role', hint: 'Only an occurrence counts as presence on the map; a target, subject or audience is drawn apart.' }),
          group('Point', 'geometry',
            el('div', { class: 'coord-row' }, field('Latitude', lat), field('Longitude', lon)))),
        el('div', { class: 'place-map' }, mapBox,
          el('p', { class: 'ed-hint', text: 'Click the map to place the pin, or drag it; from the keyboard, pan and press Enter. The stated country is outlined.' })))),
    citations.node,
    links.node,
    el('fieldset', { class: 'ed-section' },
      el('legend', { text: 'Tags and notes' }),
      field('Tags', tags, { param: 'tags', hint: 'Lower-case, hyphenated, separated by commas.' }),
      field('Notes', notes, { param: 'notes', hint: 'For readers: what the sources leave open, why a date or place is vague.' })),
    el('div', { class: 'action-bar' },
      el('div', { class: 'action-buttons' }, save, discard, remove),
      status)));
  root.append(form);

  const minimap = createMiniMap(mapBox, {
    onMove(x, y) {
      setPoint(x, y);
      changedNow();
    },
  });

  function setPoint(x, y) {
    lon.value = String(x);
    lat.value = String(y);
  }

  function typedPoint() {
    const x = parseNumber(lon.value);
    const y = parseNumber(lat.value);
    minimap.setPoint(x, y);
  }
  lat.addEventListener('change', typedPoint);
  lon.addEventListener('change', typedPoint);
  country.addEventListener('input', () => {
    country.value = country.value.toUpperCase();
    minimap.highlight(/^[A-Z]{2}$/.test(country.value) ? country.value : '');
  });
  id.addEventListener('input', () => {
    idTouched = id.value !== '';
  });
  place.addEventListener('input', suggestId);
  kind.addEventListener('change', suggestId);
  form.addEventListener('input', changedNow);
  form.addEventListener('change', changedNow);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    onSubmit();
  });

  /** suggestId fills a new event's id from its date, place and kind until the editor types one. */
  async function suggestId() {
    if (storedId !== null || idTouched) return;
    if (deriving) deriving.abort();
    const { value, error } = date.read();
    const where = place.value.trim();
    if (!value || error || !where) {
      id.value = '';
      return;
    }
    const ctl = new AbortController();
    deriving = ctl;
    try {
      const derived = await deriveId(value, where, kind.value, ctl.signal);
      if (deriving === ctl && storedId === null && !idTouched) {
        id.value = derived;
        changedNow();
      }
    } catch {
      // no suggestion: the editor can still type an id, and the server names a bad one
    }
  }

  function changedNow() {
    discard.disabled = snapshot() === clean;
  }

  function snapshot() {
    return JSON.stringify(readFeature().feature);
  }

  /**
   * readFeature builds the GeoJSON feature the API takes, with the errors the page can name
   * without the server.
   * @returns {{feature: any, errors: Array<{param: string, message: string}>}}
   */
  function readFeature() {
    const errors = [];
    const d = date.read();
    if (d.error) errors.push({ param: 'date', message: d.error });
    const e = endDate.read();
    if (e.error) errors.push({ param: 'end_date', message: e.error });
    const x = parseNumber(lon.value);
    const y = parseNumber(lat.value);
    if (!(Math.abs(y) <= 90) || !(Math.abs(x) <= 180)) {
      errors.push({ param: 'geometry', message: 'Set the point: pick a place, click the map, or type a latitude (−90 to 90) and longitude (−180 to 180).' });
    }
    const c = citations.read();
    const l = links.read();
    errors.push(...c.errors, ...l.errors);
    const properties = {
      title: title.value.trim(),
      summary: summary.value.trim(),
      date: d.value,
      kind: kind.value,
      actor: actor.value,
      attribution: attribution.value,
      place: place.value.trim(),
      country: country.value.trim().toUpperCase(),
      location_precision: precision.value,
      location_role: role.value,
      tags: tags.value.split(/[\s,]+/).map((t) => t.trim()).filter(Boolean),
      notes: notes.value.trim(),
      sources: c.value,
      links: l.value,
    };
    if (e.value) properties.end_date = e.value;
    const feature = {
      type: 'Feature',
      id: storedId !== null ? storedId : id.value.trim(),
      geometry: { type: 'Point', coordinates: [x, y] },
      properties,
    };
    return { feature, errors };
  }

  function fill(feature) {
    const p = (feature && feature.properties) || {};
    const coords = feature && feature.geometry && feature.geometry.coordinates;
    id.value = feature && feature.id != null ? String(feature.id) : '';
    title.value = p.title || '';
    summary.value = p.summary || '';
    setSelect(kind, p.kind || '');
    setSelect(actor, p.actor || '');
    setSelect(attribution, p.attribution || '');
    date.set(p.date || '');
    endDate.set(p.end_date || '');
    place.value = p.place || '';
    country.value = p.country || '';
    setSelect(precision, p.location_precision || '');
    setSelect(role, p.location_role || 'occurrence');
    if (coords && coords.length === 2) setPoint(coords[0], coords[1]);
    else {
      lat.value = '';
      lon.value = '';
    }
    tags.value = (p.tags || []).join(', ');
    notes.value = p.notes || '';
    citations.set(p.sources && p.sources.length ? p.sources : (storedId === null ? [{ source: '', quotes: [''] }] : []));
    links.set(p.links || []);
    minimap.setPoint(coords ? coords[0] : NaN, coords ? coords[1] : NaN, { precision: p.location_precision, recentre: true });
    minimap.highlight(p.country || '');
    clearErrors(form);
    setText(status, '');
    status.classList.remove('is-error');
  }

  function setLastChange(at, by) {
    if (!at) {
      setText(changed, storedId === null ? 'Not saved yet.' : 'Last changed: not recorded (from the original dataset).');
      return;
    }
    changed.replaceChildren('Last changed ', el('time', { datetime: at, text: formatChanged(at) }), by ? ` by ${by}` : '');
  }

  return {
    form,
    /** storedId is the id of the event being edited, or null for a new one. */
    get storedId() {
      return storedId;
    },
    /**
     * edit shows a stored event.
     * @param {any} feature
     */
    edit(feature) {
      storedId = String(feature.id);
      idTouched = true;
      fill(feature);
      id.readOnly = true;
      idField.classList.add('is-readonly');
      remove.hidden = false;
      setText(heading, feature.properties.title || storedId);
      setLastChange(feature.properties.updated_at || '', '');
      this.markClean();
    },
    /** create shows an empty form for a new event. */
    create() {
      storedId = null;
      idTouched = false;
      fill({ type: 'Feature', id: '', geometry: null, properties: { sources: [] } });
      id.readOnly = false;
      idField.classList.remove('is-readonly');
      remove.hidden = true;
      setText(heading, 'New event');
      setLastChange('', '');
      this.markClean();
    },
    read: readFeature,
    /**
     * baseline is the feature as the form read it when last marked clean: what the editor's
     * changes are measured against.
     */
    baseline: () => JSON.parse(clean),
    /** isDirty reports unsaved changes. */
    isDirty: () => snapshot() !== clean,
    /** markClean takes the form's current values as saved. */
    markClean() {
      clean = snapshot();
      changedNow();
    },
    /**
     * showErrors shows each error next to its field and focuses the first one on the page.
     * Errors naming nothing on the page are returned.
     * @param {Array<{param: string, message: string}>} errors
     * @returns {Array<{param: string, message: string}>}
     */
    showErrors(errors) {
      clearErrors(form);
      const unplaced = [];
      let first = null;
      for (const e of errors) {
        const target = showError(form, mapParam(e.param, e.message), e.message);
        if (!target) unplaced.push(e);
        else if (!first || (first.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_PRECEDING)) first = target;
      }
      if (first) focusInto(first);
      return unplaced;
    },
    clearErrors: () => clearErrors(form),
    /**
     * labelOf names the field a parameter path points at, for messages ("Title").
     * @param {string} param
     */
    labelOf: (param) => labelOfParam(form, mapParam(param, '')),
    /**
     * setStatus shows a message under the buttons; kind 'error' marks it as one.
     * @param {string} text
     * @param {''|'error'|'ok'} [kind]
     */
    setStatus(text, kind = '') {
      setText(status, text);
      status.classList.toggle('is-error', kind === 'error');
      status.classList.toggle('is-ok', kind === 'ok');
    },
    /** setBusy disables the buttons while a request runs. @param {boolean} busy */
    setBusy(busy) {
      for (const b of [save, discard, remove]) b.disabled = busy;
      form.setAttribute('aria-busy', String(busy));
      if (!busy) changedNow();
    },
    setLastChange,
    /** focusTitle moves the focus to the form's heading. */
    focusTitle: () => heading.focus({ preventScroll: false }),
  };
}

/**
 * mapParam turns the server's parameter into the page's: a body the server could not decode
 * names the JSON field in its message ("Go struct field Event.title"), which is our field.
 * @param {string} param
 * @param {string} message
 */
function mapParam(param, message) {
  if (param !== 'properties' && param !== 'body') return param;
  const m = /\bEvent\.(\w+)/.exec(message || '');
  if (m) return m[1];
  if (/\bdate\b/.test(message || '')) return 'date';
  return param;
}
