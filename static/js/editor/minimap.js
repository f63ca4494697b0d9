/**
 * A small map to place an event's point: Natural Earth borders from the vendored world-atlas
 * TopoJSON (no tiles, nothing from another host), one draggable pin. Clicking the map moves
 * the pin there, dragging it moves it too, Enter on the focused map puts it at the centre, and
 * typed coordinates move it through setPoint.
 */

/* global L, topojson */

import { el } from '../core/dom.js';
import { ALPHA2_TO_NUMERIC, SHAPE_NAME_TO_ALPHA2 } from '../map/countries.js';
import { splitLines, unwrapRings } from '../map/basemap.js';

const LAND = { fillColor: '#f4f2ec', fillOpacity: 1, stroke: false, interactive: false };
const BORDERS = { color: '#c9c2b4', weight: 0.8, opacity: 1, fill: false, interactive: false };
const COAST = { color: '#a9bac6', weight: 0.9, opacity: 1, fill: false, interactive: false };
const HIGHLIGHT = { color: '#a5460a', weight: 1.4, opacity: 0.9, fillColor: '#efd9c4', fillOpacity: 0.55, interactive: false };
const ZOOM_FOR = { venue: 9, city: 6.5, region: 5.5, country: 4 };
const HOME = { center: [36, 45], zoom: 2.5 };

/** The country shapes are fetched once per page and shared. */
let atlas = null;

function loadAtlas() {
  if (!atlas) {
    atlas = fetch('/vendor/world-atlas/countries-50m.json').then((res) => {
      if (!res.ok) throw new Error(`country borders: HTTP ${res.status}`);
      return res.json();
    });
  }
  return atlas;
}

/**
 * createMiniMap draws the map in container and calls onMove(lon, lat) when the editor places
 * or drags the pin.
 * @param {HTMLElement} container
 * @param {{onMove: (lon: number, lat: number) => void}} opts
 */
export function createMiniMap(container, { onMove }) {
  const map = L.map(container, {
    center: HOME.center, zoom: HOME.zoom, minZoom: 1, maxZoom: 13, zoomSnap: 0.5,
    worldCopyJump: true, attributionControl: true,
  });
  map.attributionControl.setPrefix(false);
  const renderer = L.canvas({ padding: 0.3 });
  const pin = L.marker([0, 0], {
    draggable: true, keyboard: true, autoPan: true, title: 'Event location (drag to move)', alt: 'Event location',
    icon: L.divIcon({ className: 'minimap-pin', html: el('span', { class: 'minimap-pin-head' }), iconSize: [24, 24], iconAnchor: [12, 24] }),
  });
  let highlight = null;
  let shapes = null;
  let pendingCountry = '';

  pin.on('dragend', () => {
    const ll = pin.getLatLng().wrap();
    onMove(round(ll.lng), round(ll.lat));
  });
  map.on('click', (ev) => {
    const ll = ev.latlng.wrap();
    place(ll.lat, ll.lng);
    onMove(round(ll.lng), round(ll.lat));
  });
  // From the keyboard: pan with the arrows, then Enter puts the pin at the centre.
  map.on('keydown', (ev) => {
    if (ev.originalEvent.key !== 'Enter' || ev.originalEvent.target !== container) return;
    const ll = map.getCenter().wrap();
    place(ll.lat, ll.lng);
    onMove(round(ll.lng), round(ll.lat));
  });

  loadAtlas().then((topo) => {
    const countries = topojson.feature(topo, topo.objects.countries);
    for (const f of countries.features) unwrapRings(f.geometry);
    shapes = countries;
    L.geoJSON(countries, { renderer, style: () => LAND }).addTo(map);
    const mesh = (filter) => splitLines(topojson.mesh(topo, topo.objects.countries, filter));
    L.geoJSON(mesh((a, b) => a !== b), { renderer, style: BORDERS }).addTo(map);
    L.geoJSON(mesh((a, b) => a === b), { renderer, style: COAST }).addTo(map);
    map.attributionControl.addAttribution('Borders: Natural Earth');
    if (pendingCountry) highlightCountry(pendingCountry);
  }).catch((err) => {
    container.dataset.error = err.message;
  });

  function place(lat, lng) {
    pin.setLatLng([lat, lng]);
    if (!map.hasLayer(pin)) pin.addTo(map);
  }

  function highlightCountry(code) {
    pendingCountry = code;
    if (!shapes) return;
    if (highlight) highlight.remove();
    highlight = null;
    if (!code) return;
    const numeric = ALPHA2_TO_NUMERIC[code];
    const match = shapes.features.filter((f) => (numeric && f.id === numeric)
      || (f.properties && SHAPE_NAME_TO_ALPHA2[f.properties.name] === code));
    if (match.length) highlight = L.geoJSON({ type: 'FeatureCollection', features: match }, { renderer, style: () => HIGHLIGHT }).addTo(map);
  }

  // The map is built, and may be moved, while its section is hidden: follow the container's
  // real size, keeping the centre where it was set.
  const observer = new ResizeObserver(() => map.invalidateSize({ animate: false }));
  observer.observe(container);

  return {
    /**
     * setPoint shows the pin at lon/lat (NaN hides it) and, when asked, centres on it at a
     * zoom fitting the precision.
     * @param {number} lon
     * @param {number} lat
     * @param {{precision?: string, recentre?: boolean}} [opts]
     */
    setPoint(lon, lat, opts = {}) {
      if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
        pin.remove();
        if (opts.recentre) map.setView(HOME.center, HOME.zoom, { animate: false });
        return;
      }
      place(lat, lon);
      if (opts.recentre) map.setView([lat, lon], ZOOM_FOR[opts.precision] || Math.max(map.getZoom(), 5), { animate: false });
    },
    /**
     * highlight outlines the stated country (ISO alpha-2; '' for none), so a point outside it
     * shows at a glance.
     * @param {string} code
     */
    highlight: highlightCountry,
    /** hasPin reports whether the pin is on the map. */
    hasPin: () => map.hasLayer(pin),
    /** pinPoint returns the pin's container point, for tests and keyboard help. */
    pinPoint: () => (map.hasLayer(pin) ? map.latLngToContainerPoint(pin.getLatLng()) : null),
  };
}

function round(x) {
  return Math.round(x * 1e5) / 1e5;
}
