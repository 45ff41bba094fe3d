import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { DigestpinError } from '../../../src/errors.js';
import { memoryLogger } from '../../support/logger.js';
import {
  RegistryClient,
  digestOf,
  type RegistryClientOptions,
} from '../../../src/registry/client.js';
import { MANIFEST_MEDIA_TYPES } from '../../../src/registry/media-types.js';
import { startFakeRegistry, type FakeOptions, type FakeRegistry } from './fake-registry.js';

const V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const image = (config: string) => ({
  schemaVersion: 2,
  mediaType: V2,
  config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 2, digest: config },
  layers: [],
});
const CFG_A = `sha256:${'a'.repeat(64)}`;
const CFG_B = `sha256:${'b'.repeat(64)}`;

let dir: string;
const registries: FakeRegistry[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'digestpin-client-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.close()));
});

async function fake(o: FakeOptions = {}): Promise<FakeRegistry> {
  const r = await startFakeRegistry(o);
  registries.push(r);
  return r;
}

async function authfile(host: string, user: string, password: string): Promise<string> {
  const file = path.join(dir, `auth-${Math.random().toString(36).slice(2)}.json`);
  const auth = Buffer.from(`${user}:${password}`).toString('base64');
  await writeFile(file, JSON.stringify({ auths: { [host]: { auth } } }));
  return file;
}

function client(o: Partial<RegistryClientOptions> = {}) {
  const logger = memoryLogger();
  const c = new RegistryClient({
    env: { HOME: dir },
    logger,
    retryBaseMs: 1,
    timeoutMs: 5000,
    ...o,
  });
  return { c, logger };
}

const ref = (r: FakeRegistry, path: string, tag?: string, digest?: string) => ({
  domain: r.host,
  path,
  tag,
  digest,
});

async function thrown(p: Promise<unknown>): Promise<DigestpinError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DigestpinError);
    return err as DigestpinError;
  }
  throw new Error('expected a DigestpinError');
}

