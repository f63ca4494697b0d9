/*
 * Starts the map's first requests while the page's scripts still load. The map pages (map,
 * embed, story) ask for their data only once Leaflet and every module have loaded and run;
 * this module, loaded async at the top of <body> with only data.js (preloaded in <head>) to
 * wait for, asks at once, so the transfer and the parsing of the events overlap with loading
 * the scripts. It runs after <head>, so it sees a static export's <meta name="westward-data">.
 *
 * api.js takes the answers over by URL (takePreloaded); both read the URLs from data.js, and
 * the browser tests check that no path is requested twice.
 */

import { EARLY, dataURL } from './data.js';

const answers = new Map();
for (const name of EARLY) {
  const path = dataURL(name);
  const answer = fetch(path).then((res) => (res.ok ? res.json().then((body) => ({ body })) : { status: res.status }));
  answer.catch(() => {}); // api.js reports a failure when it takes the answer over
  answers.set(path, answer);
}
window.westwardPreloaded = answers;
