// RegistryClient.confirmManifests: a pipelined answer counts only when it is a 200 naming the very
// digest asked, with a manifest media type and a size; what is not eligible is not sent; auth comes
// from the challenge a headManifest learnt (Basic, or one Bearer token per repository).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { memoryLogger } from '../../support/logger.js';
import { RegistryClient, type RegistryClientOptions } from '../../../src/registry/client.js';
import { startFakeRegistry, type FakeOptions, type FakeRegistry } from './fake-registry.js';
import { pathOf, scripted, type Handler, type Scripted } from './http/pipeline-server.js';

const V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const OCI = 'application/vnd.oci.image.manifest.v1+json';
const doc = (n: number) => ({ schemaVersion: 2, mediaType: V2, config: { n }, layers: [] });
const sha = (c: string) => `sha256:${c.repeat(64)}`;

let dir: string;
const closers: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'digestpin-confirm-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c.close()));
});
async function fake(o: FakeOptions = {}): Promise<FakeRegistry> {
  const r = await startFakeRegistry(o);
  closers.push(r);
  return r;
}
/** The scripted server; the client's ping (GET /v2/: is TLS spoken there?) gets a plain 200. */
async function raw(handler: Handler): Promise<Scripted> {
  const s = await scripted((conn, request, reply) =>
    request.startsWith('GET /v2/ ')
      ? reply('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')
      : handler(conn, request, reply),
  );
  closers.push(s);
  return s;
}

async function client(o: Partial<RegistryClientOptions> & { login?: string } = {}) {
  let authfile: string | undefined;
  if (o.login) {
    authfile = path.join(dir, `auth-${Math.random().toString(36).slice(2)}.json`);
    const [host, user, password] = o.login.split(' ');
    const auth = Buffer.from(`${user}:${password}`).toString('base64');
    await writeFile(authfile, JSON.stringify({ auths: { [host]: { auth } } }));
  }
  const logger = memoryLogger();
  const c = new RegistryClient({
    env: { HOME: dir },
    logger,
    retries: 0,
    timeoutMs: 5000,
    authfile,
    ...o,
  });
  return { c, logger };
}

const ref = (host: string, repo: string, digest?: string, tag?: string) => ({
  domain: host,
  path: repo,
  digest,
  tag,
});
const heads = (r: FakeRegistry) => r.log.filter((l) => l.method === 'HEAD');

describe('against the fake registry', () => {
  test('present manifests are confirmed by their digest, absent ones are not; one HEAD each', async () => {
    const r = await fake();
    const d = [1, 2, 3].map((n) =>
      r.putManifest(`team/r${n}`, undefined, doc(n), n === 2 ? OCI : V2),
    );
    const refs = [
      ref(r.host, 'team/r1', d[0]),
      ref(r.host, 'team/r2', d[1]),
      ref(r.host, 'team/r1', sha('e')),
      ref(r.host, 'team/r3', d[2]),
      ref(r.host, 'team/none', sha('f')),
    ];
    const { c, logger } = await client();
    const out = await c.confirmManifests(refs, 2);
    expect(out).toEqual([
      { digest: d[0], mediaType: V2, size: expect.any(Number) },
      { digest: d[1], mediaType: OCI, size: expect.any(Number) },
      undefined,
      { digest: d[2], mediaType: V2, size: expect.any(Number) },
      undefined,
    ]);
    expect(out[0]).toEqual(await c.headManifest(refs[0]));
    expect(heads(r).map((l) => l.url)).toHaveLength(5 + 1);
    expect(logger.lines.join('\n')).toContain('3 of 5 manifests confirmed');
  });

  test('not sent: a digest named twice, non-sha256, tag only, another host', async () => {
    const r = await fake();
    const shared = r.putManifest('a', undefined, doc(1), V2);
    r.putManifest('b', undefined, doc(1), V2);
    const own = r.putManifest('c', undefined, doc(2), V2);
    const refs = [
      ref(r.host, 'a', shared),
      ref(r.host, 'b', shared),
      ref(r.host, 'c', `sha512:${'1'.repeat(128)}`),
      ref(r.host, 'c', undefined, 'v1'),
      ref('other.example:5000', 'c', sha('7')),
      ref(r.host, 'c', own),
    ];
    const { c } = await client();
    const out = await c.confirmManifests(refs, 4);
    expect(out.map((o) => o?.digest)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      own,
    ]);
    expect(heads(r).map((l) => l.url)).toEqual([`/v2/c/manifests/${own}`]);
  });

  test('Basic: after one headManifest the pipelined HEADs carry the Authorization header', async () => {
    const r = await fake({ auth: 'basic', user: 'ci', password: 'pw' });
    const d = [1, 2, 3, 4].map((n) => r.putManifest(`r${n % 2}`, undefined, doc(n), V2));
    const { c } = await client({ login: `${r.host} ci pw` });
    const refs = d.map((x, i) => ref(r.host, `r${(i + 1) % 2}`, x));
    expect(await c.headManifest(refs[0])).toBeDefined();
    const before = r.log.length;
    const out = await c.confirmManifests(refs.slice(1), 2);
    expect(out.map((o) => o?.digest)).toEqual(d.slice(1));
    const sent = r.log.slice(before);
    expect(sent).toHaveLength(3);
    for (const l of sent)
      expect(l.authorization).toBe(`Basic ${Buffer.from('ci:pw').toString('base64')}`);
  });

  test('Basic without a request before: the ping (is TLS spoken there?) learns the challenge, all confirmed', async () => {
    const r = await fake({ auth: 'basic', user: 'ci', password: 'pw' });
    const d = [1, 2].map((n) => r.putManifest('r', undefined, doc(n), V2));
    const { c } = await client({ login: `${r.host} ci pw` });
    const out = await c.confirmManifests(
      d.map((x) => ref(r.host, 'r', x)),
      2,
    );
    expect(out.map((o) => o?.digest)).toEqual(d);
    expect(r.log.map((l) => l.method)).toEqual(['GET', 'HEAD', 'HEAD']);
  });

  test('Bearer: one token per repository, all confirmed', async () => {
    const r = await fake({ auth: 'bearer', user: 'ci', password: 'pw' });
    const refs = [0, 1, 2, 3, 4, 5].map((n) =>
      ref(r.host, `repo${n % 3}`, r.putManifest(`repo${n % 3}`, undefined, doc(n), V2)),
    );
    const { c } = await client({ login: `${r.host} ci pw` });
    expect(await c.headManifest(refs[0])).toBeDefined();
    expect(r.tokensIssued).toBe(1);
    const out = await c.confirmManifests(refs.slice(1), 4);
    expect(out.map((o) => o?.digest)).toEqual(refs.slice(1).map((x) => x.digest));
    expect(r.tokensIssued).toBe(3);
  });

  test('Bearer: a repository whose token fails is not sent, the others are', async () => {
    const r = await fake({ auth: 'bearer', user: 'ci', password: 'pw' });
    const refs = [0, 1, 2, 3].map((n) =>
      ref(r.host, `repo${n % 2}`, r.putManifest(`repo${n % 2}`, undefined, doc(n), V2)),
    );
    const { c } = await client({ login: `${r.host} ci pw` });
    expect(await c.headManifest(refs[0])).toBeDefined();
    r.inject('/token', { kind: 'status', status: 500 });
    const before = r.log.length;
    const out = await c.confirmManifests([refs[1], refs[3], refs[2]], 2);
    // repo1's token request got the 500: its refs are not sent; repo0's is, with its cached token
    expect(out.map((o) => o?.digest)).toEqual([undefined, undefined, refs[2].digest]);
    const sent = r.log.slice(before).filter((l) => l.method === 'HEAD');
    expect(sent.map((l) => l.url)).toEqual([`/v2/repo0/manifests/${refs[2].digest}`]);
  });
});

