// Webhook signatures: "X-Rapport-Signature: t=<unix seconds>,v1=<hex>", where
// hex = HMAC-SHA256(secret, "<t>.<raw body>"). The timestamp in the signed
// text makes an old request useless to replay.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-rapport-signature';
/** Older signatures are refused: a captured request cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

/** The header value signing `body` at `at` with `secret`. */
export function signWebhook(secret: string, body: string | Buffer, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmac(secret, t, body)}`;
}

function hmac(secret: string, t: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
}

export type SignatureCheck = 'ok' | 'missing' | 'malformed' | 'expired' | 'mismatch';

/** Checks a signature header against the raw body, in constant time. */
export function verifyWebhook(
  secret: string,
  header: string | undefined,
  body: Buffer,
  now: Date,
): SignatureCheck {
  if (!header) return 'missing';
  let t: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && v && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === 'v1' && v && /^[0-9a-f]{64}$/i.test(v)) candidates.push(v.toLowerCase());
  }
  if (t === undefined || candidates.length === 0) return 'malformed';
  if (Math.abs(now.getTime() / 1000 - t) > SIGNATURE_TOLERANCE_SECONDS) return 'expired';
  const expected = Buffer.from(hmac(secret, t, body), 'hex');
  // Any of several v1 values may match (the provider may sign with an old and a new secret).
  let ok = false;
  for (const c of candidates) {
    if (timingSafeEqual(expected, Buffer.from(c, 'hex'))) ok = true;
  }
  return ok ? 'ok' : 'mismatch';
}
