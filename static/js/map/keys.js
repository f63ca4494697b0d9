/**
 * The map page's keyboard: play and pause, step through months and years, jump to the ends,
 * walk the event list and close the panel, without stealing keys from form fields, buttons or
 * the map's own keys.
 */

/**
 * onMapKey handles a keydown on the map page or the embed.
 * @param {KeyboardEvent} e
 * @param {{togglePlay: () => void, stepMonth: (n: number) => void, store: any, start: number, end: number, player: any, list: any, viewer: any}} ctx
 */
export function onMapKey(e, { togglePlay, stepMonth, store, start, end, player, list, viewer }) {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
  if (document.querySelector('dialog[open]')) return;
  const target = /** @type {HTMLElement} */ (e.target);
  const tag = target.tagName;
  const type = tag === 'INPUT' ? target.getAttribute('type') : '';
  const typing = tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable
    || (tag === 'INPUT' && type !== 'checkbox' && type !== 'radio');
  if (typing) {
    if (e.key === 'Escape' && tag === 'INPUT' && target.closest('.panel') == null) target.blur();
    return;
  }
  if (viewer.mapKey(e)) {
    e.preventDefault();
    return;
  }
  const activates = tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || type === 'checkbox' || type === 'radio';
  switch (e.key) {
    case ' ':
    case 'Spacebar':
      if (activates) return;
      togglePlay();
      break;
    case 'ArrowLeft':
    case 'ArrowRight':
      if (type === 'radio' || target.getAttribute('role') === 'tab') return;
      stepMonth((e.key === 'ArrowLeft' ? -1 : 1) * (e.shiftKey ? 12 : 1));
      break;
    case 'Home':
    case 'End':
      if (tag === 'BUTTON' && target.closest('.event-list')) return;
      player.pause();
      store.set({ t: e.key === 'Home' ? start : end });
      break;
    case 'j':
    case 'k': {
      const id = list.neighbour(store.get().sel, e.key === 'j' ? 1 : -1);
      if (id) viewer.select(id, { reveal: true, focus: false });
      break;
    }
    case 'Escape':
      if (!store.get().sel) return;
      document.querySelector('.panel-close')?.click();
      break;
    default:
      return;
  }
  e.preventDefault();
}
