/*
 * Westward embed helper, for the pages that embed Westward (it runs on the host's page, not on
 * Westward's). It makes responsive Westward iframes as tall as their content. No dependencies,
 * no cookies, no requests.
 *
 * Use:
 *   <div data-westward-embed><iframe src="https://westward.example/embed?…&height=auto" …></iframe></div>
 *   <script src="https://westward.example/embed.js" async></script>
 *
 * Protocol: an embedded Westward page posts to its parent window, whenever its content height
 * changes (a ResizeObserver on its body) and once when it loads,
 *   parent.postMessage({type: "westward:height", height: N}, "*")
 * with N the content height in CSS pixels. This script listens for message events and accepts
 * one only when
 *   - its origin is the origin this script was loaded from (Westward's), and
 *   - its data is an object with type "westward:height" and a finite number height, and
 *   - it comes from the window of an iframe inside an element marked data-westward-embed;
 * it then sets that iframe's height to N (rounded, kept within 100–20000). Every other message
 * is ignored. Loading the script twice is harmless.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin;
  try {
    origin = new URL(script.src, location.href).origin;
  } catch (err) {
    return;
  }
  var seen = window.__westwardEmbedOrigins || (window.__westwardEmbedOrigins = {});
  if (seen[origin]) return;
  seen[origin] = true;

  window.addEventListener('message', function (event) {
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || typeof data !== 'object' || data.type !== 'westward:height') return;
    var height = data.height;
    if (typeof height !== 'number' || !isFinite(height)) return;
    height = Math.min(20000, Math.max(100, Math.round(height)));
    var frames = document.querySelectorAll('[data-westward-embed] iframe');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow !== event.source) continue;
      frames[i].setAttribute('height', String(height));
      frames[i].style.height = height + 'px';
      return;
    }
  });
}());
