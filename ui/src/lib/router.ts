// A tiny history-API router: the current location as a store, pattern matching and navigation.
// Leaving a page that holds unsaved work asks first (lib/leaveGuard), also on the browser's back button.
import { confirmLeave } from './leaveGuard';
import { createStore, useStore } from './store';

const current = () => window.location.pathname + window.location.search;
export const locationStore = createStore<string>(current());

window.addEventListener('popstate', () => {
  const to = current();
  if (to === locationStore.get()) return;
  if (!confirmLeave()) {
    // the browser has already moved: put the page's own entry back on top
    window.history.pushState(null, '', locationStore.get());
    return;
  }
  locationStore.set(to);
});

/**
 * Goes to `to` unless a page with unsaved work vetoes it; `force` skips that question (a page moving
 * within itself after asking on its own). Returns whether it navigated.
 */
export function navigate(to: string, opts: { replace?: boolean; force?: boolean } = {}): boolean {
  if (to === current()) return true;
  if (!opts.force && !confirmLeave()) return false;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  locationStore.set(current());
  return true;
}

export function useLocation(): { path: string; query: URLSearchParams } {
  const loc = useStore(locationStore);
  const [path, search = ''] = loc.split('?');
  return { path, query: new URLSearchParams(search) };
}

/** `/cases/:id` against `/cases/abc` → {id: 'abc'}; null when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}
