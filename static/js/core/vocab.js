/**
 * The vocabulary of events: kinds, actors, attributions, precisions, roles, link roles,
 * measures and qualifiers, with their labels. It is written once, in the domain (geo), and
 * reaches the page through the queryables document (GET api/collections/events/queryables,
 * data/queryables.json in a static export): the filterable enumerations are its properties,
 * the rest are under $defs. Colours are presentation and live in theme.js.
 *
 * The lists below are live bindings, empty until loadVocabulary has read the document; each
 * page awaits it before it builds a view, and they do not change after.
 */

import { fetchQueryables } from './api.js';

/** @typedef {{id: string, label: string}} Term */

/** KINDS lists the kinds of event in display order. @type {ReadonlyArray<Term>} */
export let KINDS = [];
/** KIND maps a kind's id to its term. @type {Readonly<Record<string, Term>>} */
export let KIND = {};
/** ACTORS lists who is behind an event, in display order. @type {ReadonlyArray<Term>} */
export let ACTORS = [];
/** ATTRIBUTIONS lists how firmly the sources tie an event to its actor, firmest first. @type {ReadonlyArray<Term>} */
export let ATTRIBUTIONS = [];
/** MEASURES lists what a figure counts, labelled for a heading ("Killed"). @type {ReadonlyArray<Term>} */
export let MEASURES = [];
/** QUALIFIERS turns a figure's qualifier into the words a source used ('' when exact). @type {Readonly<Record<string, string>>} */
export let QUALIFIERS = {};
/** LINK_ROLES names how a linked place relates to an event. @type {Readonly<Record<string, string>>} */
export let LINK_ROLES = {};
/** LOCATION_ROLES says what an event's point stands for. @type {Readonly<Record<string, string>>} */
export let LOCATION_ROLES = {};
/** DATE_PRECISION says, for the reader, how exactly an event's date is known. @type {Readonly<Record<string, string>>} */
export let DATE_PRECISION = {};
/** LOCATION_PRECISION says how exactly an event's point is known. @type {Readonly<Record<string, string>>} */
export let LOCATION_PRECISION = {};

let loading = null;

/**
 * loadVocabulary reads the queryables once and fills the lists above; later calls return the
 * same promise.
 * @returns {Promise<void>}
 */
export function loadVocabulary() {
  if (!loading) loading = fetchQueryables().then(setVocabulary);
  return loading;
}

/**
 * setVocabulary fills the lists from a queryables document.
 * @param {{properties: Record<string, any>, $defs: Record<string, any>}} doc
 */
export function setVocabulary(doc) {
  const terms = (name) => {
    const schema = (doc.properties && doc.properties[name]) || (doc.$defs && doc.$defs[name]);
    if (!schema || !Array.isArray(schema.oneOf)) throw new Error(`queryables: no enumeration ${name}`);
    return Object.freeze(schema.oneOf.map((t) => Object.freeze({ id: String(t.const), label: t.title || '' })));
  };
  const byId = (list) => Object.freeze(Object.fromEntries(list.map((t) => [t.id, t.label])));
  KINDS = terms('kind');
  KIND = Object.freeze(Object.fromEntries(KINDS.map((k) => [k.id, k])));
  ACTORS = terms('actor');
  ATTRIBUTIONS = terms('attribution');
  MEASURES = Object.freeze(terms('measure').map((t) => Object.freeze({ id: t.id, label: capitalize(t.label) })));
  QUALIFIERS = byId(terms('qualifier'));
  LINK_ROLES = byId(terms('link_role'));
  LOCATION_ROLES = byId(terms('location_role'));
  DATE_PRECISION = byId(terms('date_precision'));
  LOCATION_PRECISION = byId(terms('location_precision'));
}

/** labelOf finds the label of id in one of the lists above, falling back to the id. */
export function labelOf(list, id) {
  const item = list.find((x) => x.id === id);
  return item ? item.label : String(id);
}

/** capitalize upper-cases a label's first letter, for a heading. @param {string} s */
export function capitalize(s) {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}
