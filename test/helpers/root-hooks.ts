// Mocha root hooks (.mocharc.json `require`): drop the PostgreSQL databases test/helpers/store.ts made.
import { created } from './store.js';

export const mochaHooks = {
  async afterAll() {
    await Promise.all(created.splice(0).map((db) => db.drop().catch(() => {})));
  },
};
