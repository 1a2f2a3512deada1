// Command line of the scale benchmark. A wrong option stops with the usage rather than running a long
// benchmark on a size nobody asked for.
import { STORE_KINDS, type StoreKind } from './store.js';

export interface ScaleArgs {
  store: StoreKind;
  closed: number[];
  open: number;
  /** sample cases per bundled process driven through the engine */
  sample: number;
  requests: number;
  warmup: number;
  /** wall seconds one measure may take */
  budgetSeconds: number;
  seed: number;
  databaseUrl?: string;
  /** keep each size's data folder (its product.log) and PostgreSQL database */
  keep: boolean;
  /** V8 CPU profiles of the product into each size's data folder (node --cpu-prof; kept with --keep) */
  cpuProf: boolean;
}

export const USAGE =
  'usage: npm run bench:scale -- [--store sqlite|postgres] [--closed 30000,100000,300000] ' +
  '[--open 10000] [--sample 50] [--requests 200] [--warmup 20] [--budget-seconds 120] [--seed 12] [--database-url URL] [--keep] [--cpu-prof]';

const count = (name: string, v: string | undefined): number => {
  if (!v || !/^\d+$/.test(v)) throw new Error(`${name} needs a whole number, not "${v ?? ''}"\n${USAGE}`);
  return Number(v);
};

export function parseArgs(argv: string[]): ScaleArgs {
  const out: ScaleArgs = {
    store: 'sqlite',
    closed: [30_000, 100_000, 300_000],
    open: 10_000,
    sample: 50,
    requests: 200,
    warmup: 20,
    budgetSeconds: 120,
    seed: 12,
    databaseUrl: process.env.DATABASE_URL || undefined,
    keep: false,
    cpuProf: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    switch (a) {
      case '--store':
        if (!STORE_KINDS.includes(v as StoreKind))
          throw new Error(`--store must be one of ${STORE_KINDS}\n${USAGE}`);
        out.store = v as StoreKind;
        i++;
        break;
      case '--closed':
        out.closed = (v ?? '').split(',').map((x) => count('--closed', x.trim()));
        i++;
        break;
      case '--open':
        out.open = count('--open', v);
        i++;
        break;
      case '--sample':
        out.sample = Math.max(1, count('--sample', v));
        i++;
        break;
      case '--requests':
        out.requests = Math.max(1, count('--requests', v));
        i++;
        break;
      case '--warmup':
        out.warmup = count('--warmup', v);
        i++;
        break;
      case '--budget-seconds':
        out.budgetSeconds = Math.max(1, count('--budget-seconds', v));
        i++;
        break;
      case '--seed':
        out.seed = count('--seed', v);
        i++;
        break;
      case '--database-url':
        out.databaseUrl = v;
        i++;
        break;
      case '--keep':
        out.keep = true;
        break;
      case '--cpu-prof':
        out.cpuProf = true;
        break;
      default:
        throw new Error(`unknown option ${a}\n${USAGE}`);
    }
  }
  return out;
}
