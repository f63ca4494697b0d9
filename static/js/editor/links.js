/**
 * The event's network links: places the sources tie to it (where the perpetrators came from,
 * where the cell was directed, transit, money, recruitment), each with its point and the
 * quote of the source that states it. The map draws them as lines to the event.
 */

import { el } from '../core/dom.js';
import { LINK_ROLES, LOCATION_PRECISION, capitalize } from '../core/vocab.js';
import { field, group, input, parseNumber, quoteBox, select, setSelect } from './fields.js';
import { attachGeocoder } from './geocode.js';


/**
 * @typedef {{role: string, place: string, country: string, lat: string, lon: string, location_precision: string, source: string, quote: string}} LinkValue
 */

/**
 * createLinks builds the links section.
 * @param {{sources: () => Array<[string, string]>, onChange: () => void}} opts
 */
export function createLinks({ sources, onChange }) {
  const list = el('ol', { class: 'links-list' });
  const add = el('button', {
    type: 'button', class: 'button ed-add', text: '+ Add a link',
    onclick: () => mutate((v) => v.push(blank()), (n) => `[data-param="links[${n - 1}].role"]`),
  });
  const node = group('Network links', 'links',
    el('p', { class: 'ed-note', text: 'Places the sources connect to this event, each with the quote that says so.' }),
    list, add);
  node.classList.add('ed-section');

  function blank() {
    return { role: '', place: '', country: '', lat: '', lon: '', location_precision: '', source: '', quote: '' };
  }

  function mutate(fn, focusSelector) {
    const v = readRaw();
    fn(v);
    render(v);
    onChange();
    const target = focusSelector ? /** @type {HTMLElement|null} */ (list.querySelector(focusSelector(v.length))) : null;
    (target || add).focus();
  }

  function linkBlock(l, i) {
    const at = `links[${i}]`;
    const role = select(Object.entries(LINK_ROLES), { placeholder: 'Choose…' });
    setSelect(role, l.role);
    const place = input({ maxlength: '300', class: 'ed-input link-place' });
    place.value = l.place;
    const country = input({ maxlength: '2', autocapitalize: 'characters', spellcheck: 'false', class: 'ed-input ed-input-country link-country', placeholder: 'XX' });
    country.value = l.country;
    const lat = input({ inputmode: 'decimal', class: 'ed-input ed-input-coord link-lat', placeholder: 'e.g. 34.52' });
    lat.value = l.lat;
    const lon = input({ inputmode: 'decimal', class: 'ed-input ed-input-coord link-lon', placeholder: 'e.g. 69.18' });
    lon.value = l.lon;
    const precision = select(Object.keys(LOCATION_PRECISION).map((p) => [p, capitalize(p)]), { placeholder: 'Choose…' });
    setSelect(precision, l.location_precision);
    const src = select(sources(), { placeholder: 'Choose a source…' });
    setSelect(src, l.source);
    const { textarea, count } = quoteBox(l.quote);
    const popup = attachGeocoder(place, {
      country: () => country.value,
      onPick(c) {
        place.value = c.name;
        country.value = c.country;
        lon.value = String(c.coordinates[0]);
        lat.value = String(c.coordinates[1]);
        setSelect(precision, c.precision);
        onChange();
      },
    });
    country.addEventListener('input', () => {
      country.value = country.value.toUpperCase();
    });
    return el('li', { class: 'ed-link ed-card', dataset: { row: 'link' } },
      el('div', { class: 'ed-card-head' },
        el('h3', { class: 'ed-card-title', text: `Link ${i + 1}` }),
        el('button', {
          type: 'button', class: 'link-button ed-danger-link', text: 'Remove link', 'aria-label': `Remove link ${i + 1}`,
          onclick: () => mutate((v) => v.splice(i, 1), () => '.ed-link:last-child select'),
        })),
      el('div', { class: 'ed-grid-2' },
        field('Role', role, { param: `${at}.role` }),
        field('Source', src, { param: `${at}.source` })),
      el('div', { class: 'place-row' },
        field('Place', place, { param: `${at}.place`, className: 'ed-field-place', after: popup, hint: 'Type to search places' }),
        field('Country', country, { param: `${at}.country`, className: 'ed-field-country', hint: 'ISO code' })),
      group('Point', `${at}.coordinates`,
        el('div', { class: 'coord-row' },
          field('Latitude', lat),
          field('Longitude', lon),
          field('Precision', precision, { param: `${at}.location_precision` }))),
      field('Quote', textarea, { param: `${at}.quote`, after: count }));
  }

  function render(links) {
    list.replaceChildren(...links.map(linkBlock));
  }

  /** @returns {LinkValue[]} */
  function readRaw() {
    return [...list.querySelectorAll(':scope > .ed-link')].map((block) => {
      const q = (sel) => /** @type {HTMLInputElement} */ (block.querySelector(sel));
      const [role, src] = block.querySelectorAll('.ed-grid-2 select');
      return {
        role: /** @type {HTMLSelectElement} */ (role).value,
        source: /** @type {HTMLSelectElement} */ (src).value,
        place: q('.link-place').value,
        country: q('.link-country').value,
        lat: q('.link-lat').value,
        lon: q('.link-lon').value,
        location_precision: /** @type {HTMLSelectElement} */ (block.querySelector('.coord-row select')).value,
        quote: q('.quote-input').value,
      };
    });
  }

  return {
    node,
    /** set shows the event's links. @param {any[]} links */
    set(links) {
      render((links || []).map((l) => ({
        role: l.role || '', place: l.place || '', country: l.country || '',
        lon: l.coordinates ? String(l.coordinates[0]) : '', lat: l.coordinates ? String(l.coordinates[1]) : '',
        location_precision: l.location_precision || '', source: l.source || '', quote: l.quote || '',
      })));
    },
    /**
     * read returns the links as the API takes them and the errors the page can name itself.
     * @returns {{value: any[], errors: Array<{param: string, message: string}>}}
     */
    read() {
      const errors = [];
      const value = readRaw().map((l, i) => {
        const lat = parseNumber(l.lat);
        const lon = parseNumber(l.lon);
        if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
          errors.push({ param: `links[${i}].coordinates`, message: 'Give a latitude (−90 to 90) and a longitude (−180 to 180), or pick a place.' });
        }
        return {
          role: l.role, place: l.place.trim(), country: l.country.trim().toUpperCase(),
          coordinates: [lon, lat], location_precision: l.location_precision, source: l.source, quote: l.quote.trim(),
        };
      });
      return { value, errors };
    },
  };
}