describe('manifests', () => {
  test('HEAD by tag sends all four media types and reads the digest header', async () => {
    const r = await fake();
    const d = r.putManifest('app', 'v1', image(CFG_A), V2);
    const { c } = client();
    const info = await c.headManifest(ref(r, 'app', 'v1'));
    expect(info).toEqual({ digest: d, mediaType: V2, size: expect.any(Number) });
    // a loopback host is pinged first: https failed (no TLS there), so plain http
    expect(r.log.map((l) => `${l.method} ${l.url}`)).toEqual([
      'GET /v2/',
      'HEAD /v2/app/manifests/v1',
    ]);
    expect(c.baseUrl(r.host)).toBe(`http://${r.host}`);
    for (const t of MANIFEST_MEDIA_TYPES) expect(r.log[1].accept).toContain(t);
    expect(r.log[1].accept).toContain('*/*');
  });

  test('without Docker-Content-Digest on HEAD the digest is the sha256 of the GET body', async () => {
    const r = await fake({ omitDigestHeader: true });
    const d = r.putManifest('app', 'v1', image(CFG_A), V2);
    const { c } = client();
    expect((await c.headManifest(ref(r, 'app', 'v1')))?.digest).toBe(d);
    expect(r.log.map((l) => l.method)).toEqual(['GET', 'HEAD', 'GET']);
  });

  test.each([
    ['missing tag', 'app', 'nope'],
    ['missing repository', 'other', 'v1'],
  ])('%s → undefined from HEAD and GET', async (_n, repo, tag) => {
    const r = await fake();
    r.putManifest('app', 'v1', image(CFG_A), V2);
    const { c } = client();
    expect(await c.headManifest(ref(r, repo, tag))).toBeUndefined();
    expect(await c.getManifest(ref(r, repo, tag))).toBeUndefined();
  });

  test('GET by digest returns the bytes; a reference without tag reads latest', async () => {
    const r = await fake();
    const d = r.putManifest('app', 'latest', image(CFG_A), V2);
    const { c } = client();
    const got = await c.getManifest(ref(r, 'app', undefined, d));
    expect(got?.digest).toBe(d);
    expect(digestOf(got!.bytes)).toBe(d);
    expect((await c.headManifest(ref(r, 'app')))?.digest).toBe(d);
    expect(r.log.at(-1)!.url).toBe('/v2/app/manifests/latest');
  });

  test('configDigests: one entry for an image, one per platform for a list (attestations skipped)', async () => {
    const r = await fake();
    const amd = r.putManifest('app', undefined, image(CFG_A), V2);
    const arm = r.putManifest('app', undefined, image(CFG_B), V2);
    const att = r.putManifest('app', undefined, image(CFG_B), V2);
    r.putManifest('app', 'single', image(CFG_A), V2);
    r.putManifest(
      'app',
      'multi',
      {
        schemaVersion: 2,
        mediaType: LIST,
        manifests: [
          { digest: amd, platform: { os: 'linux', architecture: 'amd64' } },
          { digest: arm, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
          { digest: att, platform: { os: 'unknown', architecture: 'unknown' } },
          { digest: att, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
        ],
      },
      LIST,
    );
    const { c } = client();
    expect(await c.configDigests(ref(r, 'app', 'single'))).toEqual(new Map([['', CFG_A]]));
    expect(await c.configDigests(ref(r, 'app', 'multi'))).toEqual(
      new Map([
        ['linux/amd64', CFG_A],
        ['linux/arm64/v8', CFG_B],
      ]),
    );
    expect(await c.configDigests(ref(r, 'app', 'absent'))).toBeUndefined();
  });

  test('configDigests: an index entry the registry lacks is a registry error', async () => {
    const r = await fake();
    r.putManifest(
      'app',
      'broken',
      {
        schemaVersion: 2,
        mediaType: LIST,
        manifests: [{ digest: CFG_A, platform: { os: 'linux', architecture: 'amd64' } }],
      },
      LIST,
    );
    const e = await thrown(client().c.configDigests(ref(r, 'app', 'broken')));
    expect(e.code).toBe('REGISTRY_ERROR');
    expect(e.message).toContain(CFG_A);
  });

  test('getBlob checks the digest', async () => {
    const r = await fake();
    const d = r.putBlob('app', Buffer.from('{"config":1}'));
    const { c } = client();
    expect((await c.getBlob(ref(r, 'app'), d)).toString()).toBe('{"config":1}');
    const e = await thrown(c.getBlob(ref(r, 'app'), CFG_A));
    expect(e.exitCode).toBe(6);
  });
});

describe('authentication', () => {
  test('Bearer: challenge, token with Basic credentials, token reused for the next request', async () => {
    const r = await fake({ auth: 'bearer', user: 'u', password: 's3cret-pw' });
    r.putManifest('team/app', 'v1', image(CFG_A), V2);
    const { c, logger } = client({ authfile: await authfile(r.host, 'u', 's3cret-pw') });
    expect(await c.headManifest(ref(r, 'team/app', 'v1'))).toBeDefined();
    expect(await c.headManifest(ref(r, 'team/app', 'v1'))).toBeDefined();
    expect(r.tokensIssued).toBe(1);
    const tokenReq = r.log.find((l) => l.url.startsWith('/token'))!;
    expect(tokenReq.url).toContain('scope=repository%3Ateam%2Fapp%3Apull');
    expect(tokenReq.url).toContain('service=fake');
    expect(tokenReq.authorization).toMatch(/^Basic /);
    expect(r.log.at(-1)!.authorization).toBe('Bearer tok-1');
    expect(logger.lines.join('\n')).not.toContain('s3cret-pw');
  });

  test('Bearer: anonymous pull token when the registry allows it', async () => {
    const r = await fake({ auth: 'bearer', anonymousPull: true });
    r.putManifest('app', 'v1', image(CFG_A), V2);
    expect(await client().c.headManifest(ref(r, 'app', 'v1'))).toBeDefined();
    expect(r.log.find((l) => l.url.startsWith('/token'))!.authorization).toBeUndefined();
  });

  test.each([
    ['wrong password', 'nope', 'were rejected'],
    ['no credentials', undefined, 'no credentials were found'],
  ])('Bearer with %s → UNAUTHORIZED (exit 4) naming host and repository', async (_n, pw, says) => {
    const r = await fake({ auth: 'bearer', user: 'u', password: 'right' });
    r.putManifest('app', 'v1', image(CFG_A), V2);
    const file = pw ? await authfile(r.host, 'u', pw) : undefined;
    const e = await thrown(client({ authfile: file }).c.headManifest(ref(r, 'app', 'v1')));
    expect(e.code).toBe('UNAUTHORIZED');
    expect(e.exitCode).toBe(4);
    expect(e.message).toContain(r.host);
    expect(e.message).toContain('401');
    expect(e.message).toContain(says);
    if (pw) expect(e.message).toContain(file);
    expect(`${e.message} ${e.hint}`).not.toContain(pw ?? 'right');
  });

  test('Basic: credentials sent after the challenge; wrong ones → exit 4', async () => {
    const r = await fake({ auth: 'basic', user: 'u', password: 'pw' });
    r.putManifest('app', 'v1', image(CFG_A), V2);
    const good = client({ authfile: await authfile(r.host, 'u', 'pw') }).c;
    expect(await good.headManifest(ref(r, 'app', 'v1'))).toBeDefined();
    expect(await good.headManifest(ref(r, 'app', 'v1'))).toBeDefined();
    expect(r.log.map((l) => l.authorization === undefined)).toEqual([true, false, false]);
    const bad = client({ authfile: await authfile(r.host, 'u', 'bad') }).c;
    expect((await thrown(bad.headManifest(ref(r, 'app', 'v1')))).code).toBe('UNAUTHORIZED');
    const none = client().c;
    expect((await thrown(none.getManifest(ref(r, 'app', 'v1')))).exitCode).toBe(4);
  });

  test('Basic: requests sent before the challenge was learnt each get their retry with credentials', async () => {
    const r = await fake({ auth: 'basic', user: 'u', password: 'pw' });
    r.putManifest('app', 'v1', image(CFG_A), V2);
    const { c } = client({ authfile: await authfile(r.host, 'u', 'pw') });
    // a ping (learns Basic) alongside a HEAD sent without credentials: the HEAD's 401 must not
    // read as "Basic refused" because the ping learnt the challenge meanwhile
    const [, head] = await Promise.all([
      c.authorizationHeader(r.host, 'app', ['pull', 'push']),
      c.headManifest(ref(r, 'app', 'v1')),
    ]);
    expect(head?.mediaType).toBe(V2);
  });

  test('identity token → OAuth2 refresh_token POST; registry token → sent as Bearer directly', async () => {
    const r = await fake({ auth: 'bearer', refreshToken: 'idtok' });
    r.putManifest('app', 'v1', image(CFG_A), V2);
    const c1 = client({ credentials: () => Promise.resolve({ identityToken: 'idtok' }) }).c;
    expect(await c1.headManifest(ref(r, 'app', 'v1'))).toBeDefined();
    const post = r.log.find((l) => l.method === 'POST')!;
    expect(post.body).toContain('grant_type=refresh_token');
    const r2 = await fake({ auth: 'bearer' });
    const c2 = client({ credentials: () => Promise.resolve({ registryToken: 'regtok' }) }).c;
    await thrown(c2.headManifest(ref(r2, 'app', 'v1')));
    expect(r2.log.at(-1)!.authorization).toBe('Bearer regtok');
  });

  test('passthrough fetch with a stream body learns the challenge first (ping)', async () => {
    const r = await fake({ auth: 'basic', user: 'u', password: 'pw' });
    const { c } = client({ authfile: await authfile(r.host, 'u', 'pw') });
    const res = await c.fetch(r.host, 'app', ['pull', 'push'], '/v2/', {
      method: 'POST',
      body: Readable.toWeb(Readable.from([Buffer.from('x')])) as ReadableStream,
      duplex: 'half',
    });
    expect(res.status).toBe(200);
    expect(r.log.map((l) => [l.method, l.authorization !== undefined])).toEqual([
      ['GET', false],
      ['POST', true],
    ]);
  });
});

describe('faults', () => {
  test('429 with Retry-After then 200: retried', async () => {
    const r = await fake();
    r.putManifest('app', 'v1', image(CFG_A), V2);
    r.inject('/manifests/', { kind: 'status', status: 429, headers: { 'Retry-After': '0' } });
    r.inject('/manifests/', { kind: 'status', status: 503 });
    expect(await client().c.headManifest(ref(r, 'app', 'v1'))).toBeDefined();
    expect(r.log.filter((l) => l.method === 'HEAD')).toHaveLength(3);
  });

  test('a Retry-After beyond the cap stops at once with RATE_LIMITED and the wait', async () => {
    const r = await fake();
    r.inject('/manifests/', { kind: 'status', status: 429, headers: { 'Retry-After': '3600' } });
    const e = await thrown(client().c.headManifest(ref(r, 'app', 'v1')));
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.exitCode).toBe(5);
    expect(e.message).toContain('3600 s');
    expect(r.log.filter((l) => l.method === 'HEAD')).toHaveLength(1);
  });

  test('500 every time → REGISTRY_ERROR after retries+1 attempts', async () => {
    const r = await fake();
    const fault = { kind: 'status', status: 500 } as const;
    r.inject('/manifests/', fault, fault, fault);
    const e = await thrown(client({ retries: 2 }).c.getManifest(ref(r, 'app', 'v1')));
    expect(e.code).toBe('REGISTRY_ERROR');
    expect(e.message).toMatch(/HTTP 500 .*after 3 attempts/);
    expect(e.message).toContain(`${r.host}/app`);
  });

  test('connection reset then success; reset every time → UNREACHABLE', async () => {
    const r = await fake();
    r.putManifest('app', 'v1', image(CFG_A), V2);
    r.inject('/manifests/', { kind: 'reset' });
    expect(await client().c.headManifest(ref(r, 'app', 'v1'))).toBeDefined();
    r.inject('/manifests/', { kind: 'reset' }, { kind: 'reset' });
    const e = await thrown(client({ retries: 1 }).c.headManifest(ref(r, 'app', 'v1')));
    expect(e.code).toBe('UNREACHABLE');
    expect(e.message).toContain('reset');
  });

  test('a stalled response → TIMEOUT within the configured time', async () => {
    const r = await fake();
    r.inject('/manifests/', { kind: 'stall' });
    const started = Date.now();
    const e = await thrown(client({ timeoutMs: 300 }).c.headManifest(ref(r, 'app', 'v1')));
    expect(e.code).toBe('TIMEOUT');
    expect(e.exitCode).toBe(5);
    expect(e.message).toContain('300 ms');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test('DNS failure names DNS', async () => {
    const e = await thrown(
      client().c.headManifest({ domain: 'registry.digestpin.invalid', path: 'app', tag: 'v1' }),
    );
    expect(e.code).toBe('UNREACHABLE');
    expect(e.message).toMatch(/registry\.digestpin\.invalid: DNS .*ENOTFOUND/);
  });

  test('connection refused names it', async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const e = await thrown(
      client().c.headManifest({ domain: `127.0.0.1:${port}`, path: 'app', tag: 'v1' }),
    );
    expect(e.code).toBe('UNREACHABLE');
    expect(e.message).toContain('connection refused');
  });

  test('DIGESTPIN_TIMEOUT_MS must be a positive integer', () => {
    expect(() => client({ timeoutMs: undefined, env: { DIGESTPIN_TIMEOUT_MS: 'soon' } })).toThrow(
      /DIGESTPIN_TIMEOUT_MS=soon/,
    );
  });
});

test('baseUrl: https for every host (loopback and --insecure too) until a ping finds no TLS; Docker Hub API host', () => {
  const { c } = client();
  expect(c.baseUrl('docker.io')).toBe('https://registry-1.docker.io');
  expect(c.baseUrl('ghcr.io')).toBe('https://ghcr.io');
  expect(c.baseUrl('localhost:5000')).toBe('https://localhost:5000');
  expect(c.baseUrl('127.0.0.5:80')).toBe('https://127.0.0.5:80');
  expect(c.baseUrl('[::1]:5000')).toBe('https://[::1]:5000');
  expect(client({ insecure: true }).c.baseUrl('reg.internal')).toBe('https://reg.internal');
});

test('a credentials override that has nothing for a host falls back to the files', async () => {
  const r = await fake({ auth: 'basic', user: 'u', password: 'pw' });
  r.putManifest('app', 'v1', image(CFG_A), V2);
  const asked: string[] = [];
  const { c } = client({
    env: { HOME: dir, XDG_RUNTIME_DIR: dir, REGISTRY_AUTH_FILE: await authfile(r.host, 'u', 'pw') },
    credentials: (host) => {
      asked.push(host);
      return Promise.resolve(undefined);
    },
  });
  expect(await c.headManifest(ref(r, 'app', 'v1'))).toBeDefined();
  expect(asked).toEqual([r.host]);
});

test('--authfile comes before the override (ECR), the override before the chain (DESIGN.md order)', async () => {
  const r = await fake({ auth: 'basic', user: 'u', password: 'pw' });
  r.putManifest('app', 'v1', image(CFG_A), V2);
  const ecr = () => Promise.resolve({ username: 'AWS', password: 'wrong', source: 'ECR' });
  const { c } = client({ authfile: await authfile(r.host, 'u', 'pw'), credentials: ecr });
  expect(await c.headManifest(ref(r, 'app', 'v1'))).toBeDefined();
  const chained = client({
    env: { HOME: dir, XDG_RUNTIME_DIR: dir, REGISTRY_AUTH_FILE: await authfile(r.host, 'u', 'pw') },
    credentials: ecr,
  }).c;
  await expect(chained.headManifest(ref(r, 'app', 'v1'))).rejects.toMatchObject({
    code: 'UNAUTHORIZED',
    message: expect.stringContaining('credentials from ECR were rejected'),
  });
});

describe('prepare (a ping sent ahead, while the caller still reads files)', () => {
  test('Bearer: the challenge is learnt ahead, so the first HEAD carries its token at once', async () => {
    const r = await fake({ auth: 'bearer', user: 'u', password: 'pw' });
    r.putManifest('team/app', 'v1', image(CFG_A), V2);
    const { c } = client({ authfile: await authfile(r.host, 'u', 'pw') });
    c.prepare(r.host);
    c.prepare(r.host); // once per host
    expect(await c.headManifest(ref(r, 'team/app', 'v1'))).toBeDefined();
    expect(r.log.map((l) => `${l.method} ${l.url.split('?')[0]}`)).toEqual([
      'GET /v2/',
      'GET /token',
      'HEAD /v2/team/app/manifests/v1',
    ]);
    expect(r.log.at(-1)!.authorization).toBe('Bearer tok-1');
  });

  test('a ping that fails: the first request fails with its error without waiting again, later ones try afresh', async () => {
    const r = await fake();
    r.putManifest('app', 'v1', image(CFG_A), V2);
    r.inject('/v2/', { kind: 'stall' }); // the ping only: the first request to arrive
    const { c } = client({ retries: 0, timeoutMs: 300 });
    c.prepare(r.host);
    const t0 = Date.now();
    const first = await thrown(c.headManifest(ref(r, 'app', 'v1')));
    expect(first.code).toBe('TIMEOUT');
    expect(Date.now() - t0).toBeLessThan(550); // one timeout, not the ping's and then its own
    expect(r.log.map((l) => l.url)).toEqual(['/v2/']);
    expect(await c.headManifest(ref(r, 'app', 'v1'))).toBeDefined();
  });

  test('a ping answered 5xx teaches nothing and fails nothing: requests go as without it', async () => {
    const r = await fake({ auth: 'basic', user: 'u', password: 'pw' });
    r.putManifest('app', 'v1', image(CFG_A), V2);
    r.inject('/v2/', { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const { c } = client({ authfile: await authfile(r.host, 'u', 'pw'), retries: 1 });
    c.prepare(r.host);
    expect(await c.headManifest(ref(r, 'app', 'v1'))).toBeDefined();
  });
});

describe('ping', () => {
  test('callers that need the challenge at the same time share one GET /v2/', async () => {
    const r = await fake({ auth: 'basic', user: 'u', password: 'pw' });
    const { c } = client({ authfile: await authfile(r.host, 'u', 'pw') });
    const headers = await Promise.all(
      [1, 2, 3].map(() => c.authorizationHeader(r.host, 'app', ['pull', 'push'])),
    );
    expect(headers).toEqual([1, 2, 3].map(() => `Basic ${Buffer.from('u:pw').toString('base64')}`));
    expect(r.log.filter((l) => l.url === '/v2/')).toHaveLength(1);
    // learnt once: later callers send nothing more
    await c.authorizationHeader(r.host, 'app', ['pull']);
    expect(r.log).toHaveLength(1);
  });
});
