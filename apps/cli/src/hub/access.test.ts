import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { type AccessRules, checkAccess } from './access.js';

const request = (headers: Record<string, string>, url = '/rpc') =>
  ({ headers, url }) as unknown as IncomingMessage;
const loopback: AccessRules = {
  bindHost: '127.0.0.1',
  port: 7460,
  allowedOrigins: ['http://localhost:5173'],
};

describe('checkAccess', () => {
  it("takes scripts (no Origin) and the hub's own pages on loopback", () => {
    expect(
      checkAccess(request({ host: '127.0.0.1:7460' }), loopback, { needsToken: true }).ok,
    ).toBe(true);
    expect(
      checkAccess(request({ host: 'localhost:7460', origin: 'http://localhost:7460' }), loopback, {
        needsToken: true,
      }).ok,
    ).toBe(true);
    expect(
      checkAccess(request({ host: '127.0.0.1:7460', origin: 'http://localhost:5173' }), loopback, {
        needsToken: true,
      }).ok,
    ).toBe(true);
  });

  it('refuses other sites, a null origin and rebinding Host names', () => {
    expect(
      checkAccess(request({ host: '127.0.0.1:7460', origin: 'https://evil.example' }), loopback, {
        needsToken: true,
      }),
    ).toMatchObject({ ok: false, status: 403 });
    expect(
      checkAccess(request({ host: '127.0.0.1:7460', origin: 'null' }), loopback, {
        needsToken: true,
      }),
    ).toMatchObject({ ok: false });
    expect(
      checkAccess(request({ host: '127.0.0.1:7460', origin: 'http://localhost:9999' }), loopback, {
        needsToken: true,
      }),
    ).toMatchObject({ ok: false });
    expect(
      checkAccess(request({ host: 'evil.example:7460' }), loopback, { needsToken: true }),
    ).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess(request({}), loopback, { needsToken: true })).toMatchObject({ ok: false });
  });

  it('beyond loopback, wants the token from every client', () => {
    const wide: AccessRules = {
      bindHost: '0.0.0.0',
      port: 7460,
      token: 'secret-token-secret-token',
      allowedOrigins: [],
    };
    expect(
      checkAccess(request({ host: '10.0.0.5:7460' }), wide, { needsToken: true }),
    ).toMatchObject({ ok: false, status: 401 });
    expect(
      checkAccess(request({ host: '10.0.0.5:7460', authorization: 'Bearer nope' }), wide, {
        needsToken: true,
      }),
    ).toMatchObject({ ok: false });
    expect(
      checkAccess(
        request({ host: '10.0.0.5:7460', authorization: 'Bearer secret-token-secret-token' }),
        wide,
        { needsToken: true },
      ).ok,
    ).toBe(true);
    expect(
      checkAccess(
        request(
          { host: '10.0.0.5:7460', origin: 'http://10.0.0.5:7460' },
          '/rpc?token=secret-token-secret-token',
        ),
        wide,
        { needsToken: true },
      ).ok,
    ).toBe(true);
    expect(
      checkAccess(
        request(
          { host: '10.0.0.5:7460', origin: 'http://other:7460' },
          '/rpc?token=secret-token-secret-token',
        ),
        wide,
        { needsToken: true },
      ).ok,
    ).toBe(false);
    // Static files need no token (the panel's code holds no secret), but Origin is still checked.
    expect(
      checkAccess(request({ host: '10.0.0.5:7460' }, '/'), wide, { needsToken: false }).ok,
    ).toBe(true);
  });
});
