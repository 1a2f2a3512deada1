// HTTP settings from the environment, shared by the entry points that serve the API (npm start, npm run
// api): JWT_SECRET (or the secret saved in DATA_DIR), TOKEN_TTL, UI_DIR, TRUST_PROXY.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.js';
import type { ApiOptions } from './index.js';
import { resolveJwtSecret, SecretError } from './secret.js';

/** TRUST_PROXY: a hop count (`1`), `true`/`false`, or express's list of addresses/subnets (`loopback`). */
export function trustProxySetting(v: string | undefined): boolean | number | string | undefined {
  const s = v?.trim();
  if (!s) return undefined;
  if (/^\d+$/.test(s)) return Number(s);
  if (s === 'true' || s === 'false') return s === 'true';
  return s;
}

/** UI_DIR (resolved), else `<root>/ui/dist`. */
export function uiDirSetting(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.UI_DIR ? path.resolve(env.UI_DIR) : path.join(root, 'ui/dist');
}

/**
 * The API options the environment asks for. Without JWT_SECRET a generated secret kept in
 * DATA_DIR/jwt-secret is used (see secret.ts), except in production, where the process stops; it also stops
 * on a production secret shorter than 32 bytes.
 */
export async function apiOptionsFromEnv(
  root: string,
  log: Logger,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Omit<ApiOptions, 'uiDir'> & { uiDir: string }> {
  let jwtSecret: string;
  try {
    const r = await resolveJwtSecret(env, path.resolve(env.DATA_DIR ?? './data'));
    jwtSecret = r.secret;
    if (r.source === 'generated')
      log.warn({ file: r.file }, 'JWT_SECRET not set: generated a secret and saved it (mode 0600)');
    else if (r.source === 'file') log.info({ file: r.file }, 'JWT_SECRET not set: using the saved secret');
  } catch (err) {
    if (!(err instanceof SecretError)) throw err;
    log.fatal({ code: err.code }, err.message);
    process.stderr.write(err.message + '\n');
    process.exit(1);
  }
  return {
    jwtSecret,
    tokenTtl: env.TOKEN_TTL,
    uiDir: uiDirSetting(root, env),
    trustProxy: trustProxySetting(env.TRUST_PROXY),
  };
}

/** The UI folder when it holds a built UI. */
export function builtUi(uiDir: string): string | undefined {
  return existsSync(path.join(uiDir, 'index.html')) ? uiDir : undefined;
}
