/**
 * Small DOM builders. Every string passed here becomes a text node or an attribute value,
 * never markup, so data from the API can be rendered without innerHTML.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Attributes set as properties on HTML elements (their live state differs from the attribute). */
const PROPS = new Set(['hidden', 'checked', 'disabled', 'value', 'selected', 'open', 'indeterminate']);

/**
 * el builds an HTML element. attrs keys: `class`, `text` (textContent), `dataset` (object),
 * `on<event>` (listener), the properties in PROPS, anything else as an attribute (true → "",
 * null/false → skipped). Children may be nodes, strings (as text), arrays, null or false.
 * @param {string} tag
 * @param {Record<string, any>|null} [attrs]
 * @param {...any} children
 * @returns {HTMLElement}
 */
export function el(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children, false);
}

/**
 * svg builds an SVG element the way el builds an HTML one.
 * @param {string} tag
 * @param {Record<string, any>|null} [attrs]
 * @param {...any} children
 * @returns {SVGElement}
 */
export function svg(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children, true);
}

function build(node, attrs, children, isSvg) {
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value == null || value === false) continue;
      if (key === 'class') node.setAttribute('class', value);
      else if (key === 'text') node.textContent = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
      else if (!isSvg && PROPS.has(key)) node[key] = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  appendAll(node, children);
  return node;
}

function appendAll(node, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) appendAll(node, child);
    else node.append(child);
  }
}

/**
 * byId returns the element with the id, or throws: the page's skeleton is static, so a missing
 * element is a bug worth failing loudly on.
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing #${id}`);
  return node;
}

/**
 * setText replaces node's text only when it changed, so per-frame updates cost nothing when
 * the text is stable.
 * @param {Node} node
 * @param {string} text
 */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/**
 * throttle calls fn at most once per `ms`, always running the latest call last.
 * @template {(...args: any[]) => void} F
 * @param {F} fn
 * @param {number} ms
 * @returns {F & {flush: () => void}}
 */
export function throttle(fn, ms) {
  let last = 0;
  let timer = 0;
  let pending = null;
  const run = () => {
    timer = 0;
    last = performance.now();
    const args = pending;
    pending = null;
    if (args) fn(...args);
  };
  const throttled = (...args) => {
    pending = args;
    if (timer) return;
    const wait = ms - (performance.now() - last);
    if (wait <= 0) run();
    else timer = window.setTimeout(run, wait);
  };
  throttled.flush = () => {
    if (timer) window.clearTimeout(timer);
    if (pending) run();
  };
  return /** @type {any} */ (throttled);
}
