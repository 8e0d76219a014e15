// Secrets Rapport must store to use later (a mailbox's SMTP password, an SMS
// provider's API key, a webhook signing secret) are sealed with AES-256-GCM
// before they reach the database: a copy of the database alone reveals none.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

/** Seals and opens stored secrets with the installation's key. */
export interface Secrets {
  /** The sealed form of a secret: "v1:<iv>:<tag>:<ciphertext>", base64url parts. */
  seal(plain: string): string;
  /** The secret again; throws when the value was sealed with another key or altered. */
  open(sealed: string): string;
}

export const SECRET_KEY_BYTES = 32;

export class SecretsError extends Error {}

/** Secrets sealed with a 32-byte key. */
export function secretsWithKey(key: Buffer): Secrets {
  if (key.length !== SECRET_KEY_BYTES) {
    throw new SecretsError(`the secret key must be ${SECRET_KEY_BYTES} bytes, got ${key.length}`);
  }
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
      return `v1:${parts.join(':')}`;
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) {
        throw new SecretsError('not a sealed secret');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([
          decipher.update(Buffer.from(body, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new SecretsError('the secret was sealed with another key, or altered');
      }
    },
  };
}

/**
 * Reads a key written as 64 hex digits or as base64 (RAPPORT_SECRET_KEY);
 * undefined when the text is neither.
 */
export function parseSecretKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const key = Buffer.from(t, 'base64');
    if (key.length === SECRET_KEY_BYTES) return key;
  }
  return undefined;
}

/**
 * The installation's key: the configured one, else the key file in the data
 * directory, created with a fresh random key on the first start (readable by
 * the owner only). Several processes sharing a PostgreSQL database must be
 * given the same RAPPORT_SECRET_KEY.
 */
export function loadSecrets(config: { secretKey?: Buffer; dataDir: string }): Secrets {
  if (config.secretKey) return secretsWithKey(config.secretKey);
  const file = path.join(config.dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    // Written whole under another name, then linked into place: a kill -9 never
    // leaves a half-written key, and of two processes starting at once the
    // second link fails and both read the first key.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${randomBytes(SECRET_KEY_BYTES).toString('hex')}\n`, {
      mode: 0o600,
      flush: true,
    });
    try {
      linkSync(temp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      rmSync(temp, { force: true });
    }
  }
  // Left by a process killed between writing and linking.
  for (const name of readdirSync(config.dataDir)) {
    if (/^secret\.key\.\d+\.tmp$/.test(name))
      rmSync(path.join(config.dataDir, name), { force: true });
  }
  const key = parseSecretKey(readFileSync(file, 'utf8'));
  if (!key) throw new SecretsError(`${file} does not hold a 32-byte key (64 hex digits)`);
  return secretsWithKey(key);
}
