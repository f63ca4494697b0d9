/**
 * The story page's keyboard: ← → and PageUp/PageDown (which presenter clickers send) move
 * between chapters, Home and End jump to the first and last, P presents, Esc closes the panel
 * or leaves presenting; the map keeps its own keys when it has focus.
 */

/**
 * onStoryKey handles a keydown on the story page.
 * @param {KeyboardEvent} e
 * @param {{viewer: any, store: any, index: () => number, last: number, go: (i: number, o: {focus: boolean}) => void, presenter: any}} ctx
 */
export function onStoryKey(e, { viewer, store, index, last, go, presenter }) {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
  const target = /** @type {HTMLElement} */ (e.target);
  const tag = target.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable) return;
  if (viewer.mapKey(e)) {
    e.preventDefault();
    return;
  }
  switch (e.key) {
    case 'ArrowRight':
    case 'PageDown':
      go(index() + 1, { focus: true });
      break;
    case 'ArrowLeft':
    case 'PageUp':
      go(index() - 1, { focus: true });
      break;
    case 'Home':
      if (target.closest('.panel')) return;
      go(0, { focus: true });
      break;
    case 'End':
      if (target.closest('.panel')) return;
      go(last, { focus: true });
      break;
    case 'p':
    case 'P':
      presenter.present(!presenter.presenting);
      break;
    case 'Escape':
      if (store.get().sel) document.querySelector('.panel-close')?.click();
      else if (presenter.presenting) presenter.present(false);
      else return;
      break;
    default:
      return;
  }
  e.preventDefault();
}
