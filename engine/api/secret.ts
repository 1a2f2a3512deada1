// The HMAC secret that signs API tokens. A configured JWT_SECRET wins; in production it is required and
// must be at least 32 bytes (a short secret can be brute-forced offline from any one token). Outside
// production a generated secret is kept in DATA_DIR/jwt-secret (mode 0600) so that a restart does not sign
// everyone out.
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const MIN_SECRET_BYTES = 32;
export const SECRET_FILE = 'jwt-secret';

export type SecretSource = 'env' | 'file' | 'generated';

export class SecretError extends Error {
  constructor(
    readonly code: 'jwt-secret-missing' | 'jwt-secret-too-short',
    message: string,
  ) {
    super(message);
    this.name = 'SecretError';
  }
}

/** The secret to use and where it came from; throws SecretError when production rules are not met. */
export async function resolveJwtSecret(
  env: NodeJS.ProcessEnv,
  dataDir: string,
): Promise<{ secret: string; source: SecretSource; file?: string }> {
  const production = env.NODE_ENV === 'production';
  const configured = env.JWT_SECRET;
  if (configured) {
    if (production && Buffer.byteLength(configured, 'utf8') < MIN_SECRET_BYTES)
      throw new SecretError(
        'jwt-secret-too-short',
        `JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes in production (e.g. openssl rand -hex 32)`,
      );
    return { secret: configured, source: 'env' };
  }
  if (production)
    throw new SecretError(
      'jwt-secret-missing',
      `JWT_SECRET must be set in production (at least ${MIN_SECRET_BYTES} bytes, e.g. openssl rand -hex 32)`,
    );
  const file = path.join(dataDir, SECRET_FILE);
  const existing = await readSecret(file);
  if (existing) return { secret: existing, source: 'file', file };
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  // several processes sharing DATA_DIR may start together: write a private temp file, then link it into
  // place (atomic, fails if present), so the first one wins and nobody reads a half-written file
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(tmp, secret + '\n', { mode: 0o600, flag: 'wx' });
  try {
    // the mode given to writeFile is masked by the umask: set it explicitly
    await chmod(tmp, 0o600);
    await link(tmp, file);
    return { secret, source: 'generated', file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const other = await readSecret(file);
    if (!other) throw new Error(`${file} exists but holds no secret`, { cause: err });
    return { secret: other, source: 'file', file };
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

async function readSecret(file: string): Promise<string | undefined> {
  try {
    const s = (await readFile(file, 'utf8')).trim();
    return s || undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
