import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { loadSecrets, parseSecretKey, secretsWithKey } from './secrets.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-secrets-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('stored secrets', () => {
  it('seal hides the secret, open gives it back; another key or an altered value is refused', () => {
    const secrets = secretsWithKey(randomBytes(32));
    const sealed = secrets.seal('smtp pässword');
    expect(sealed).not.toContain('smtp');
    expect(secrets.seal('smtp pässword')).not.toBe(sealed);
    expect(secrets.open(sealed)).toBe('smtp pässword');
    expect(() => secretsWithKey(randomBytes(32)).open(sealed)).toThrow();
    const [v, iv, tag, body] = sealed.split(':');
    const flipped = body!.startsWith('A') ? `B${body!.slice(1)}` : `A${body!.slice(1)}`;
    expect(() => secrets.open([v, iv, tag, flipped].join(':'))).toThrow();
  });

  it('creates the key file once, owner-only, and every later start reads the same key', () => {
    const dataDir = tempDir();
    const first = loadSecrets({ dataDir });
    const file = path.join(dataDir, 'secret.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const sealed = first.seal('imap password');
    expect(loadSecrets({ dataDir }).open(sealed)).toBe('imap password');
    expect(fs.readdirSync(dataDir)).toEqual(['secret.key']);
  });

  it('clears what a process killed while writing the key left behind', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'secret.key.4242.tmp'), 'half');
    loadSecrets({ dataDir });
    expect(fs.readdirSync(dataDir)).toEqual(['secret.key']);
  });

  it('a damaged key file stops the start with a message naming it', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'secret.key'), 'not a key');
    expect(() => loadSecrets({ dataDir })).toThrow(/secret\.key/);
  });

  it('RAPPORT_SECRET_KEY takes hex or base64 of 32 bytes; anything else names the variable', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretKey('abc')).toBeUndefined();
    expect(loadConfig({ RAPPORT_SECRET_KEY: key.toString('hex') }).secretKey).toEqual(key);
    expect(() => loadConfig({ RAPPORT_SECRET_KEY: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ RAPPORT_SECRET_KEY: 'short' })).toThrow(/RAPPORT_SECRET_KEY/);
    const dataDir = tempDir();
    const configured = loadSecrets({ dataDir, secretKey: key });
    expect(secretsWithKey(key).open(configured.seal('x'))).toBe('x');
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});
