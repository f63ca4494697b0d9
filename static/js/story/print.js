/**
 * The printed story: a title page, then every chapter on its own page with a static SVG map of
 * that chapter (snapshot.js), its narrative and its events with their sources. The print view
 * is built when the reader prints (beforeprint, the print media query, or the Print button),
 * from the data already loaded, so printing waits for nothing. css/print.css shows it and
 * hides the interactive page.
 */

import { el } from '../core/dom.js';
import { DEFAULTS } from '../core/state.js';
import { formatDay, placeText } from '../core/format.js';
import { matcher } from '../map/filters.js';
import { computeReach, reachAt } from '../map/reach.js';
import { timeOf, reachChoice } from '../map/viewer.js';
import { chapterLabel } from './chapter.js';
import { drawSnapshot } from './snapshot.js';
import { kindColor } from '../core/theme.js';

/**
 * createPrintView fills root with the print layout when asked.
 * @param {HTMLElement} root
 * @param {{story: any, data: import('../map/viewer.js').MapData, stateOf: (i: number) => Partial<import('../core/state.js').State>}} opts
 */
export function createPrintView(root, { story, data, stateOf }) {
  let topo = null;
  let builtWith;
  data.basemap().then((t) => {
    topo = t;
  }, () => {});
  const { model, sources } = data;
  const base = data.spread.base ? data.spread.base.coordinates : null;

  function chapterPage(c, i) {
    const s = { ...DEFAULTS, ...stateOf(i) };
    const { t, from } = timeOf(s);
    const pass = matcher(s);
    const shown = model.events.filter((ev) => ev.s <= t && ev.e >= from && pass(ev));
    const now = reachAt(computeReach(model.events, pass, { base, includeAlleged: reachChoice(s).includeAlleged }), t);
    const reached = now.reached;
    const step = now.step;
    const highlighted = new Set(c.events || []);
    const view = s.view || { lat: 38, lng: 48, zoom: 3 };
    const map = drawSnapshot({
      topo, view, events: shown, highlighted, reached,
      base: data.spread.base ? data.spread.base.coordinates : null, frontierKm: step ? step.km : 0,
      title: `Map of chapter ${i + 1}: ${shown.length} events shown, the chapter's own haloed`,
    });
    const cited = (c.events || []).map((id) => model.byId.get(id)).filter(Boolean);
    return el('section', { class: 'print-chapter' },
      el('p', { class: 'print-kicker', text: `Chapter ${i + 1} of ${story.chapters.length} · ${chapterLabel(c)} · ${c.mode === 'window' ? 'events in this period' : 'every event to date'}` }),
      el('h2', { class: 'print-title', text: c.title }),
      el('figure', { class: 'print-map' }, map,
        el('figcaption', { text: `${shown.length} events shown; ringed: the events this chapter cites. Dashed circle: ISKP’s farthest reach from its base. Borders: Natural Earth.` })),
      String(c.narrative).split(/\n\s*\n/).map((p) => el('p', { class: 'print-narrative', text: p.trim() })),
      cited.length ? el('h3', { class: 'print-events-title', text: 'Events in this chapter' }) : null,
      cited.length ? el('ol', { class: 'print-events' }, cited.map((ev) => {
        const names = [...new Set((ev.props.sources || []).map((x) => (sources.get(x.source) || { publication: x.source }).publication))];
        const swatch = el('span', { class: 'print-swatch', 'aria-hidden': 'true' });
        swatch.style.background = kindColor(ev.kind);
        return el('li', null, swatch,
          el('strong', { text: ev.title }),
          el('span', { text: ` — ${ev.props.date_label || formatDay(ev.s)}, ${placeText(ev.props.place, ev.countryName)}.` }),
          names.length ? el('span', { class: 'print-sources', text: ` Sources: ${names.join('; ')}.` }) : null);
      })) : null);
  }

  function build() {
    if (builtWith === topo && root.childElementCount) return;
    builtWith = topo;
    const printed = new Date();
    root.replaceChildren(
      el('section', { class: 'print-cover' },
        el('p', { class: 'print-kicker', text: 'Westward · a story in ' + story.chapters.length + ' chapters' }),
        el('h1', { text: story.title }),
        story.summary ? el('p', { class: 'print-summary', text: story.summary }) : null,
        el('ol', { class: 'print-toc' }, story.chapters.map((c) => el('li', null, el('strong', { text: c.title }), ` — ${chapterLabel(c)}`))),
        el('p', { class: 'print-foot', text: `Printed ${printed.toISOString().slice(0, 10)} from ${location.origin}${location.pathname}. Every event on the map is traced to its published sources.` })),
      ...story.chapters.map(chapterPage));
  }

  window.addEventListener('beforeprint', build);
  window.matchMedia('print').addEventListener('change', (e) => {
    if (e.matches) build();
  });
  return { build };
}
