// Guards against losing unsaved work: a page registers a guard while it holds changes; in-app navigation
// and signing out ask for confirmation first, and closing or reloading the tab gets the browser's prompt.

export interface LeaveGuard {
  /** the question to ask, or null when nothing would be lost right now */
  message: () => string | null;
  /** the user confirmed leaving: drop whatever was kept for them */
  discard?: () => void;
}

const guards = new Set<LeaveGuard>();

export function addLeaveGuard(guard: LeaveGuard): () => void {
  guards.add(guard);
  return () => {
    guards.delete(guard);
  };
}

/** True when leaving is fine: nothing unsaved, or the user confirmed losing it. */
export function confirmLeave(): boolean {
  for (const g of guards) {
    const msg = g.message();
    if (msg === null) continue;
    if (!window.confirm(msg)) return false;
    g.discard?.();
  }
  return true;
}

const pending = () => [...guards].some((g) => g.message() !== null);

window.addEventListener('beforeunload', (e) => {
  if (!pending()) return;
  e.preventDefault();
  // older browsers show the prompt only when returnValue is set
  e.returnValue = '';
});
