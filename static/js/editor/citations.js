/**
 * The event's citations: for each source, the verbatim quotes that support the event (at most
 * 30 words each, counted as the editor types) and the figures that source gives, each with
 * the source's own hedge (qualifier) and, where it splits a toll, a subject. Sources that
 * disagree keep their own figures; they are never merged or averaged.
 */

import { el } from '../core/dom.js';
import { MEASURES, QUALIFIERS } from '../core/vocab.js';
import { field, group, input, quoteBox, select, setSelect } from './fields.js';

/** qualifierOptions are the qualifiers as the form offers them ('exactly' for none). */
const qualifierOptions = () => Object.keys(QUALIFIERS).map((q) => [q, QUALIFIERS[q] || 'exactly']);

/**
 * @typedef {{measure: string, value: string|number, qualifier: string, subject?: string}} FigureValue
 * @typedef {{source: string, quotes: string[], figures: FigureValue[]}} CitationValue
 */

/**
 * sourceOptions turns /api/sources into select options: publication, title and date.
 * @param {Array<{id: string, publication: string, title: string, published?: string}>} sources
 * @returns {Array<[string, string]>}
 */
export function sourceOptions(sources) {
  return sources.map((s) => [s.id, [s.publication, s.title].filter(Boolean).join(' — ') + (s.published ? ` (${s.published})` : '')]);
}

/**
 * createCitations builds the sources section.
 * @param {{sources: () => Array<[string, string]>, onChange: () => void}} opts
 */
