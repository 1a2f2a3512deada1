// Reports written without a network (on patrol, in a basement) stay on the device as drafts and are sent
// when the network is back — on the browser's `online` event, when the app opens, or by hand. Each draft
// carries the id it was written under (`draftId`): the server opens one case per draft however often it is
// sent (POST /api/reports), so a send whose answer was lost, or two tabs sending together, never opens two
// cases. A draft leaves the device only once the server has answered for it.
// A draft's photos are kept beside it as blobs in IndexedDB (draftPhotos.ts: localStorage holds text only) and
// uploaded once its case is open, for the first step, under request ids made from the draft's id, so a send
// repeated after a failure uploads each photo once. The draft goes only when its photos are up too.
import { ApiError, api, describeError } from '../api';
import { deleteDraftPhotos, getDraftPhotos } from './draftPhotos';
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
  /** photos kept with it in IndexedDB (draftPhotos.ts) */
  photos?: number;
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
  const had = load().find((x) => x.draftId === draftId)?.photos;
  save(load().filter((x) => x.draftId !== draftId));
  if (had) void deleteDraftPhotos(draftId).catch(() => undefined);
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
          if (d.photos) {
            const first = res.firstTask && res.firstTask.assignee === user ? res.firstTask.id : undefined;
            const counts: Record<string, number> = {};
            for (const p of await getDraftPhotos(d.draftId)) {
              const i = (counts[p.field] = (counts[p.field] ?? -1) + 1);
              // the same request id as when sent at once: a photo already up is not stored twice
              try {
                await api.uploadAttachment(res.id, new File([p.blob], p.name, { type: p.type }), {
                  taskId: first,
                  field: p.field,
                  requestId: `${d.draftId}.${p.field}.${i}`,
                });
              } catch (err) {
                // no network, or the server failing: the whole draft again later (its case is found, not
                // opened twice); a photo the server refuses (too large, not a photo) is left out
                if (isOffline(err) || !(err instanceof ApiError) || err.status >= 500) throw err;
              }
            }
          }
          discardDraft(d.draftId);
          sent += 1;
          onSent?.(res.caseNo);
        } catch (err) {
          if (isOffline(err) || (err instanceof ApiError && err.status >= 500)) break;
          // refused (e.g. the form changed meanwhile): kept, marked, for the user to look at
          save(load().map((x) => (x.draftId === d.draftId ? { ...x, refused: describeError(err) } : x)));
        }
      }
    } finally {
      sending = null;
    }
    return sent;
  })();
  return sending;
}
