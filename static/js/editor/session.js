/**
 * The editor's client of Westward's API. Every request goes to this origin with the session
 * cookie; unsafe requests, and the reads only editors may make (the geocoder), carry the
 * session's CSRF token in X-CSRF-Token. Failures are thrown
 * as ApiError, which keeps the problem+json body's `parameter` so a form can point at the
 * field at fault.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MAX_PAGE = 10000;
const ITEMS = '/api/collections/events/items';

let csrfToken = '';

/** ApiError is a failed request: status 0 when the server could not be reached. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {{title?: string, detail?: string, parameter?: string}} problem
   */
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    /** parameter names the input at fault ("title", "sources[1].quotes[0]"), or "". */
    this.parameter = problem.parameter || '';
    this.problem = problem;
  }
}

/**
 * setCSRF keeps the token /api/login or /api/me returned, for the unsafe requests that follow.
 * @param {string} token
 */
export function setCSRF(token) {
  csrfToken = token || '';
}

/**
 * request sends one request and returns its JSON body (null for 204). `json` is sent as
 * JSON; `body` as is, with `contentType`.
 * @param {string} method
 * @param {string} path
 * @param {{json?: any, body?: BodyInit, contentType?: string, query?: Record<string, string>, signal?: AbortSignal, editorOnly?: boolean}} [opts]
 * @returns {Promise<any>}
 */
export async function request(method, path, opts = {}) {
  return (await send(method, path, opts)).data;
}

/**
 * requestTagged is request that also returns the answer's ETag, which the next write of that
 * event sends as If-Match (opts.ifMatch). @returns {Promise<{data: any, etag: string}>}
 */
export async function requestTagged(method, path, opts = {}) {
  const { data, res } = await send(method, path, opts);
  return { data, etag: res.headers.get('ETag') || '' };
}

/** send is request's body, keeping the response for its headers. */
async function send(method, path, opts) {
  const headers = { Accept: 'application/json, application/geo+json, application/problem+json' };
  let body = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['Content-Type'] = 'application/json';
  } else if (opts.contentType) {
    headers['Content-Type'] = opts.contentType;
  }
  if (!SAFE_METHODS.has(method) || opts.editorOnly) headers['X-CSRF-Token'] = csrfToken;
  if (opts.ifMatch) headers['If-Match'] = opts.ifMatch;
  const query = opts.query ? new URLSearchParams(opts.query).toString() : '';
  let res;
  try {
    res = await fetch(query ? `${path}?${query}` : path, {
      method, headers, body, credentials: 'same-origin', cache: 'no-store', signal: opts.signal,
    });
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError(0, { detail: 'The server could not be reached. Check the connection and try again.' });
  }
  if (res.status === 204) return { data: null, res };
  const type = res.headers.get('Content-Type') || '';
  let data = null;
  if (type.includes('json')) {
    try {
      data = await res.json();
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const problem = data && typeof data === 'object' ? data : {};
    if (!problem.detail) problem.detail = `The server answered ${res.status} ${res.statusText || ''}`.trim() + '.';
    throw new ApiError(res.status, problem);
  }
  return { data, res };
}

/**
 * me returns the signed-in user and the session's CSRF token; ApiError 401 when signed out.
 * @returns {Promise<{user: {id: number, username: string, role: string}, csrf_token: string}>}
 */
export function me() {
  return request('GET', '/api/me');
}

/**
 * login starts a session.
 * @param {string} username
 * @param {string} password
 */
export function login(username, password) {
  return request('POST', '/api/login', { json: { username, password } });
}

/** logout ends the session on the server. */
export function logout() {
  return request('POST', '/api/logout');
}

/**
 * listEvents returns every event matching the full-text query q (all when q is empty).
 * @param {string} q
 * @param {AbortSignal} [signal]
 * @returns {Promise<any[]>}
 */
export async function listEvents(q, signal) {
  const query = { limit: String(MAX_PAGE) };
  if (q) query.q = q;
  const first = await request('GET', ITEMS, { query, signal });
  const features = first.features || [];
  const total = Number.isFinite(first.numberMatched) ? first.numberMatched : features.length;
  while (features.length < total) {
    const page = await request('GET', ITEMS, { query: { ...query, offset: String(features.length) }, signal });
    if (!page.features || page.features.length === 0) break;
    features.push(...page.features);
  }
  return features;
}

/** itemPath is the URL path of one event. @param {string} id */
function itemPath(id) {
  return `${ITEMS}/${encodeURIComponent(id)}`;
}

