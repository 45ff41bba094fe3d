import { describe, expect, test } from '@jest/globals';
import {
  TokenCache,
  parseChallenge,
  parseTokenBody,
  sendsSecretsInClear,
  tokenRequest,
} from '../../../src/registry/challenge.js';
import { statusError } from '../../../src/registry/failures.js';
import { indexEntries } from '../../../src/registry/manifest.js';
import { backoffMs, networkError, retryAfterMs } from '../../../src/registry/http/transport.js';

describe('WWW-Authenticate', () => {
  test.each([
    [
      'Bearer with quoted params',
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/nginx:pull',
        },
      },
    ],
    [
      'Basic',
      'Basic realm="Registry Realm"',
      { scheme: 'basic', params: { realm: 'Registry Realm' } },
    ],
    [
      'unquoted, spaces, case',
      'bearer Realm = https://x/t , service=svc',
      { scheme: 'bearer', params: { realm: 'https://x/t', service: 'svc' } },
    ],
    ['escaped quote', 'Basic realm="a \\"b\\""', { scheme: 'basic', params: { realm: 'a "b"' } }],
    [
      'second challenge',
      'Negotiate abc, Bearer realm="r"',
      { scheme: 'bearer', params: { realm: 'r' } },
    ],
    [
      'ECR style',
      'Basic realm="https://1.dkr.ecr.us-east-1.amazonaws.com/",service="ecr.amazonaws.com"',
      {
        scheme: 'basic',
        params: {
          realm: 'https://1.dkr.ecr.us-east-1.amazonaws.com/',
          service: 'ecr.amazonaws.com',
        },
      },
    ],
  ])('%s', (_n, header, expected) => {
    expect(parseChallenge(header)).toEqual(expected);
  });

  test.each([[null], [''], ['Negotiate abc']])('no usable challenge in %p', (h) => {
    expect(parseChallenge(h)).toBeUndefined();
  });

  test('token request: GET with scope/service/account and Basic; no realm is an error', () => {
    const ch = { scheme: 'bearer' as const, params: { realm: 'https://a/token', service: 's' } };
    const r = tokenRequest(ch, 'repository:x:pull', { username: 'u', password: 'p' }, 'ua');
    expect(r.url.href).toBe('https://a/token?service=s&scope=repository%3Ax%3Apull&account=u');
    expect((r.init.headers as Record<string, string>).Authorization).toBe(`Basic ${btoa('u:p')}`);
    expect(() => tokenRequest({ scheme: 'bearer', params: {} }, 's', undefined, 'ua')).toThrow();
  });

  test.each([
    ['{"token":"t","expires_in":120}', { token: 't', expiresIn: 120 }],
    ['{"access_token":"a"}', { token: 'a', expiresIn: 60 }],
    ['{"token":""}', undefined],
    ['not json', undefined],
    ['null', undefined],
  ])('token body %s', (body, expected) => {
    expect(parseTokenBody(body)).toEqual(expected);
  });
});

test('token cache honours expires_in (minimum 60 s) and reuses pull,push for pull', () => {
  let now = 0;
  const cache = new TokenCache(() => now);
  cache.put('h', 'r', ['pull', 'push'], 'pp', 120);
  cache.put('h', 'q', ['pull'], 'short', 5);
  expect(cache.get('h', 'r', ['pull'])).toBe('pp');
  expect(cache.get('h', 'r', ['push'])).toBe('pp');
  expect(cache.get('h', 'other', ['pull'])).toBeUndefined();
  now = 50_000;
  expect(cache.get('h', 'q', ['pull'])).toBe('short');
  now = 110_000;
  expect(cache.get('h', 'r', ['pull'])).toBeUndefined();
  expect(cache.get('h', 'q', ['pull'])).toBeUndefined();
  cache.put('h', 'r', ['pull'], 'p2', 300);
  expect(cache.get('h', 'r', ['pull', 'push'])).toBeUndefined();
  cache.drop('h', 'r');
  expect(cache.get('h', 'r', ['pull'])).toBeUndefined();
});

