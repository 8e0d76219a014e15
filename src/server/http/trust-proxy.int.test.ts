import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { baseUrl, newWorkspace, startTestApp, type TestApp } from '../../../test/harness.ts';

/** Eleven wrong passwords for one email, each claiming to come from another address. */
async function guessFromManyAddresses(url: string, email: string) {
  const codes: number[] = [];
  for (let i = 0; i < 11; i++) {
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i + 1}` },
      body: JSON.stringify({ email, password: `guess ${i}` }),
    });
    codes.push(res.status);
  }
  return codes;
}

describe('RAPPORT_TRUST_PROXY', () => {
  it('reads none, any, a hop count or a list of addresses, and names the variable when wrong', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ RAPPORT_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ RAPPORT_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ RAPPORT_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ RAPPORT_TRUST_PROXY: '10.0.0.0/8, ::1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '::1',
    ]);
    for (const bad of ['10.0.0.0/33', 'proxy.example.com', '10.0.0.1/8/1']) {
      expect(() => loadConfig({ RAPPORT_TRUST_PROXY: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ RAPPORT_TRUST_PROXY: bad })).toThrow(/^RAPPORT_TRUST_PROXY:/);
    }
  });
});

describe('per-address limits behind a proxy', () => {
  let direct: TestApp;
  let proxied: TestApp;
  beforeAll(async () => {
    direct = await startTestApp({ listen: true });
    proxied = await startTestApp({ listen: true, config: { trustProxy: ['127.0.0.1'] } });
  });
  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
  });

  it('ignores X-Forwarded-For without a trusted proxy: a guesser cannot dodge the limit', async () => {
    const w = await newWorkspace(direct);
    const codes = await guessFromManyAddresses(baseUrl(direct), w.admin.email);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes[10]).toBe(429);
  });

  it('counts each client address the trusted proxy names on its own', async () => {
    const w = await newWorkspace(proxied);
    const codes = await guessFromManyAddresses(baseUrl(proxied), w.admin.email);
    expect(codes.every((c) => c === 401)).toBe(true);
  });
});
