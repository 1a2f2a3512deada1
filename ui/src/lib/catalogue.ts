// The role names and grid levels this server is configured with (GET /api/roles: GRID_LEVELS and the
// seeded role catalogue), read once per session. Until it answers, the default levels of the engine serve.
import { api } from '../api';
import { LEVELS } from './labels';
import { createStore, useStore } from './store';

export interface Catalogue {
  /** role code → name as the server serves it (Chinese) */
  roles: Record<string, string>;
  /** grid levels from the bottom up */
  levels: string[];
  loaded: boolean;
}

const DEFAULT_LEVELS = [...LEVELS];

export const catalogueStore = createStore<Catalogue>({ roles: {}, levels: DEFAULT_LEVELS, loaded: false });

let loading: Promise<Catalogue> | undefined;

/** Loads the catalogue once (again after a failure). */
export function loadCatalogue(): Promise<Catalogue> {
  loading ??= api.roles().then(
    (c) => {
      const next = {
        roles: c.roles ?? {},
        levels: c.levels?.length ? c.levels : DEFAULT_LEVELS,
        loaded: true,
      };
      LEVELS.splice(0, LEVELS.length, ...next.levels);
      catalogueStore.set(next);
      return next;
    },
    (err) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

/** The configured grid levels, bottom up. */
export const gridLevels = (): string[] => catalogueStore.get().levels;

export function useCatalogue(): Catalogue {
  const c = useStore(catalogueStore);
  if (!c.loaded) void loadCatalogue().catch(() => undefined);
  return c;
}
