import { isIP } from 'node:net';
import path from 'node:path';
import { parseSecretKey } from './security/secrets.ts';

/** Everything Rapport reads from the environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  demo: boolean;
  logLevel: string;
  sessionTtlHours: number;
  bodyLimitBytes: number;
  /** Where attachment contents are stored on disk (RAPPORT_FILES_DIR, default <data dir>/files). */
  filesDir: string;
  /** The largest attachment accepted (RAPPORT_UPLOAD_LIMIT_BYTES, default 25 MB). */
  uploadLimitBytes: number;
  /** The key that seals stored secrets (RAPPORT_SECRET_KEY); unset: <data dir>/secret.key. */
  secretKey: Buffer | undefined;
  /** The inbound SMTP listener's port (RAPPORT_SMTP_PORT); unset: no listener. */
  smtpPort?: number;
  /** The address the SMTP listener binds (RAPPORT_SMTP_HOST, default 0.0.0.0). */
  smtpHost?: string;
  /**
   * Where clients reach this server (RAPPORT_PUBLIC_URL, e.g. https://help.example.com),
   * for links in emails; unset: the Host of the request that asked for the link.
   */
  publicUrl?: string;
  /**
   * Which proxies in front of Rapport to believe about the client's address
   * (RAPPORT_TRUST_PROXY): unset or 0, none (X-Forwarded-For is ignored); 1 or true, any;
   * a number above 1, that many hops; or a list of addresses and CIDR ranges. Per-address
   * limits (login, chat, portal links, FAQ votes) count the address this yields.
   */
  trustProxy?: boolean | number | string[];
  /**
   * Whether `serve` runs the email ingest workers (RAPPORT_INGEST_WORKERS, default 1);
   * 0 leaves ingestion to `rapport ingest-worker` processes (PostgreSQL only).
   */
  ingestWorkers: boolean;
}

/** A configuration error names the variable and what is wrong with it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim()))
    throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) {
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function boolVar(env: NodeJS.ProcessEnv, name: string, fallback: boolean) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be 0 or 1, got "${raw}"`);
}

function publicUrlVar(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.RAPPORT_PUBLIC_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      'RAPPORT_PUBLIC_URL',
      `must be a URL like https://help.example.com, got "${raw}"`,
    );
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new ConfigError(
      'RAPPORT_PUBLIC_URL',
      `must be an http(s) URL without a query, got "${raw}"`,
    );
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function trustProxyVar(env: NodeJS.ProcessEnv): Config['trustProxy'] {
  const raw = env.RAPPORT_TRUST_PROXY?.trim();
  if (!raw || ['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (/^\d+$/.test(raw)) return intVar(env, 'RAPPORT_TRUST_PROXY', 1, 1, 100);
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const maxBits = family === 6 ? 128 : 32;
    const badBits = bits !== undefined && (!/^\d+$/.test(bits) || Number(bits) > maxBits);
    if (!family || badBits || rest.length > 0) {
      throw new ConfigError(
        'RAPPORT_TRUST_PROXY',
        `must be 0, 1, a hop count or addresses/CIDR ranges separated by commas, got "${entry}"`,
      );
    }
  }
  return entries;
}

/** Reads and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(databaseUrl);
    } catch {
      throw new ConfigError(
        'DATABASE_URL',
        'is not a valid URL (expected postgres://user@host:port/db)',
      );
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      throw new ConfigError('DATABASE_URL', `must start with postgres://, got "${url.protocol}//"`);
    }
  }
  const host = env.HOST?.trim() || '0.0.0.0';
  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `must be one of fatal, error, warn, info, debug, trace, silent`,
    );
  }
  const dataDir = path.resolve(env.RAPPORT_DATA_DIR?.trim() || './data');
  const rawKey = env.RAPPORT_SECRET_KEY?.trim();
  const secretKey = rawKey ? parseSecretKey(rawKey) : undefined;
  if (rawKey && !secretKey) {
    throw new ConfigError(
      'RAPPORT_SECRET_KEY',
      'must be 32 bytes written as 64 hex digits or base64 (openssl rand -hex 32)',
    );
  }
  return {
    port: intVar(env, 'PORT', 3000, 0, 65535),
    host,
    databaseUrl,
    dataDir,
    demo: boolVar(env, 'RAPPORT_DEMO', true),
    logLevel,
    sessionTtlHours: intVar(env, 'RAPPORT_SESSION_TTL_HOURS', 12, 1, 24 * 90),
    bodyLimitBytes: intVar(env, 'RAPPORT_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    filesDir: path.resolve(env.RAPPORT_FILES_DIR?.trim() || path.join(dataDir, 'files')),
    uploadLimitBytes: intVar(
      env,
      'RAPPORT_UPLOAD_LIMIT_BYTES',
      25 * 1024 * 1024,
      1024,
      1024 * 1024 * 1024,
    ),
    secretKey,
    smtpPort: env.RAPPORT_SMTP_PORT?.trim()
      ? intVar(env, 'RAPPORT_SMTP_PORT', 25, 0, 65535)
      : undefined,
    smtpHost: env.RAPPORT_SMTP_HOST?.trim() || '0.0.0.0',
    publicUrl: publicUrlVar(env),
    trustProxy: trustProxyVar(env),
    ingestWorkers: boolVar(env, 'RAPPORT_INGEST_WORKERS', true),
  };
}
