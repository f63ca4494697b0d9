/**
 * The offline basemap: Natural Earth countries (world-atlas TopoJSON, vendored) drawn as
 * Leaflet vector layers on their own canvas, so redrawing events never repaints the land.
 * Country names are placed where they fit, and countries are tinted once the group reaches
 * them. An operator may add a raster tile layer through /api/config; nothing else leaves the
 * origin.
 */

/* global L, topojson */

import { ALPHA2_TO_NUMERIC, SHAPE_NAME_TO_ALPHA2 } from './countries.js';
import { el } from '../core/dom.js';
import { palette } from '../core/theme.js';

const LAND_OVER_TILES = { fillColor: '#000', fillOpacity: 0, stroke: false };
const REACHED_OVER_TILES = { fillColor: '#d55e00', fillOpacity: 0.18, stroke: false };
/** NUMERIC_TO_ALPHA2 maps a world-atlas shape id to the API's country code. */
export const NUMERIC_TO_ALPHA2 = Object.fromEntries(Object.entries(ALPHA2_TO_NUMERIC).map(([a, n]) => [n, a]));
const LABEL_CHAR_PX = 6.9;

/**
 * createBasemap prepares the panes and the optional raster layer; call load() with the
 * TopoJSON to draw the countries.
 * @param {L.Map} map
 * @param {{tile_url?: string, tile_attribution?: string}} config
 */
