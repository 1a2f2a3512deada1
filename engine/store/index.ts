// Chooses the store: a remote store host when STORE_URL is given (workers sharing one embedded store),
// else MongoDB when a URL is given, else the embedded on-disk store.
import { openEmbeddedStore } from './embedded.js';
import type { Store } from './types.js';

export async function openStore(opts: {
  mongoUrl?: string;
  dataDir: string;
  /** defaults to the STORE_URL / STORE_TOKEN environment variables */
  storeUrl?: string;
  storeToken?: string;
}): Promise<Store> {
  const storeUrl = opts.storeUrl ?? process.env.STORE_URL;
  if (storeUrl) {
    const { openRemoteStore } = await import('./remote.js');
    return openRemoteStore(storeUrl, opts.storeToken ?? process.env.STORE_TOKEN ?? '');
  }
  if (opts.mongoUrl) {
    const { openMongoStore } = await import('./mongo.js');
    return openMongoStore(opts.mongoUrl);
  }
  return openEmbeddedStore(opts.dataDir);
}