export function createCitations({ sources, onChange }) {
  const list = el('ol', { class: 'citations' });
  const add = el('button', {
    type: 'button', class: 'button ed-add', text: '+ Add a source',
    onclick: () => mutate((v) => v.push({ source: '', quotes: [''], figures: [] }), (n) => `[data-param="sources[${n - 1}].source"]`),
  });
  const node = group('Sources', 'sources',
    el('p', { class: 'ed-note', text: 'Quote each source word for word (at most 30 words a quote) and give its figures with its own hedge.' }),
    list, add);
  node.classList.add('ed-section');

  /** @type {CitationValue[]} */
  let shown = [];

  function mutate(fn, focusSelector) {
    const v = readRaw();
    fn(v);
    render(v);
    onChange();
    if (focusSelector) {
      const target = /** @type {HTMLElement|null} */ (list.querySelector(focusSelector(v.length, v)));
      if (target) target.focus();
      else add.focus();
    }
  }

  function figureRow(f, i, k) {
    const at = `sources[${i}].figures[${k}]`;
    const measure = select(MEASURES.map((m) => [m.id, m.label]), { placeholder: 'Choose…', value: f.measure || '' });
    const qualifier = select(qualifierOptions(), { value: f.qualifier || 'exact' });
    const value = input({ type: 'number', min: '0', step: '1', inputmode: 'numeric', class: 'ed-input ed-input-number' });
    value.value = f.value == null ? '' : String(f.value);
    const subject = input({ placeholder: 'e.g. US troops', maxlength: '200' });
    subject.value = f.subject || '';
    return el('li', { class: 'figure-row', dataset: { row: 'figure' } },
      field('Measure', measure, { param: `${at}.measure` }),
      field('Hedge', qualifier, { param: `${at}.qualifier` }),
      field('Number', value, { param: `${at}.value` }),
      field('Subject (optional)', subject, { param: `${at}.subject`, className: 'ed-field-subject' }),
      el('button', {
        type: 'button', class: 'icon-button ed-remove', 'aria-label': `Remove figure ${k + 1} of source ${i + 1}`,
        onclick: () => mutate((v) => v[i].figures.splice(k, 1), () => `[data-param="sources[${i}].figures"] .ed-add`),
      }, '×'));
  }

  function citationBlock(c, i) {
    const src = select(sources(), { placeholder: 'Choose a source…' });
    setSelect(src, c.source || '');
    const quotes = c.quotes.map((q, j) => {
      const { textarea, count } = quoteBox(q);
      return el('li', { class: 'quote-row', dataset: { row: 'quote' } },
        field(`Quote ${j + 1}`, textarea, { param: `sources[${i}].quotes[${j}]`, after: count }),
        c.quotes.length > 1 ? el('button', {
          type: 'button', class: 'icon-button ed-remove', 'aria-label': `Remove quote ${j + 1} of source ${i + 1}`,
          onclick: () => mutate((v) => v[i].quotes.splice(j, 1), () => `[data-param="sources[${i}].quotes[${Math.max(0, j - 1)}]"]`),
        }, '×') : null);
    });
    const figures = c.figures.map((f, k) => figureRow(f, i, k));
    return el('li', { class: 'citation ed-card', dataset: { row: 'citation' } },
      el('div', { class: 'ed-card-head' },
        el('h3', { class: 'ed-card-title', text: `Source ${i + 1}` }),
        el('button', {
          type: 'button', class: 'link-button ed-danger-link', text: 'Remove source',
          'aria-label': `Remove source ${i + 1}`,
          onclick: () => mutate((v) => v.splice(i, 1), () => '.citation:last-child select'),
        })),
      field('Publication', src, { param: `sources[${i}].source` }),
      group('Quotes', `sources[${i}].quotes`,
        el('ol', { class: 'quote-list' }, quotes),
        el('button', {
          type: 'button', class: 'button ed-add', text: '+ Add a quote',
          onclick: () => mutate((v) => v[i].quotes.push(''), (n, v) => `[data-param="sources[${i}].quotes[${v[i].quotes.length - 1}]"]`),
        })),
      group('Figures', `sources[${i}].figures`,
        figures.length ? el('ol', { class: 'figure-list' }, figures) : el('p', { class: 'ed-note', text: 'No figures from this source.' }),
        el('button', {
          type: 'button', class: 'button ed-add', text: '+ Add a figure',
          onclick: () => mutate((v) => v[i].figures.push({ measure: '', value: '', qualifier: 'exact', subject: '' }),
            (n, v) => `[data-param="sources[${i}].figures[${v[i].figures.length - 1}].measure"]`),
        })));
  }

  function render(cites) {
    shown = cites;
    list.replaceChildren(...cites.map(citationBlock));
  }

  /** readRaw returns the section's values as typed. @returns {CitationValue[]} */
  function readRaw() {
    return [...list.querySelectorAll(':scope > .citation')].map((block) => ({
      source: /** @type {HTMLSelectElement} */ (block.querySelector('select')).value,
      quotes: [...block.querySelectorAll('.quote-input')].map((t) => /** @type {HTMLTextAreaElement} */ (t).value),
      figures: [...block.querySelectorAll('[data-row="figure"]')].map((row) => {
        const [measure, qualifier] = row.querySelectorAll('select');
        const [value, subject] = row.querySelectorAll('input');
        return { measure: measure.value, qualifier: qualifier.value, value: value.value, subject: subject.value };
      }),
    }));
  }

  return {
    node,
    /** set shows the event's citations. @param {any[]} cites */
    set(cites) {
      render((cites || []).map((c) => ({
        source: c.source || '',
        quotes: c.quotes && c.quotes.length ? [...c.quotes] : [''],
        figures: (c.figures || []).map((f) => ({ ...f })),
      })));
    },
    /**
     * read returns the citations as the API takes them, and the errors the page can name
     * before asking the server (a figure that is not a whole number).
     * @returns {{value: any[], errors: Array<{param: string, message: string}>}}
     */
    read() {
      const errors = [];
      const value = readRaw().map((c, i) => ({
        source: c.source,
        quotes: c.quotes.map((q) => q.trim()),
        figures: c.figures.map((f, k) => {
          const text = String(f.value).trim();
          const n = Number(text);
          if (text === '' || !Number.isInteger(n) || n < 0) {
            errors.push({ param: `sources[${i}].figures[${k}].value`, message: 'Enter a whole number, 0 or more.' });
          }
          const out = { measure: f.measure, value: n, qualifier: f.qualifier };
          if (f.subject && f.subject.trim()) out.subject = f.subject.trim();
          return out;
        }),
      }));
      return { value, errors };
    },
    /** count is the number of citations shown. */
    get count() {
      return shown.length;
    },
  };
}
