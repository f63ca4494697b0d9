/**
 * The client of Westward's own API. Everything is fetched from this origin with relative URLs,
 * so the pages work under any path prefix; the page fetches the whole event collection once
 * and filters it in the browser.
 *
 * A static export (westward export DIR) marks its pages with
 * <meta name="westward-data" content="static">; they then read the exported files in data/
 * (data.js DATA, server/export.go ExportFiles) instead of api/, and work from any static file host.
 */

import { DATA, MAX_PAGE, STATIC, dataURL } from './data.js';

/** STATIC is true on the pages of a static export. */
export { STATIC };

// Plain GETs without custom headers.
/**
 * getJSON reads a JSON document from this origin, taking over preload.js's answer when it
 * asked for the same path.
 * @param {string} path a relative URL
 * @returns {Promise<any>}
 */
export async function getJSON(path) {
  const early = takePreloaded(path);
  if (early) {
    const answer = await early;
    if (answer.status) throw new Error(`${path}: HTTP ${answer.status}`);
    return answer.body;
  }
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

/**
 * takePreloaded returns the answer preload.js requested for path, once: {body} or {status}
 * for an HTTP error. Later requests for the same path go to the network.
 * @param {string} path
 * @returns {Promise<{body?: any, status?: number}>|null}
 */
function takePreloaded(path) {
  const answers = /** @type {Map<string, Promise<any>>|undefined} */ (window.westwardPreloaded);
  const answer = answers && answers.get(path);
  if (!answer) return null;
  answers.delete(path);
  return answer;
}

/**
 * fetchHistory returns an event's recorded changes, newest first. A static export has no
 * history (only the server keeps it): it resolves to null there.
 * @param {string} id
 * @returns {Promise<{revisions: {revision: number, action: string, by: string, at: string, changed: string[]}[]} | null>}
 */
export async function fetchHistory(id) {
  if (STATIC) return null;
  return getJSON(`api/collections/events/items/${encodeURIComponent(id)}/history`);
}

/**
 * fetchEvents returns every event as one GeoJSON FeatureCollection, paging with offset when the
 * collection is larger than the server's page limit.
 * @returns {Promise<{features: any[], numberMatched: number}>}
 */
export async function fetchEvents() {
  if (STATIC) {
    const all = await getJSON(dataURL('events'));
    return { features: all.features || [], numberMatched: (all.features || []).length };
  }
  const first = await getJSON(dataURL('events'));
  const features = first.features || [];
  const total = Number.isFinite(first.numberMatched) ? first.numberMatched : features.length;
  while (features.length < total) {
    const page = await getJSON(`${DATA.events.api}?limit=${MAX_PAGE}&offset=${features.length}`);
    if (!page.features || page.features.length === 0) break;
    features.push(...page.features);
  }
  return { features, numberMatched: total };
}

/**
 * fetchSources returns the publications the events cite.
 * @returns {Promise<Array<{id: string, publication: string, title: string, authors: string[], published: string, published_note?: string, url?: string}>>}
 */
export async function fetchSources() {
  const body = await getJSON(dataURL('sources'));
  return body.sources || [];
}

/**
 * fetchSummary returns counts and the dataset's time extent.
 * @returns {Promise<{count: number, extent: {start: string, end: string}}>}
 */
export function fetchSummary() {
  return getJSON(dataURL('summary'));
}

/**
 * fetchSpread returns ISKP's own spread: the base, the first date each country was reached
 * by an ISKP event and the frontier. The frontier is the group's reach, so events by others
 * (IS-inspired, unclear) never move it.
 * @returns {Promise<{base: {name: string, coordinates: number[]}, countries: any[], frontier: any[]}>}
 */
export function fetchSpread() {
  return getJSON(dataURL('spreadISKP'));
}

/**
 * fetchConfig returns the operator's settings (an optional raster tile layer).
 * @returns {Promise<{tile_url: string, tile_attribution: string, version?: string}>}
 */
export function fetchConfig() {
  return getJSON(dataURL('config'));
}

/**
 * fetchStories returns every story with its chapters (see geo/story.go).
 * @returns {Promise<Array<{id: string, title: string, summary: string, chapters: any[]}>>}
 */
export async function fetchStories() {
  const body = await getJSON(dataURL('stories'));
  return body.stories || [];
}

/**
 * fetchQueryables returns the events' queryables (OGC API – Features Part 3): the JSON Schema
 * whose enumerations, with their labels, are the whole vocabulary (see vocab.js).
 * @returns {Promise<any>}
 */
export function fetchQueryables() {
  return getJSON(dataURL('queryables'));
}

/**
 * fetchBasemap returns the vendored Natural Earth TopoJSON.
 * @returns {Promise<any>}
 */
export function fetchBasemap() {
  return getJSON('vendor/world-atlas/countries-50m.json');
}
