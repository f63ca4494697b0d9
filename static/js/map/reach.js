/**
 * Reach: which countries the events shown count as reached, by when, and how far the frontier
 * had moved. The rule itself is the server's (geo.Reach): every event arrives with its class,
 * `presence`, `alleged` or `named`, and this module only tallies classes over the events the
 * reader's filters pass, exactly as geo.ComputeSpread does for /api/spread (a browser test
 * holds the two equal). A country counts from the last day its first event's date could be:
 * an event known only to 2022 counts from 31 December 2022, never from 1 January.
 */

/** EARTH_KM is the radius orb's haversine uses (WGS 84's equatorial radius), so that the page
 * and /api/spread measure the same kilometres. */
export const EARTH_KM = 6378.137;

/**
 * distanceKm is the great-circle distance between two [lng, lat] points, as geo.DistanceKm
 * (orb's haversine), rounded to 0.1 km as the API rounds it.
 * @param {number[]} a
 * @param {number[]} b
 */
export function distanceKm(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h))) * 10) / 10;
}

/**
 * @typedef {object} CountryReach
 * @property {string} country
 * @property {number} day      the day it counts from: the last day its first event could be
 * @property {number} earliest the first day that event could be
 * @property {string} precision
 * @property {string} event    the event's id
 */

/**
 * @typedef {object} FrontierStep
 * @property {number} day
 * @property {number} earliest
 * @property {string} precision
 * @property {number} km
 * @property {string} event
 * @property {string} place
 * @property {string} country
 */

/**
 * computeReach tallies the events that pass the filter under the rule: the countries reached,
 * the frontier's steps, and the countries alleged and named apart, each by its first event.
 * @param {import('./events.js').EventRecord[]} events
 * @param {(ev: import('./events.js').EventRecord) => boolean} pass
 * @param {{base: number[], includeAlleged: boolean}} rule
 * @returns {{countries: CountryReach[], frontier: FrontierStep[], alleged: CountryReach[], named: CountryReach[]}}
 */
export function computeReach(events, pass, { base, includeAlleged }) {
  const sorted = events.filter(pass).sort((a, b) => a.e - b.e || a.s - b.s || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = { countries: [], frontier: [], alleged: [], named: [] };
  const seen = { countries: new Set(), alleged: new Set(), named: new Set() };
  const first = (list, ev, country) => {
    if (!country || seen[list].has(country)) return;
    seen[list].add(country);
    out[list].push({ country, day: ev.e, earliest: ev.s, precision: ev.precision, event: ev.id });
  };
  let farthest = -1;
  for (const ev of sorted) {
    const counts = ev.reach === 'presence' || (includeAlleged && ev.reach === 'alleged');
    if (counts) {
      first('countries', ev, ev.country);
      const km = base ? distanceKm(base, [ev.lng, ev.lat]) : 0;
      if (km > farthest) {
        farthest = km;
        out.frontier.push({ day: ev.e, earliest: ev.s, precision: ev.precision, km, event: ev.id, place: ev.props.place, country: ev.country });
      }
    } else if (ev.reach === 'alleged') {
      first('alleged', ev, ev.country);
    } else {
      first('named', ev, ev.country);
    }
    for (const l of ev.props.links || []) {
      if (l.role === 'target') first('named', ev, l.country);
    }
  }
  return out;
}

/**
 * reachAt is the state of reach on day t: the countries reached, those alleged but not
 * reached, those named but neither, and the frontier's step (or null).
 * @param {ReturnType<typeof computeReach>} r
 * @param {number} t
 */
export function reachAt(r, t) {
  const reached = new Set(r.countries.filter((c) => c.day <= t).map((c) => c.country));
  const alleged = new Set(r.alleged.filter((c) => c.day <= t && !reached.has(c.country)).map((c) => c.country));
  const named = new Set(r.named.filter((c) => c.day <= t && !reached.has(c.country) && !alleged.has(c.country)).map((c) => c.country));
  let step = null;
  for (const f of r.frontier) if (f.day <= t) step = f;
  return { reached, alleged, named, step };
}
