import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../engine/store/sql/sqlite.js';
import { storeContract } from './contract.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'grid-sqlite-'));
storeContract(
  'SQLite',
  () => openSqliteStore(dir),
  () => rm(dir, { recursive: true, force: true }),
);