/** A raw server answering every HEAD with `answer(digest from the path)`. */
const answering =
  (answer: (digest: string) => string): Handler =>
  (_, request, reply) =>
    reply(answer(pathOf(request).split('/manifests/')[1]));
const good = (d: string, extra = `Content-Type: ${V2}\r\nContent-Length: 42\r\n`) =>
  `HTTP/1.1 200 OK\r\nDocker-Content-Digest: ${d}\r\n${extra}\r\n`;

describe('answer shapes (raw server)', () => {
  test.each([
    ['valid', true, (d: string) => good(d)],
    [
      'media type with parameters',
      true,
      (d: string) => good(d, `Content-Type: ${V2}; charset=utf-8\r\nContent-Length: 7\r\n`),
    ],
    ['another digest', false, () => good(sha('9'))],
    [
      'no digest header',
      false,
      (d: string) => good(d).replace(/Docker-Content-Digest: .*\r\n/, ''),
    ],
    ['404', false, (d: string) => good(d).replace('200 OK', '404 Not Found')],
    ['307', false, (d: string) => good(d).replace('200 OK', '307 Temporary Redirect')],
    ['no content type', false, (d: string) => good(d, 'Content-Length: 42\r\n')],
    [
      'not a manifest type',
      false,
      (d: string) => good(d, 'Content-Type: text/plain\r\nContent-Length: 42\r\n'),
    ],
    ['no content length', false, (d: string) => good(d, `Content-Type: ${V2}\r\n`)],
    [
      'length not a number',
      false,
      (d: string) => good(d, `Content-Type: ${V2}\r\nContent-Length: 4x\r\n`),
    ],
  ])('%s → confirmed: %s', async (_, confirmed, answer) => {
    const s = await raw(answering(answer));
    const { c } = await client();
    const refs = [sha('a'), sha('b')].map((d) => ref(s.host, 'r', d));
    const out = await c.confirmManifests(refs, 1);
    expect(out).toEqual(
      refs.map((r) =>
        confirmed ? { digest: r.digest, mediaType: V2, size: expect.any(Number) } : undefined,
      ),
    );
  });

  test('a server that repeats an answer shifts the rest: none is confirmed for the wrong digest', async () => {
    const s = await raw((conn, request, reply) => {
      const d = pathOf(request).split('/manifests/')[1];
      reply(conn.answered === 0 ? good(d) + good(d) : good(d));
    });
    const { c } = await client();
    const refs = ['a', 'b', 'c', 'd'].map((x) => ref(s.host, 'r', sha(x)));
    const out = await c.confirmManifests(refs, 1);
    expect(out[0]?.digest).toBe(sha('a'));
    out.forEach((o, i) => expect([undefined, refs[i].digest]).toContain(o?.digest));
    expect(out.filter(Boolean).length).toBeLessThan(4);
  });

  test('a stalled server costs the client timeout (under the 5 s cap), not more', async () => {
    const s = await raw(() => undefined);
    const { c } = await client({ timeoutMs: 200 });
    const started = Date.now();
    expect(await c.confirmManifests([ref(s.host, 'r', sha('a'))], 1)).toEqual([undefined]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
