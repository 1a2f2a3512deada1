// Reports written without a network (on patrol, in a basement) stay on the device as drafts and are sent
// when the network is back — on the browser's `online` event, when the app opens, or by hand. Each draft
// carries the id it was written under (`draftId`): the server opens one case per draft however often it is
// sent (POST /api/reports), so a send whose answer was lost, or two tabs sending together, never opens two
// cases. A draft leaves the device only once the server has answered for it.
// Photos are not kept in a draft: drafts live in localStorage, as text, and photos of a few MB each do not
// fit there (IndexedDB would hold them as blobs; not done yet). The reporter is told, and adds them in the
// first step's form once the case is sent.
import { ApiError, api } from '../api';
import { readStorage, writeStorage } from './storage';
import { createStore } from './store';

export interface ReportDraft {
  draftId: string;
  /** whose draft (a device may be shared: each user sends only their own) */
  user: string;
  savedAt: number;
  body: {
    definitionKey: string;
    gridUnit: string;
    businessKey?: string;
    variables: Record<string, unknown>;
  };
  /** why the server refused it (4xx): kept for the user to see, not sent again by itself */
  refused?: string;
}

const KEY = 'grid.reportDrafts';

function load(): ReportDraft[] {
  try {
    const v = JSON.parse(readStorage(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as ReportDraft[]) : [];
  } catch {
    return [];
  }
}

export const draftsStore = createStore<ReportDraft[]>(load());

function save(list: ReportDraft[]): void {
  writeStorage(KEY, list.length ? JSON.stringify(list) : null);
  draftsStore.set(list);
}

export const newDraftId = () =>
  `r-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}${Math.random().toString(36).slice(2, 6)}`;

export function saveDraft(d: ReportDraft): void {
  save([...load().filter((x) => x.draftId !== d.draftId), d]);
}

export function discardDraft(draftId: string): void {
  save(load().filter((x) => x.draftId !== draftId));
}

/** A network failure (no answer at all), as opposed to the server refusing the report. */
export const isOffline = (err: unknown) =>
  (err instanceof ApiError && err.status === 0) || (typeof navigator !== 'undefined' && !navigator.onLine);

let sending: Promise<number> | null = null;

/**
 * Sends `user`'s drafts (not those already refused); answers how many opened (or found) their case.
 * One run at a time; stops at the first network failure (the rest waits for the next chance).
 */
export function sendDrafts(user: string, onSent?: (caseNo: string | undefined) => void): Promise<number> {
  sending ??= (async () => {
    let sent = 0;
    try {
      for (const d of load().filter((x) => x.user === user && !x.refused)) {
        try {
          // the first step is the starter's, as when sent at once (no double entry)
          const res = await api.submitReport({ draftId: d.draftId, ...d.body, claimFirstTask: true }, true);
          discardDraft(d.draftId);
          sent += 1;
          onSent?.(res.caseNo);
        } catch (err) {
          if (isOffline(err) || (err instanceof ApiError && err.status >= 500)) break;
          // refused (e.g. the form changed meanwhile): kept, marked, for the user to look at
          save(
            load().map((x) =>
              x.draftId === d.draftId
                ? { ...x, refused: err instanceof Error ? err.message : String(err) }
                : x,
            ),
          );
        }
      }
    } finally {
      sending = null;
    }
    return sent;
  })();
  return sending;
}