export function createBasemap(map, config) {
  map.createPane('basemap').style.zIndex = '150';
  map.createPane('labels').style.zIndex = '390';
  const renderer = L.canvas({ pane: 'basemap', padding: 0.5 });
  const tiles = Boolean(config && config.tile_url);
  if (tiles) {
    L.tileLayer(config.tile_url, {
      attribution: escapeText(config.tile_attribution || ''),
      maxZoom: 18,
    }).addTo(map);
  }
  // The theme is fixed before the map is drawn, so the styles are read once.
  const LAND = { fillColor: palette.land, fillOpacity: 1, stroke: false };
  const REACHED = { fillColor: palette.reached, fillOpacity: 1, stroke: false };
  const BORDERS = { color: palette.borders, weight: 0.8, opacity: 1, fill: false, interactive: false };
  const COAST = { color: palette.coast, weight: 0.9, opacity: 1, fill: false, interactive: false };
  /** @type {Map<string, L.Layer[]>} */
  const byCode = new Map();
  /** @type {ReturnType<typeof labelInfo>[]} */
  let labels = [];
  /** @type {Map<string, string>} code → reached | alleged | named, as tinted now */
  let tinted = new Map();
  const ALLEGED = { fillColor: hatch(palette.land, palette.reached, palette.accent), fillOpacity: 1, stroke: false };
  const NAMED = { fillColor: palette.land, fillOpacity: 1, stroke: true, color: palette.accent, weight: 1.2, opacity: 0.8, dashArray: '3 3' };
  const styleFor = (to) => {
    if (tiles) return to === 'reached' ? REACHED_OVER_TILES : LAND_OVER_TILES;
    return { reached: REACHED, alleged: ALLEGED, named: NAMED }[to] || LAND;
  };

  function updateLabels() {
    if (tiles) return;
    const zoom = map.getZoom();
    const scale = 2 ** zoom;
    const view = map.getPixelBounds().pad(0.05);
    const candidates = [];
    for (const info of labels) {
      const w = (info.box.maxX - info.box.minX) * scale;
      const h = (info.box.maxY - info.box.minY) * scale;
      if (w < info.textWidth * 0.8 || h < 12) continue;
      if (info.box.maxX * scale < view.min.x || info.box.minX * scale > view.max.x
        || info.box.maxY * scale < view.min.y || info.box.minY * scale > view.max.y) continue;
      if (!info.latlng) info.latlng = labelPoint(info);
      const p = map.project(info.latlng, zoom);
      if (!view.contains(p)) continue;
      candidates.push({ info, p, area: w * h });
    }
    candidates.sort((a, b) => b.area - a.area);
    const placed = [];
    const keep = new Set();
    for (const { info, p } of candidates) {
      const half = info.textWidth / 2 + 4;
      const rect = [p.x - half, p.y - 9, p.x + half, p.y + 9];
      if (placed.some((r) => r[0] < rect[2] && rect[0] < r[2] && r[1] < rect[3] && rect[1] < r[3])) continue;
      placed.push(rect);
      keep.add(info);
    }
    for (const info of labels) {
      if (keep.has(info)) {
        if (!info.marker) {
          info.marker = L.marker(info.latlng, {
            icon: L.divIcon({ className: 'country-label', html: el('span', { text: info.name }), iconSize: null }),
            pane: 'labels', interactive: false, keyboard: false,
          });
        }
        if (!map.hasLayer(info.marker)) map.addLayer(info.marker);
        const node = info.marker.getElement();
        if (node) node.classList.toggle('is-reached', tinted.get(info.code) === 'reached');
      } else if (info.marker && map.hasLayer(info.marker)) {
        map.removeLayer(info.marker);
      }
    }
  }

  return {
    /**
     * load draws the countries, borders and coastlines from world-atlas TopoJSON.
     * @param {any} topo
     */
    load(topo) {
      const countries = topojson.feature(topo, topo.objects.countries);
      for (const f of countries.features) unwrapRings(f.geometry);
      const layer = L.geoJSON(countries, {
        renderer, interactive: false, style: () => (tiles ? LAND_OVER_TILES : LAND),
        attribution: 'Borders: <a href="https://www.naturalearthdata.com/">Natural Earth</a>',
      });
      layer.eachLayer((shape) => {
        const f = shape.feature;
        const code = NUMERIC_TO_ALPHA2[f.id] || SHAPE_NAME_TO_ALPHA2[f.properties.name] || '';
        if (!code) return;
        if (!byCode.has(code)) byCode.set(code, []);
        byCode.get(code).push(shape);
      });
      layer.addTo(map);
      if (!tiles) {
        const mesh = (filter) => splitLines(topojson.mesh(topo, topo.objects.countries, filter));
        L.geoJSON(mesh((a, b) => a !== b), { renderer, style: BORDERS }).addTo(map);
        L.geoJSON(mesh((a, b) => a === b), { renderer, style: COAST }).addTo(map);
        labels = countries.features.map((f) => labelInfo(f)).filter(Boolean);
        map.on('moveend', updateLabels);
        updateLabels();
      }
      const wanted = tinted;
      tinted = new Map();
      const by = (k) => new Set([...wanted].filter(([, v]) => v === k).map(([c]) => c));
      this.shade({ reached: by('reached'), alleged: by('alleged'), named: by('named') });
    },
    /**
     * shade tints countries by reach: reached solid, alleged only hatched, named only as a
     * target outlined with a dashed line; every other country untinted.
     * @param {{reached: Set<string>, alleged: Set<string>, named: Set<string>}} tint
     */
    shade(tint) {
      const want = new Map();
      for (const code of tint.named) want.set(code, 'named');
      for (const code of tint.alleged) want.set(code, 'alleged');
      for (const code of tint.reached) want.set(code, 'reached');
      for (const code of new Set([...want.keys(), ...tinted.keys()])) {
        const to = want.get(code) || '';
        if (to === (tinted.get(code) || '')) continue;
        for (const shape of byCode.get(code) || []) shape.setStyle(styleFor(to));
      }
      tinted = want;
      if (!tiles && labels.length) {
        for (const info of labels) {
          const node = info.marker && info.marker.getElement();
          if (node) node.classList.toggle('is-reached', tinted.get(info.code) === 'reached');
        }
      }
    },
  };
}

/**
 * hatch is a canvas pattern of diagonal stripes for countries where presence is only alleged:
 * Leaflet's canvas renderer assigns a style's fillColor to the context's fillStyle, which takes
 * a pattern as well as a colour.
 * @param {string} ground
 * @param {string} stripe
 * @param {string} edge
 */
function hatch(ground, stripe, edge) {
  const c = document.createElement('canvas');
  c.width = 8;
  c.height = 8;
  const g = c.getContext('2d');
  g.fillStyle = ground;
  g.fillRect(0, 0, 8, 8);
  g.strokeStyle = stripe;
  g.lineWidth = 3;
  g.beginPath();
  g.moveTo(-2, 10);
  g.lineTo(10, -2);
  g.stroke();
  g.strokeStyle = edge;
  g.globalAlpha = 0.35;
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(-2, 10);
  g.lineTo(10, -2);
  g.stroke();
  return g.createPattern(c, 'repeat') || stripe;
}