/**
 * getEvent returns one event as a GeoJSON feature, with the ETag its next write sends.
 * @param {string} id
 * @returns {Promise<{feature: any, etag: string}>}
 */
export async function getEvent(id) {
  const { data, etag } = await requestTagged('GET', itemPath(id));
  return { feature: data, etag };
}

/**
 * saveEvent creates (id null) or replaces the event, with If-Match the ETag the form was filled
 * from, so a save by someone else in between is answered 412, not overwritten. confirmOutside
 * keeps a point outside the stated country.
 * @param {string|null} id
 * @param {any} feature
 * @param {{confirmOutside?: boolean, etag?: string}} [opts]
 */
export async function saveEvent(id, feature, { confirmOutside = false, etag = '' } = {}) {
  const query = confirmOutside ? { confirm: 'outside_country' } : undefined;
  const r = id == null
    ? await requestTagged('POST', ITEMS, { json: feature, query })
    : await requestTagged('PUT', itemPath(id), { json: feature, query, ifMatch: etag });
  return { feature: r.data, etag: r.etag };
}

/** patchEvent merges a JSON Merge Patch into the event, if it is still the version etag names. */
export async function patchEvent(id, patch, etag) {
  const r = await requestTagged('PATCH', itemPath(id), { json: patch, ifMatch: etag });
  return { feature: r.data, etag: r.etag };
}

/** deleteEvent removes an event if it is still the version etag names; its history stays. */
export function deleteEvent(id, etag) {
  return request('DELETE', itemPath(id), { ifMatch: etag });
}

/**
 * history lists an event's revisions, newest first.
 * @param {string} id
 * @returns {Promise<{event: string, revisions: Array<{revision: number, action: string, by: string, at: string, changed: string[]}>}>}
 */
export function history(id) {
  return request('GET', `${itemPath(id)}/history`);
}

/**
 * revision returns the event as it stood after revision n.
 * @param {string} id
 * @param {number} n
 */
export function revision(id, n) {
  return request('GET', `${itemPath(id)}/history/${n}`);
}

/**
 * restore brings the event back to revision n if it is still the version etag names ("" for a
 * deleted event) and returns it with its new ETag.
 */
export async function restore(id, n, etag) {
  const { data, etag: next } = await requestTagged('POST', `${itemPath(id)}/history/${n}/restore`, { ifMatch: etag });
  return { feature: data, etag: next };
}

/**
 * sources lists the publications events may cite.
 * @returns {Promise<Array<{id: string, publication: string, title: string, published: string}>>}
 */
export async function sources() {
  const body = await request('GET', '/api/sources');
  return body.sources || [];
}

/**
 * geocode returns ranked candidate places for a typed name; country is a preference.
 * @param {string} q
 * @param {string} country
 * @param {AbortSignal} [signal]
 * @returns {Promise<{results: Array<{name: string, country: string, country_name: string, coordinates: number[], precision: string, population?: number}>, attribution: string}>}
 */
export function geocode(q, country, signal) {
  const query = { q };
  if (/^[A-Za-z]{2}$/.test(country || '')) query.country = country.toUpperCase();
  return request('GET', '/api/geocode', { query, signal, editorOnly: true });
}

/**
 * importFile sends a Westward CSV, a GeoJSON FeatureCollection or an ACLED export to the
 * importer; dryRun only reports what it would do. A refused real run is an ApiError whose
 * problem holds the report.
 * @param {Blob} file
 * @param {'csv'|'geojson'|'acled'} format
 * @param {boolean} dryRun
 * @param {boolean} [skipInvalid] import the valid rows and report the rest, not all or nothing
 * @returns {Promise<{dry_run: boolean, added: string[], updated: string[], unchanged: string[], rejected: Array<{line: number, id: string, reason: string}>}>}
 */
export function importFile(file, format, dryRun, skipInvalid = false) {
  const query = { format, dry_run: String(dryRun) };
  if (skipInvalid) query.skip_invalid = 'true';
  return request('POST', '/api/import', {
    body: file,
    contentType: format === 'geojson' ? 'application/geo+json' : 'text/csv',
    query,
  });
}

/** importColumns lists the CSV's columns from the importer's own table. */
export function importColumns() {
  return request('GET', '/api/import/columns');
}

/** derivedId asks the server for the id the importer gives such an event: one rule, not two. */
export async function derivedId(date, place, kind, signal) {
  const body = await request('GET', '/api/import/id', { query: { date, place, kind }, signal, editorOnly: true });
  return body.id;
}
