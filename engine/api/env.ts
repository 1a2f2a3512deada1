// HTTP settings from the environment, shared by the entry points that serve the API (npm start, npm run
// api): JWT_SECRET, TOKEN_TTL, UI_DIR, TRUST_PROXY.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.js';
import type { ApiOptions } from './index.js';

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
 * The API options the environment asks for. Without JWT_SECRET a random secret is used (sessions end on
 * restart), except in production, where the process stops.
 */
export function apiOptionsFromEnv(
  root: string,
  log: Logger,
  env: NodeJS.ProcessEnv = process.env,
): Omit<ApiOptions, 'uiDir'> & { uiDir: string } {
  let jwtSecret = env.JWT_SECRET;
  if (!jwtSecret) {
    if (env.NODE_ENV === 'production') {
      log.fatal('JWT_SECRET must be set in production');
      process.stderr.write('JWT_SECRET must be set in production\n');
      process.exit(1);
    }
    jwtSecret = randomBytes(32).toString('hex');
    log.warn('JWT_SECRET not set: using a random secret, sessions end when the process restarts');
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