/**
 * unwrapRings moves the western half of rings cut at the antimeridian (Chukotka, Fiji) east
 * of 180°, so that Leaflet does not draw them as a band across the whole map. Antarctica,
 * which really spans every longitude, is left alone.
 */
export function unwrapRings(geometry) {
  if (!geometry) return;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      let min = Infinity;
      let max = -Infinity;
      let south = Infinity;
      for (const [x, y] of ring) {
        min = Math.min(min, x);
        max = Math.max(max, x);
        south = Math.min(south, y);
      }
      if (max - min > 180 && south > -60) for (const p of ring) if (p[0] < 0) p[0] += 360;
    }
  }
}

/** splitLines breaks mesh lines where they jump across the antimeridian. */
export function splitLines(geometry) {
  const out = [];
  for (const line of geometry.coordinates) {
    let part = [line[0]];
    for (let i = 1; i < line.length; i++) {
      if (Math.abs(line[i][0] - line[i - 1][0]) > 180) {
        if (part.length > 1) out.push(part);
        part = [];
      }
      part.push(line[i]);
    }
    if (part.length > 1) out.push(part);
  }
  return { type: 'MultiLineString', coordinates: out };
}

function escapeText(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * labelInfo keeps what label placement needs: the largest ring in zoom-0 pixels and its box.
 * @param {any} feature
 */
export function labelInfo(feature) {
  const g = feature.geometry;
  if (!g) return null;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  let best = null;
  let bestArea = 0;
  for (const polygon of polygons) {
    const ring = polygon[0].map(([lng, lat]) => L.CRS.EPSG3857.latLngToPoint(L.latLng(Math.max(-85, Math.min(85, lat)), lng), 0));
    const area = Math.abs(shoelace(ring));
    if (area > bestArea) {
      bestArea = area;
      best = ring;
    }
  }
  if (!best) return null;
  const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const p of best) {
    box.minX = Math.min(box.minX, p.x);
    box.maxX = Math.max(box.maxX, p.x);
    box.minY = Math.min(box.minY, p.y);
    box.maxY = Math.max(box.maxY, p.y);
  }
  const name = feature.properties.name;
  const code = NUMERIC_TO_ALPHA2[feature.id] || SHAPE_NAME_TO_ALPHA2[name] || '';
  return { name, code, ring: best, box, textWidth: name.length * LABEL_CHAR_PX + 6, latlng: null, marker: null };
}

function shoelace(ring) {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j].x - ring[i].x) * (ring[j].y + ring[i].y);
  return a / 2;
}

/**
 * labelPoint finds a point well inside the ring (a coarse pole of inaccessibility: the grid
 * sample farthest from the edge), so names of concave countries stay on their land.
 * @param {{ring: L.Point[], box: {minX: number, minY: number, maxX: number, maxY: number}}} info
 */
export function labelPoint(info) {
  const { ring, box } = info;
  const step = Math.max(1, Math.floor(ring.length / 300));
  const edge = ring.filter((_, i) => i % step === 0);
  const n = 14;
  let best = null;
  let bestDist = -1;
  for (let gx = 0; gx <= n; gx++) {
    for (let gy = 0; gy <= n; gy++) {
      const x = box.minX + ((box.maxX - box.minX) * (gx + 0.5)) / (n + 1);
      const y = box.minY + ((box.maxY - box.minY) * (gy + 0.5)) / (n + 1);
      if (!inside(ring, x, y)) continue;
      let d = Infinity;
      for (let i = 0, j = edge.length - 1; i < edge.length; j = i++) d = Math.min(d, segDist(x, y, edge[j], edge[i]));
      if (d > bestDist) {
        bestDist = d;
        best = L.point(x, y);
      }
    }
  }
  if (!best) best = L.point((box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2);
  return L.CRS.EPSG3857.pointToLatLng(best, 0);
}

function inside(ring, x, y) {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if ((a.y > y) !== (b.y > y) && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) c = !c;
  }
  return c;
}

function segDist(x, y, a, b) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = dx * dx + dy * dy;
  let t = len ? ((x - a.x) * dx + (y - a.y) * dy) / len : 0;
  t = Math.max(0, Math.min(1, t));
  const px = a.x + t * dx - x;
  const py = a.y + t * dy - y;
  return Math.sqrt(px * px + py * py);
}
