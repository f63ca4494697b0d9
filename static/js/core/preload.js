/*
 * Starts the map's first requests while the page's scripts still load. The map pages (map,
 * embed, story) ask for their data only once Leaflet and every module have loaded and run;
 * this classic script, at the top of <body>, asks at once, so the transfer and the parsing of
 * the events overlap with loading the scripts. Not a module: the parser runs a classic script
 * as soon as it arrives, while an async module waits for the scripts before it. It runs after
 * <head>, so it sees a static export's <meta name="westward-data">.
 *
 * api.js takes the answers over by path (takePreloaded); a path listed here that api.js no
 * longer asks for is only fetched in vain, and the browser tests check that no path is
 * requested twice.
 */
'use strict';

(function preload() {
  const exported = document.querySelector('meta[name="westward-data"][content="static"]') != null;
  const paths = exported
    ? ['data/events.geojson', 'data/sources.json', 'data/summary.json', 'data/spread-iskp.json', 'data/config.json']
    : ['api/collections/events/items?limit=10000', 'api/sources', 'api/summary', 'api/spread?actor=iskp', 'api/config'];
  const answers = new Map();
  for (const path of paths) {
    const answer = fetch(path).then((res) => (res.ok ? res.json().then((body) => ({ body })) : { status: res.status }));
    answer.catch(() => {}); // api.js reports a failure when it takes the answer over
    answers.set(path, answer);
  }
  window.westwardPreloaded = answers;
}());
