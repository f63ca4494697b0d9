/**
 * The sidebar drawer (filters and the event list), its tabs, the skip link and the About
 * dialog: the chrome around the map, on the map page and in the embed.
 */

import { byId } from '../core/dom.js';

/**
 * wireSidebar connects the sidebar drawer, its tabs and the About dialog. onShow runs when a
 * sidebar view comes into sight; the returned function closes the drawer. On a wide screen the
 * map page shows the sidebar beside the map; the embed always draws it as a drawer.
 * @param {L.Map} map
 * @param {{onShow: () => void, embed: boolean, wide: MediaQueryList}} opts
 * @returns {() => void}
 */
export function wireSidebar(map, { onShow, embed, wide }) {
  const sidebar = byId('sidebar');
  const toggle = byId('toggle-sidebar');
  const scrim = byId('scrim');
  const tabs = [byId('tab-filters'), byId('tab-list')];
  const open = (on) => {
    document.body.classList.toggle('sidebar-open', on);
    toggle.setAttribute('aria-expanded', String(on));
    scrim.hidden = !on;
    if (on) {
      tabs.find((t) => t.getAttribute('aria-selected') === 'true').focus();
      onShow();
    }
  };
  toggle.addEventListener('click', () => open(!document.body.classList.contains('sidebar-open')));
  byId('close-sidebar').addEventListener('click', () => {
    open(false);
    toggle.focus();
  });
  scrim.addEventListener('click', () => open(false));
  sidebar.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && document.body.classList.contains('sidebar-open')) {
      open(false);
      toggle.focus();
      e.stopPropagation();
    }
  });
  const choose = (tab) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      byId(t.getAttribute('aria-controls')).hidden = !on;
    }
    onShow();
  };
  for (const tab of tabs) {
    tab.addEventListener('click', () => choose(tab));
    tab.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const next = tabs[(tabs.indexOf(tab) + 1) % tabs.length];
      choose(next);
      next.focus();
      e.preventDefault();
    });
  }
  // The skip link lands on the list: show its tab first.
  const skip = document.querySelector('.skip-link');
  if (skip) {
    skip.addEventListener('click', () => {
      choose(byId('tab-list'));
      if (embed || !wide.matches) open(true);
    });
  }
  const about = /** @type {HTMLDialogElement|null} */ (document.getElementById('about'));
  if (about) {
    byId('open-about').addEventListener('click', () => about.showModal());
    about.addEventListener('click', (e) => {
      if (e.target === about) about.close();
    });
  }
  wide.addEventListener('change', () => {
    if (wide.matches && !embed) open(false);
    map.invalidateSize();
  });
  return () => {
    if (document.body.classList.contains('sidebar-open')) open(false);
  };
}

/**
 * onScreen reports whether a sidebar view is displayed (its tab chosen, the drawer open).
 * @param {HTMLElement} node
 */
export function onScreen(node) {
  const sidebar = byId('sidebar');
  return !node.hidden && !sidebar.hidden && getComputedStyle(sidebar).visibility !== 'hidden';
}
