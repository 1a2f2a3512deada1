// The scheme repository: every save is a new version of the scheme (documents are never changed), and a
// period is scored with the version in force on its first day — the latest saved version whose validFrom
// is on or before that day. Before any save, the shipped default (version 0) is in force.
import type { Store } from '../store/types.js';
import { isDuplicateKeyError } from '../store/types.js';
import { DEFAULT_SCHEME, DEFAULT_SCHEME_ID } from './default-scheme.js';
import type { Scheme, SchemeBody } from './scheme.js';

export class SchemeVersionConflict extends Error {
  constructor(readonly version: number) {
    super(`scheme version ${version} was saved meanwhile`);
    this.name = 'SchemeVersionConflict';
  }
}

export const shippedScheme = (): Scheme => ({
  ...DEFAULT_SCHEME,
  _id: `${DEFAULT_SCHEME_ID}@0`,
  schemeId: DEFAULT_SCHEME_ID,
  version: 0,
  savedBy: 'system',
  savedAt: 0,
});

export class SchemeRepository {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<Scheme>('assessmentSchemes');
  }

  /** Versions of a scheme, newest first (the shipped one last). */
  async versions(schemeId = DEFAULT_SCHEME_ID, limit = 50): Promise<Scheme[]> {
    const saved = await this.col.find({ schemeId }, { sort: { version: -1 }, limit });
    return schemeId === DEFAULT_SCHEME_ID ? [...saved, shippedScheme()] : saved;
  }

  /** The version in force on `day` (YYYY-MM-DD). */
  async inForce(day: string, schemeId = DEFAULT_SCHEME_ID): Promise<Scheme> {
    const [s] = await this.col.find(
      { schemeId, validFrom: { $lte: day } },
      { sort: { validFrom: -1, version: -1 }, limit: 1 },
    );
    return s ?? shippedScheme();
  }

  /**
   * Saves `body` as the next version. `base`: the version the editor started from — a save on top of a
   * version someone else has already followed is refused (SchemeVersionConflict) rather than lost.
   */
  async save(body: SchemeBody, by: string, at: number, base?: number, schemeId = DEFAULT_SCHEME_ID) {
    const [latest] = await this.col.find({ schemeId }, { sort: { version: -1 }, limit: 1 });
    const current = latest?.version ?? 0;
    if (base !== undefined && base !== current) throw new SchemeVersionConflict(current);
    const version = current + 1;
    const doc: Scheme = {
      ...body,
      _id: `${schemeId}@${version}`,
      schemeId,
      version,
      savedBy: by,
      savedAt: at,
    };
    try {
      await this.col.insert(doc);
    } catch (err) {
      // two saves raced for the same version number: the later one is told, not silently renumbered
      if (isDuplicateKeyError(err)) throw new SchemeVersionConflict(version);
      throw err;
    }
    return doc;
  }
}
