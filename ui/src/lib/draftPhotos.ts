// The photos of an unsent report (lib/drafts.ts), kept on the device as blobs in IndexedDB — the draft
// itself is text in localStorage, where photos of a few MB each do not fit. Keyed by the draft's id; removed
// with the draft once the report and its photos are sent.
export interface DraftPhoto {
  /** the form field the photo was chosen for */
  field: string;
  name: string;
  type: string;
  blob: Blob;
}

const DB = 'grid-report-drafts';
const STORE = 'photos';

function db(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB unavailable'));
  });
}

async function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  const d = await db();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = d.transaction(STORE, mode);
      const req = op(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result as T);
      tx.onerror = () => reject(tx.error ?? new Error('indexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('indexedDB write aborted'));
    });
  } finally {
    d.close();
  }
}

export const putDraftPhotos = (draftId: string, photos: DraftPhoto[]) =>
  run<IDBValidKey>('readwrite', (s) => s.put(photos, draftId));

export const getDraftPhotos = async (draftId: string): Promise<DraftPhoto[]> =>
  (await run<DraftPhoto[] | undefined>('readonly', (s) => s.get(draftId))) ?? [];

export const deleteDraftPhotos = (draftId: string) => run<undefined>('readwrite', (s) => s.delete(draftId));
