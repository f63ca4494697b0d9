/**
 * The legend: colour by kind, size by the dead, ring by how exactly the date is known, and
 * the spread symbols. A Leaflet control, collapsed by default on small screens.
 */

/* global L */

import { el, svg } from '../core/dom.js';
import { KINDS } from '../core/vocab.js';
import { radiusFor } from './events.js';
import { markerStyle } from './events-canvas.js';
import { palette, kindColor, LEGEND_KINDS } from '../core/theme.js';

function circle(style, r, size = 22) {
  return svg('svg', { width: size, height: size, viewBox: `0 0 ${size} ${size}`, 'aria-hidden': 'true', class: 'legend-symbol' },
    svg('circle', {
      cx: size / 2, cy: size / 2, r,
      fill: style.fillColor || 'none', 'fill-opacity': style.fillOpacity ?? 1,
      stroke: style.color || 'none', 'stroke-width': style.weight || 0, 'stroke-dasharray': style.dashArray || null,
    }));
}

function row(symbol, label) {
  return el('li', null, symbol, el('span', { text: label }));
}

/**
 * addLegend puts the legend on the map; highlight adds the halo of a story chapter's events.
 * @param {L.Map} map
 * @param {{open: boolean, highlight?: boolean}} opts
 */
export function addLegend(map, { open, highlight = false }) {
  const Legend = L.Control.extend({
    options: { position: 'bottomleft' },
    onAdd() {
      const neutral = '#5f6670';
      const node = el('details', { class: 'legend', open },
        el('summary', { text: 'Legend' }),
        el('div', { class: 'legend-body' },
          el('p', { class: 'legend-title', text: 'Kind' }),
          el('ul', null, KINDS.map((k) => row(circle(markerStyle(k.id, 'day'), 5.5), k.label))),
          el('p', { class: 'legend-title', text: 'Killed (highest figure)' }),
          el('ul', { class: 'legend-sizes' },
            [[0, 'none'], [10, '10'], [100, '100+']].map(([n, label]) => row(circle({ fillColor: neutral, fillOpacity: 0.6, color: palette.markerEdge, weight: 1 }, radiusFor(n), 40), label))),
          el('p', { class: 'legend-title', text: 'Date known to (faded over its span)' }),
          el('ul', null,
            [['day', 'the day'], ['month', 'the month'], ['season', 'the season'], ['year', 'the year']]
              .map(([p, label]) => row(circle(markerStyle(LEGEND_KINDS.date, p), 6), label))),
          el('p', { class: 'legend-title', text: 'Counts as' }),
          el('ul', null,
            row(circle(markerStyle(LEGEND_KINDS.presence, 'day', 'presence'), 6), 'presence (claimed or attributed)'),
            row(circle(markerStyle(LEGEND_KINDS.presence, 'day', 'alleged'), 6), 'alleged or disputed presence'),
            row(circle(markerStyle(LEGEND_KINDS.named, 'day', 'named'), 6), 'named as a target or audience (threat, propaganda): never reach'),
            row(svg('svg', { width: 22, height: 22, viewBox: '0 0 22 22', 'aria-hidden': 'true', class: 'legend-symbol' },
              svg('circle', { cx: 11, cy: 11, r: 6, fill: kindColor(LEGEND_KINDS.target), 'fill-opacity': 0.5, stroke: kindColor(LEGEND_KINDS.target), 'stroke-width': 1.4 }),
              svg('circle', { cx: 11, cy: 11, r: 2.7, fill: 'none', stroke: kindColor(LEGEND_KINDS.target), 'stroke-width': 1.2 })), 'the point is the target, not where it happened')),
          el('p', { class: 'legend-title', text: 'Spread' }),
          el('ul', null,
            row(svg('svg', { width: 22, height: 14, 'aria-hidden': 'true', class: 'legend-symbol' },
              svg('rect', { x: 1, y: 1, width: 20, height: 12, fill: palette.reached, stroke: palette.borders })), 'Country reached'),
            row(svg('svg', { width: 22, height: 14, 'aria-hidden': 'true', class: 'legend-symbol' },
              svg('rect', { x: 1, y: 1, width: 20, height: 12, fill: palette.land, stroke: palette.borders }),
              svg('path', { d: 'M1 9 L7 3 M5 13 L15 3 M11 13 L21 3 M17 13 L21 9', stroke: palette.reached, 'stroke-width': 2.5 })), 'Presence alleged only'),
            row(svg('svg', { width: 22, height: 14, 'aria-hidden': 'true', class: 'legend-symbol' },
              svg('rect', { x: 1, y: 1, width: 20, height: 12, fill: palette.land, stroke: palette.accent, 'stroke-dasharray': '3 3' })), 'Named as a target only'),
            row(svg('svg', { width: 22, height: 14, 'aria-hidden': 'true', class: 'legend-symbol' },
              svg('path', { d: 'M1 13 A 14 14 0 0 1 21 3', fill: 'none', stroke: palette.accent, 'stroke-width': 1.5, 'stroke-dasharray': '4 3' })), 'Farthest counted reach from base'),
            row(svg('svg', { width: 22, height: 14, 'aria-hidden': 'true', class: 'legend-symbol' },
              svg('path', { d: 'M2 11 Q 11 1 20 7', fill: 'none', stroke: palette.link, 'stroke-width': 1.2, 'stroke-opacity': 0.7 }),
              svg('circle', { cx: 2, cy: 11, r: 2, fill: palette.link })), 'Network link to event'),
            highlight ? row(svg('svg', { width: 22, height: 22, 'aria-hidden': 'true', class: 'legend-symbol' },
              svg('circle', { cx: 11, cy: 11, r: 8, fill: 'none', stroke: palette.highlight, 'stroke-width': 2.5 }),
              svg('circle', { cx: 11, cy: 11, r: 4, fill: neutral })), 'In this chapter') : null)));
      L.DomEvent.disableClickPropagation(node);
      L.DomEvent.disableScrollPropagation(node);
      return node;
    },
  });
  new Legend().addTo(map);
}
