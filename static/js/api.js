/**
 * The client of Westward's own API. Everything is fetched from this origin; the page fetches
 * the whole event collection once and filters it in the browser.
 */

const MAX_PAGE = 10000;

// Plain GETs without custom headers, so the events request can reuse the page's preload.
async function getJSON(path) {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

/**
 * fetchEvents returns every event as one GeoJSON FeatureCollection, paging with offset when the
 * collection is larger than the server's page limit.
 * @returns {Promise<{features: any[], numberMatched: number}>}
 */
export async function fetchEvents() {
  const first = await getJSON(`/api/collections/events/items?limit=${MAX_PAGE}`);
  const features = first.features || [];
  const total = Number.isFinite(first.numberMatched) ? first.numberMatched : features.length;
  while (features.length < total) {
    const page = await getJSON(`/api/collections/events/items?limit=${MAX_PAGE}&offset=${features.length}`);
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
  const body = await getJSON('/api/sources');
  return body.sources || [];
}

/**
 * fetchSummary returns counts and the dataset's time extent.
 * @returns {Promise<{count: number, extent: {start: string, end: string}}>}
 */
export function fetchSummary() {
  return getJSON('/api/summary');
}

/**
 * fetchSpread returns the base, the first date each country was reached and the frontier.
 * @returns {Promise<{base: {name: string, coordinates: number[]}, countries: any[], frontier: any[]}>}
 */
export function fetchSpread() {
  return getJSON('/api/spread');
}

/**
 * fetchConfig returns the operator's settings (an optional raster tile layer).
 * @returns {Promise<{tile_url: string, tile_attribution: string, version?: string}>}
 */
export function fetchConfig() {
  return getJSON('/api/config');
}

/**
 * fetchBasemap returns the vendored Natural Earth TopoJSON.
 * @returns {Promise<any>}
 */
export function fetchBasemap() {
  return getJSON('/vendor/world-atlas/countries-50m.json');
}
