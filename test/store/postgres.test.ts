import { openPostgresStore } from '../../engine/store/sql/postgres.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { storeContract } from './contract.js';

const db = await createTestDatabase();
if ('skip' in db) {
  describe('store contract: PostgreSQL', () => {
    it('needs a PostgreSQL server', function () {
      console.log(`      skipped: ${db.skip}`);
      this.skip();
    });
  });
} else {
  storeContract('PostgreSQL', () => openPostgresStore(db.url), db.drop);
}
