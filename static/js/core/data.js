/**
 * The data the pages read, written once: each API request and the file a static export
 * writes for it. preload.js asks for the EARLY ones as the page starts, api.js takes their
 * answers over by the same URL, and server/export.go's ExportFiles lists the same pairs
 * (TestExport_pageReadsTheExportedFiles holds them equal), so a page never asks for a path
 * twice and an export never lacks a file a page reads.
 *
 * It imports nothing, so that preload.js waits for no other module.
 */

/** MAX_PAGE is the page size the events are asked for in (the server's largest). */
export const MAX_PAGE = 10000;

/**
 * DATA maps each data set to its API request and its file in a static export.
 * @type {Readonly<Record<string, {api: string, file: string}>>}
 */
export const DATA = Object.freeze({
  events: { api: 'api/collections/events/items', file: 'data/events.geojson' },
  summary: { api: 'api/summary', file: 'data/summary.json' },
  sources: { api: 'api/sources', file: 'data/sources.json' },
  spread: { api: 'api/spread', file: 'data/spread.json' },
  spreadISKP: { api: 'api/spread?actor=iskp', file: 'data/spread-iskp.json' },
  stories: { api: 'api/stories', file: 'data/stories.json' },
  config: { api: 'api/config', file: 'data/config.json' },
  queryables: { api: 'api/collections/events/queryables', file: 'data/queryables.json' },
});

/** EARLY names the data every map page (map, embed, story) needs before its first draw. */
export const EARLY = Object.freeze(['events', 'sources', 'summary', 'spreadISKP', 'config', 'queryables']);

/** STATIC is true on the pages of a static export (<meta name="westward-data" content="static">). */
export const STATIC = typeof document !== 'undefined'
  && document.querySelector('meta[name="westward-data"][content="static"]') != null;

/**
 * dataURL is the relative URL a page reads name from: the exported file on a static export,
 * else the API request (the events' first page).
 * @param {keyof typeof DATA} name
 * @returns {string}
 */
export function dataURL(name) {
  const d = DATA[name];
  if (STATIC) return d.file;
  return name === 'events' ? `${d.api}?limit=${MAX_PAGE}` : d.api;
}
