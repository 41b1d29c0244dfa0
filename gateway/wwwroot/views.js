// The page's views, one shown at a time: the game ('play'), a profile, the leaderboard and the live games. The tabs in
// the top bar switch between them; the tab of the view shown carries aria-current.

const VIEW_IDS = {
  play: 'play-view',
  profile: 'profile-view',
  leaderboard: 'leaderboard-view',
  live: 'live-view',
};

let shown = 'play';

export const currentView = () => shown;

/** Calls `onTab(view)` when a tab is pressed (the caller decides what to load, then shows the view). */
export function bindTabs(onTab) {
  for (const tab of document.querySelectorAll('.view-tab[data-view]')) {
    tab.addEventListener('click', () => onTab(tab.dataset.view));
  }
}

/**
 * Shows `view` and hides the others. A view other than the game takes the keyboard focus on its heading, so that
 * screen reader and keyboard users land in what they opened.
 */
export function showView(view) {
  if (!Object.hasOwn(VIEW_IDS, view)) return;
  const changed = view !== shown;
  shown = view;
  for (const [name, id] of Object.entries(VIEW_IDS)) document.getElementById(id).hidden = name !== view;
  for (const tab of document.querySelectorAll('.view-tab[data-view]')) {
    if (tab.dataset.view === view) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  if (changed && view !== 'play') document.querySelector(`#${VIEW_IDS[view]} h2`)?.focus();
}
