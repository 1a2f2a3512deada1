// The OpenAPI document without a running engine, for tools (the UI's API types, gen-ui-types.ts). The route
// modules are built on an inert context: they record their operations exactly as in createApi (the same
// apiRouters list, the same order), and nothing reaches Redis or a store, because building a router only
// wires handlers; what a handler would call is never called.
import { loadConfig } from '../config.js';
import type { Engine } from '../engine.js';
import type { Logger } from '../logger.js';
import type { Auth } from './auth.js';
import type { ApiContext } from './context.js';
import { API_INFO, apiRouters } from './index.js';
import { opsRoutes } from './metrics.js';
import { openApiDocument } from './openapi.js';

/**
 * Stands in for any service: every property is another inert value and calling one returns one (a function
 * target, so express accepts it as middleware); not thenable, and text where a string is expected.
 */
function inert(name: string): any {
  const target = function () {};
  return new Proxy(target, {
    get(_t, key) {
      if (key === 'then') return undefined;
      if (key === Symbol.toPrimitive || key === 'toString') return () => `offline-${name}`;
      return inert(`${name}.${String(key)}`);
    },
    apply: () => inert(`${name}()`),
  });
}

/**
 * An inert engine with the values route modules read while they are built (limits, the key prefix): the
 * defaults, whatever the environment says, so the document is the same on every machine.
 */
function inertEngine(): Engine {
  const config = loadConfig({});
  const known: Record<string, unknown> = { config, attachments: { limits: config.attachments } };
  const rest = inert('engine');
  return new Proxy(known, {
    get: (t, key) => (typeof key === 'string' && key in t ? t[key] : rest[key]),
  }) as unknown as Engine;
}

/** The document /api/openapi.json serves, built in-process. */
export function offlineApiDocument(): ReturnType<typeof openApiDocument> {
  const ctx: ApiContext = {
    engine: inertEngine(),
    auth: inert('auth') as Auth,
    log: inert('log') as Logger,
    now: () => 0,
    ops: [],
    publish: async () => undefined,
    // rate-limit-redis loads its script when built: a reply that is not an error, never sent anywhere
    redis: () => ({ call: async () => 'offline' }) as unknown as ReturnType<ApiContext['redis']>,
  };
  opsRoutes(ctx, { ping: async () => false });
  apiRouters(ctx, {});
  return openApiDocument(ctx.ops, API_INFO);
}
