// The token secret from the environment (engine/api/secret.ts): a generated development secret survives a
// restart (saved in DATA_DIR with mode 0600), production requires a configured secret of ≥ 32 bytes.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { resolveJwtSecret, SECRET_FILE, SecretError } from '../../engine/api/secret.js';

describe('API: token secret (JWT_SECRET / DATA_DIR/jwt-secret)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'grid-secret-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('generates a secret once, saves it with mode 0600 and reuses it after a restart', async () => {
    const data = path.join(dir, 'data');
    const first = await resolveJwtSecret({}, data);
    expect(first.source).to.equal('generated');
    expect(Buffer.byteLength(first.secret)).to.be.at.least(32);
    const file = path.join(data, SECRET_FILE);
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
    expect((await readFile(file, 'utf8')).trim()).to.equal(first.secret);
    // "restart": a new resolution in the same DATA_DIR
    const second = await resolveJwtSecret({}, data);
    expect(second).to.deep.equal({ secret: first.secret, source: 'file', file });
  });

  it('lets processes starting together agree on one secret', async () => {
    const all = await Promise.all([1, 2, 3, 4].map(() => resolveJwtSecret({}, dir)));
    expect(new Set(all.map((r) => r.secret)).size).to.equal(1);
    expect(all.filter((r) => r.source === 'generated')).to.have.length(1);
  });

  it('prefers a configured JWT_SECRET and writes nothing', async () => {
    const r = await resolveJwtSecret({ JWT_SECRET: 'configured' }, dir);
    expect(r).to.deep.equal({ secret: 'configured', source: 'env' });
    let missing = false;
    await stat(path.join(dir, SECRET_FILE)).catch(() => (missing = true));
    expect(missing).to.equal(true);
  });

  it('in production refuses a missing or short secret and never falls back to a saved one', async () => {
    await writeFile(path.join(dir, SECRET_FILE), 'x'.repeat(64));
    const codes: string[] = [];
    for (const env of [{ NODE_ENV: 'production' }, { NODE_ENV: 'production', JWT_SECRET: 'short' }]) {
      try {
        await resolveJwtSecret(env, dir);
      } catch (err) {
        expect(err).to.be.instanceOf(SecretError);
        codes.push((err as SecretError).code);
      }
    }
    expect(codes).to.deep.equal(['jwt-secret-missing', 'jwt-secret-too-short']);
    // 32 bytes (not characters: 11 × 3-byte 汉字 = 33 bytes) is enough
    const ok = await resolveJwtSecret({ NODE_ENV: 'production', JWT_SECRET: '网'.repeat(11) }, dir);
    expect(ok.source).to.equal('env');
  });
});
