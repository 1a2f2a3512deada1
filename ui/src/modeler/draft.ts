// The modeler's unsaved diagram, kept in localStorage per user while it has changes, so that a session
// expiry (the page is replaced by the login screen) or a closed tab does not lose the edits: the modeler
// offers it back the next time it opens.
import { readStorage, writeStorage } from '../lib/storage';

export interface Draft {
  /** the deployed definition and version it was edited from; absent for a new or imported diagram */
  key?: string;
  version?: number;
  xml: string;
  savedAt: number;
}

const storageKey = (user: string) => `grid.modelerDraft.${user}`;

export function readDraft(user: string | undefined): Draft | null {
  if (!user) return null;
  const raw = readStorage(storageKey(user));
  if (!raw) return null;
  try {
    const d = JSON.parse(raw) as Draft;
    return typeof d?.xml === 'string' && d.xml ? d : null;
  } catch {
    return null;
  }
}

export function writeDraft(user: string | undefined, draft: Draft): void {
  if (user) writeStorage(storageKey(user), JSON.stringify(draft));
}

export function clearDraft(user: string | undefined): void {
  if (user) writeStorage(storageKey(user), null);
}