describe('transport helpers', () => {
  test.each([
    ['seconds', '7', 7000],
    ['HTTP date', 'Thu, 01 Jan 1970 00:00:10 GMT', 10_000],
    ['past date', 'Thu, 01 Jan 1970 00:00:00 GMT', 0],
    ['junk', 'soon', undefined],
    ['absent', null, undefined],
  ])('Retry-After %s', (_n, v, ms) => {
    expect(retryAfterMs(v, 0)).toBe(ms);
  });

  test('backoff doubles, is capped, and jitters between half and full', () => {
    expect(backoffMs(0, 100, () => 0)).toBe(50);
    expect(backoffMs(3, 100, () => 0.999)).toBeCloseTo(799.6);
    expect(backoffMs(20, 100, () => 0)).toBe(4000);
  });

  const withCode = (code: string, message = 'x') =>
    new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
  test.each([
    ['DNS', withCode('ENOTFOUND'), 'UNREACHABLE', /DNS/],
    [
      'refused in an AggregateError',
      new TypeError('fetch failed', {
        cause: new AggregateError([Object.assign(new Error('r'), { code: 'ECONNREFUSED' })]),
      }),
      'UNREACHABLE',
      /refused/,
    ],
    [
      'plain HTTP on a TLS port',
      withCode('EPROTO', 'wrong version number'),
      'UNREACHABLE',
      /does not speak TLS/,
    ],
    [
      'self-signed certificate',
      withCode('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      'UNREACHABLE',
      /TLS certificate error: self-signed/,
    ],
    [
      'expired certificate',
      withCode('CERT_HAS_EXPIRED', 'certificate has expired'),
      'UNREACHABLE',
      /certificate/,
    ],
    ['connect timeout', withCode('UND_ERR_CONNECT_TIMEOUT'), 'TIMEOUT', /timed out/],
    ['no route', withCode('EHOSTUNREACH'), 'UNREACHABLE', /no route/],
    ['reset', withCode('ECONNRESET'), 'UNREACHABLE', /reset/],
    ['unknown', new Error('weird'), 'UNREACHABLE', /request failed: weird/],
  ])('network error: %s', (_n, err, code, message) => {
    const e = networkError(err, 'reg.io', 1000);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(/^reg\.io: /);
    expect(e.message).toMatch(message);
    expect(e.hint).not.toBe('');
  });
});

test.each([
  [401, 'UNAUTHORIZED', 4],
  [403, 'DENIED', 4],
  [404, 'MANIFEST_UNKNOWN', 6],
  [429, 'RATE_LIMITED', 5],
  [502, 'REGISTRY_ERROR', 5],
  [400, 'REGISTRY_ERROR', 5],
] as const)('HTTP %d → %s (exit %d)', (status, code, exit) => {
  const body = Buffer.from(JSON.stringify({ errors: [{ code: 'X_CODE', message: 'said so' }] }));
  const e = statusError(status, body, {
    host: 'h',
    repository: 'r',
    what: 'manifest r:t',
    attempts: 1,
  });
  expect([e.code, e.exitCode]).toEqual([code, exit]);
  expect(e.message).toContain(`h/r: HTTP ${status}`);
  expect(e.message).toContain('X_CODE said so');
});

test.each([401, 403])(
  'an ECR token of the job refused (%i): the hint says another account needs --authfile',
  (status) => {
    const c = { host: 'h', repository: 'r', what: 'w', attempts: 1 };
    const fromEcr = statusError(status, undefined, {
      ...c,
      credentialsSource: 'ECR (GetAuthorizationToken in eu-west-1)',
    });
    expect(fromEcr.hint).toContain("another account's, from docker login");
    expect(fromEcr.hint).toContain('--authfile, which comes before ECR');
    const fromFile = statusError(status, undefined, { ...c, credentialsSource: '/a/auth.json' });
    expect(fromFile.hint).not.toContain('comes before ECR');
  },
);

test('NAME_UNKNOWN → REPOSITORY_NOT_FOUND', () => {
  const body = Buffer.from(
    '{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known"}]}',
  );
  expect(statusError(404, body, { host: 'h', repository: 'r', what: 'w', attempts: 1 }).code).toBe(
    'REPOSITORY_NOT_FOUND',
  );
});

test('index entries: platforms with variants, duplicates numbered, junk skipped', () => {
  expect(
    indexEntries([
      { digest: 'd1', platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
      { digest: 'd2', platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
      { digest: 'd3' },
      { platform: { os: 'linux', architecture: 'amd64' } },
      null,
    ]),
  ).toEqual([
    { digest: 'd1', platform: 'linux/arm/v7' },
    { digest: 'd2', platform: 'linux/arm/v7#2' },
  ]);
});

describe('credentials never go to a plain-http token realm of an https registry', () => {
  const creds = { username: 'u', password: 'p' };
  const bearer = (realm: string) => ({ scheme: 'bearer' as const, params: { realm } });
  test.each([
    [
      'http realm elsewhere, https registry, Basic creds',
      'http://auth.example/t',
      'https://r.example',
      creds,
      true,
    ],
    [
      'identity token (POST) to an http realm',
      'http://auth.example/t',
      'https://r.example',
      { identityToken: 'x' },
      true,
    ],
    ['https realm', 'https://auth.example/t', 'https://r.example', creds, false],
    [
      'anonymous: no secret in the request',
      'http://auth.example/t',
      'https://r.example',
      undefined,
      false,
    ],
    ['loopback realm', 'http://127.0.0.1:5001/t', 'https://r.example', creds, false],
    [
      'registry itself plain http (--insecure / loopback)',
      'http://auth.example/t',
      'http://r.example',
      creds,
      false,
    ],
  ])('%s', (_name, realm, registry, c, refused) => {
    const req = tokenRequest(bearer(realm), 'repository:a:pull', c, 'ua');
    expect(sendsSecretsInClear(req, registry)).toBe(refused);
  });
});
