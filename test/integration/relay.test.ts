import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../src/log.js';
import { relayCertificate } from '../../src/push/relay/certificate.js';
import { startRelay, type TagDecision, type TagPut } from '../../src/push/relay/server.js';
import { skopeoCopy } from '../../src/push/skopeo.js';
import { writeOciImage } from '../support/image.js';
import { anonymousUpstream } from '../support/relay.js';
import { startRegistry, type Registry } from '../support/registry.js';
import { tempDirs } from '../support/cli.js';

const tmp = tempDirs();
let registry: Registry;

beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  await registry.stop();
  await tmp.cleanup();
});

const ACCEPT = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/** The relay's one-time secret in the tests below, and the header that presents it. */
const SECRET = { username: 'digestpin', password: 's3' };
const BASIC = `Basic ${Buffer.from('digestpin:s3').toString('base64')}`;

/** A relay (plain HTTP, Basic) for `repository` on the test registry, writing every tag. */
function basicRelay(repository: string, upstream = anonymousUpstream(registry.url)) {
  return startRelay({
    credentials: SECRET,
    repository,
    upstream,
    logger: silentLogger,
    onTagPut: () => Promise.resolve({ action: 'write' }),
  });
}

async function headTag(repo: string, tag: string): Promise<string | undefined> {
  const res = await fetch(`${registry.url}/v2/${repo}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { accept: ACCEPT },
  });
  return res.status === 200 ? (res.headers.get('docker-content-digest') ?? undefined) : undefined;
}

async function pushViaRelay(
  repo: string,
  tag: string,
  decide: (put: TagPut) => Promise<TagDecision>,
  opts: { all?: boolean; format?: 'v2s2' | 'oci'; platforms?: string[] } = {},
) {
  const image = await writeOciImage(await tmp.make(), {
    layers: [{ size: 2048, random: true }],
    ...(opts.platforms ? { platforms: opts.platforms } : {}),
  });
  const puts: TagPut[] = [];
  const credentials = { username: 'digestpin', password: 'one-time-secret' };
  const relay = await startRelay({
    credentials,
    repository: repo,
    upstream: anonymousUpstream(registry.url),
    logger: silentLogger,
    onTagPut: (put) => {
      puts.push(put);
      return decide(put);
    },
  });
  try {
    const result = await skopeoCopy({
      source: image.ref,
      dest: `docker://${relay.host}/${repo}:${tag}`,
      destLabel: `${registry.host}/${repo}:${tag}`,
      format: opts.format ?? 'v2s2',
      all: opts.all ?? false,
      destTlsVerify: false,
      destAuth: { host: relay.host, ...credentials },
      commandTimeout: 30_000,
    }).catch((err: unknown) => err);
    return { result, puts, outcome: relay.outcome(), image };
  } finally {
    await relay.close();
  }
}

describe('push relay', () => {
  test('write: the tag is written last, by the relay, and skopeo reports our digest', async () => {
    const r = await pushViaRelay('relay/write', 't1', async (put) => {
      // At decision time the manifest exists by digest but the tag does not.
      expect(await headTag('relay/write', put.digest)).toBe(put.digest);
      expect(await headTag('relay/write', 't1')).toBeUndefined();
      return { action: 'write' };
    });
    expect(r.result).toEqual({ digest: r.puts[0].digest });
    expect(r.outcome).toEqual({ kind: 'written', digest: r.puts[0].digest });
    expect(await headTag('relay/write', 't1')).toBe(r.puts[0].digest);
    expect(r.puts[0].mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
  });

  test('skip: skopeo succeeds and the tag is not written', async () => {
    const r = await pushViaRelay('relay/skip', 't1', () =>
      Promise.resolve({ action: 'skip', digest: 'sha256:' + 'a'.repeat(64) }),
    );
    expect(r.result).toEqual({ digest: r.puts[0].digest });
    expect(r.outcome).toMatchObject({ kind: 'skipped', digest: 'sha256:' + 'a'.repeat(64) });
    expect(await headTag('relay/skip', 't1')).toBeUndefined();
  });

  test('refuse: skopeo fails with TAG_EXISTS and the tag is not written', async () => {
    const r = await pushViaRelay('relay/refuse', 't1', () =>
      Promise.resolve({ action: 'refuse', message: 'tag exists: it holds another image' }),
    );
    expect(r.result).toMatchObject({ code: 'TAG_EXISTS' });
    expect(r.outcome).toMatchObject({ kind: 'refused' });
    expect(await headTag('relay/refuse', 't1')).toBeUndefined();
  });

  test('a failing decision never writes the tag', async () => {
    const r = await pushViaRelay('relay/fail', 't1', () => Promise.reject(new Error('boom')));
    expect(r.result).toBeInstanceOf(Error);
    expect(r.outcome).toMatchObject({ kind: 'failed' });
    expect(await headTag('relay/fail', 't1')).toBeUndefined();
  });

  test('--all with an index: instances pass through, only the list PUT by tag is intercepted', async () => {
    const r = await pushViaRelay('relay/all', 'multi', () => Promise.resolve({ action: 'write' }), {
      all: true,
      format: 'oci',
      platforms: ['linux/amd64', 'linux/arm64'],
    });
    expect(r.puts).toHaveLength(1);
    expect(r.puts[0].mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(r.result).toEqual({ digest: r.puts[0].digest });
    expect(await headTag('relay/all', 'multi')).toBe(r.puts[0].digest);
  });

  test('only a client with the one-time secret may use the relay', async () => {
    const relay = await startRelay({
      credentials: SECRET,
      repository: 'relay/x',
      upstream: anonymousUpstream(registry.url),
      logger: silentLogger,
      onTagPut: () => Promise.resolve({ action: 'write' }),
    });
    try {
      const base = `http://${relay.host}/v2/`;
      const none = await fetch(base);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Basic /);
      const wrong = await fetch(base, {
        headers: { authorization: `Basic ${Buffer.from('digestpin:nope').toString('base64')}` },
      });
      expect(wrong.status).toBe(401);
      const put = await fetch(`http://${relay.host}/v2/relay/x/manifests/t`, {
        method: 'PUT',
        body: '{}',
      });
      expect(put.status).toBe(401);
      const ok = await fetch(base, {
        headers: { authorization: BASIC },
      });
      expect(ok.status).toBe(200);
    } finally {
      await relay.close();
    }
  });

  test('Bearer mode (TLS): the token endpoint answers only the secret holder; only tokens it issued are accepted', async () => {
    const tls = relayCertificate();
    const relay = await startRelay({
      credentials: SECRET,
      repository: 'relay/x',
      upstream: anonymousUpstream(registry.url),
      logger: silentLogger,
      tls,
      bearer: {
        wanted: () => Promise.resolve(true),
        token: () =>
          Promise.resolve({ token: 'upstream-token', issuedAt: Date.now(), expiresIn: 300 }),
      },
      onTagPut: () => Promise.resolve({ action: 'write' }),
    });
    const get = (p: string, authorization?: string) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
        (resolve, reject) => {
          https
            .get(
              `https://${relay.host}${p}`,
              { ca: tls.cert, headers: authorization ? { authorization } : {} },
              (res) => {
                let body = '';
                res.on('data', (c: Buffer) => (body += c.toString()));
                res.on('end', () =>
                  resolve({ status: res.statusCode ?? 0, headers: res.headers, body }),
                );
              },
            )
            .on('error', reject);
        },
      );
    try {
      const none = await get('/v2/');
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toBe(
        `Bearer realm="https://${relay.host}/_digestpin/token",service="digestpin-relay"`,
      );
      // a token nobody was given, and the endpoint without (or with a wrong) secret
      expect((await get('/v2/', 'Bearer upstream-token')).status).toBe(401);
      expect((await get('/_digestpin/token?scope=repository:relay/x:pull,push')).status).toBe(401);
      const wrong = `Basic ${Buffer.from('digestpin:nope').toString('base64')}`;
      expect((await get('/_digestpin/token', wrong)).status).toBe(401);
      const issued = await get('/_digestpin/token?scope=repository:relay/x:pull,push', BASIC);
      expect(issued.status).toBe(200);
      expect(JSON.parse(issued.body)).toMatchObject({ token: 'upstream-token', expires_in: 300 });
      expect((await get('/v2/', 'Bearer upstream-token')).status).toBe(200);
      expect((await get('/v2/', 'Bearer other-token')).status).toBe(401);
    } finally {
      await relay.close();
    }
  });

  // a token service that keeps failing (after the client's own retries) must be named in the
  // error, not hidden behind the relay's 502 (which skopeo reports as the registry's failure)
  test('a registry token that cannot be had: the relay answers 502 and keeps the fault, with the token error, for the push to name', async () => {
    const tokenError = new Error(
      'reading a token for repository:x:pull,push from https://auth/token: HTTP 503',
    );
    const tls = relayCertificate();
    const relay = await startRelay({
      credentials: SECRET,
      repository: 'x',
      upstream: {
        ...anonymousUpstream(registry.url),
        authorization: () => Promise.reject(tokenError),
      },
      logger: silentLogger,
      tls,
      bearer: {
        wanted: () => Promise.resolve(false),
        token: () => Promise.reject(tokenError),
      },
      onTagPut: () => Promise.resolve({ action: 'write' }),
    });
    const request = (method: string, p: string) =>
      new Promise<number>((resolve, reject) => {
        https
          .request(
            `https://${relay.host}${p}`,
            { method, ca: tls.cert, headers: { authorization: BASIC } },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          )
          .on('error', reject)
          .end();
      });
    try {
      expect(await request('HEAD', `/v2/x/blobs/sha256:${'a'.repeat(64)}`)).toBe(502);
      expect(relay.takeFault()).toMatchObject({
        step: 'blob check (HEAD)',
        error: tokenError,
        replayable: true,
      });
      expect(await request('GET', '/_digestpin/token?scope=repository:x:pull,push')).toBe(502);
      expect(relay.takeFault()).toMatchObject({ step: 'token request', error: tokenError });
    } finally {
      await relay.close();
    }
  });

  test('a manifest over 4 MiB: skopeo gets an answer and the push names the manifest PUT and the limit (exit 2, not a network failure)', async () => {
    const relay = await basicRelay('x');
    try {
      for (const [ref, step] of [
        ['t1', 'manifest PUT (by tag)'],
        [`sha256:${'b'.repeat(64)}`, 'manifest PUT by digest'],
      ] as const) {
        const put = await fetch(`http://${relay.host}/v2/x/manifests/${ref}`, {
          method: 'PUT',
          headers: {
            authorization: BASIC,
            'content-type': 'application/vnd.oci.image.index.v1+json',
          },
          body: Buffer.alloc(4 * 1024 * 1024 + 1, 0x20),
        });
        expect(put.status).toBe(502);
        const fault = relay.takeFault();
        expect(fault).toMatchObject({ step });
        expect(fault?.error).toMatchObject({
          code: 'INVALID_INPUT',
          exitCode: 2,
          message: expect.stringMatching(/4194305 bytes, over the 4194304/),
        });
      }
    } finally {
      await relay.close();
    }
  });

  test('skopeo going away in the middle of a request leaves no fault to hide its own error', async () => {
    const relay = await basicRelay('x');
    try {
      const [hostname, port] = relay.host.split(':');
      await new Promise<void>((resolve) => {
        const req = http.request({
          hostname,
          port: Number(port),
          method: 'PUT',
          path: `/v2/x/manifests/sha256:${'c'.repeat(64)}`,
          headers: { authorization: BASIC, 'content-length': 1000 },
        });
        req.on('error', () => resolve());
        req.write('{"schemaVersion":', () => setTimeout(() => req.destroy(), 50));
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(relay.takeFault()).toBeUndefined();
    } finally {
      await relay.close();
    }
  });

  test('a failure to learn where blob bytes go (the registry token) is not kept: the next upload asks again', async () => {
    let asked = 0;
    const relay = await basicRelay('relay/direct-again', {
      ...anonymousUpstream(registry.url),
      directUploads: () =>
        ++asked === 1 ? Promise.reject(new Error('token: HTTP 503')) : Promise.resolve(false),
    });
    const start = () =>
      fetch(`http://${relay.host}/v2/relay/direct-again/blobs/uploads/`, {
        method: 'POST',
        headers: { authorization: BASIC },
      });
    try {
      expect((await start()).status).toBe(502);
      expect(relay.takeFault()).toMatchObject({ step: 'upload start (POST)' });
      const again = await start();
      expect(again.status).toBe(202);
      expect(again.headers.get('location')).toMatch(/^\/v2\/relay\/direct-again\/blobs\/uploads\//);
      expect(asked).toBe(2);
    } finally {
      await relay.close();
    }
  });

  test('an upload location on another origin is reached through the relay, without our credentials', async () => {
    const seen: { url?: string; auth?: string; body: string }[] = [];
    const storage = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ url: req.url, auth: req.headers.authorization, body });
        res.writeHead(202, { location: '/v2/x/blobs/uploads/next' }).end();
      });
    });
    await new Promise<void>((r) => storage.listen(0, '127.0.0.1', r));
    const storageOrigin = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
    const api = http.createServer((_req, res) => {
      res.writeHead(202, { location: `${storageOrigin}/upload/abc?sig=1` }).end();
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const apiOrigin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    const relay = await startRelay({
      credentials: SECRET,
      repository: 'x',
      upstream: {
        ...anonymousUpstream(apiOrigin),
        authorization: () => Promise.resolve('Bearer upstream-token'),
      },
      logger: silentLogger,
      onTagPut: () => Promise.resolve({ action: 'write' }),
    });
    try {
      const started = await fetch(`http://${relay.host}/v2/x/blobs/uploads/`, {
        method: 'POST',
        headers: { authorization: BASIC },
      });
      const location = started.headers.get('location')!;
      expect(location).toMatch(/^\/_digestpin\/foreign\/[\w-]+\/upload\/abc\?sig=1$/);
      const patched = await fetch(`http://${relay.host}${location}`, {
        method: 'PATCH',
        headers: { authorization: BASIC },
        body: 'blob-bytes',
      });
      expect(patched.status).toBe(202);
      expect(seen).toEqual([{ url: '/upload/abc?sig=1', auth: undefined, body: 'blob-bytes' }]);
    } finally {
      await relay.close();
      storage.close();
      api.close();
    }
  });
});

describe('the relay reaches only the pushed repository on the one registry (issue 16)', () => {
  /** A registry stand-in that records every request and answers with `location`. */
  async function recorder(location?: (origin: string) => string) {
    const seen: { url?: string; auth?: string }[] = [];
    const server = http.createServer((req, res) => {
      seen.push({ url: req.url, auth: req.headers.authorization });
      req.resume();
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      res.writeHead(202, location ? { location: location(origin) } : {}).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { seen, origin, close: () => new Promise<void>((r) => server.close(() => r())) };
  }

  /** A raw request line (fetch would normalise `//host` and absolute-form targets away). */
  function rawRequest(host: string, method: string, target: string): Promise<number> {
    const [hostname, port] = host.split(':');
    return new Promise((resolve, reject) => {
      const req = http.request(
        { hostname, port: Number(port), method, path: target, headers: { authorization: BASIC } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  test('other repositories, other hosts, absolute-form and `..` requests are refused, never forwarded', async () => {
    const registryStandIn = await recorder();
    const elsewhere = await recorder();
    const relay = await startRelay({
      credentials: SECRET,
      repository: 'team/app',
      upstream: {
        ...anonymousUpstream(registryStandIn.origin),
        authorization: () => Promise.resolve('Bearer upstream-token'),
      },
      logger: silentLogger,
      onTagPut: () => Promise.resolve({ action: 'write' }),
    });
    try {
      const other = elsewhere.origin.slice('http://'.length);
      const refused = [
        ['GET', '/v2/team/other/manifests/t'],
        ['GET', '/v2/team/app/../other/manifests/t'],
        ['GET', `//${other}/v2/team/app/blobs/x`],
        ['GET', `${elsewhere.origin}/v2/team/app/blobs/x`],
        ['GET', '/_catalog'],
        ['GET', `/_digestpin/foreign/${Buffer.from(elsewhere.origin).toString('base64url')}/x`],
      ];
      for (const [method, target] of refused)
        expect({ target, status: await rawRequest(relay.host, method, target) }).toEqual({
          target,
          status: 403,
        });
      expect(await rawRequest(relay.host, 'GET', '/v2/team/app/blobs/sha256:ab')).toBe(202);
      expect(registryStandIn.seen.map((s) => s.url)).toEqual(['/v2/team/app/blobs/sha256:ab']);
      expect(elsewhere.seen).toEqual([]);
    } finally {
      await relay.close();
      await registryStandIn.close();
      await elsewhere.close();
    }
  });

  test('a Location that would take skopeo to another host (`//host/…` on the registry origin) stays on the relay and is refused there', async () => {
    const elsewhere = await recorder();
    const other = elsewhere.origin.slice('http://'.length);
    const registryStandIn = await recorder((origin) => `${origin}//${other}/steal?x=1`);
    const relay = await startRelay({
      credentials: SECRET,
      repository: 'team/app',
      upstream: {
        ...anonymousUpstream(registryStandIn.origin),
        authorization: () => Promise.resolve('Bearer upstream-token'),
      },
      logger: silentLogger,
      onTagPut: () => Promise.resolve({ action: 'write' }),
    });
    try {
      const started = await fetch(`http://${relay.host}/v2/team/app/blobs/uploads/`, {
        method: 'POST',
        headers: { authorization: BASIC },
      });
      const location = started.headers.get('location')!;
      // what skopeo would do with it: resolve it against the relay and send its secret there
      const next = new URL(location, `http://${relay.host}/v2/team/app/blobs/uploads/`);
      expect(next.host).toBe(relay.host);
      const patched = await fetch(next, {
        method: 'PATCH',
        headers: { authorization: BASIC },
        body: 'x',
      });
      // refused: it is not a path of the pushed repository
      expect(patched.status).toBe(403);
      expect(elsewhere.seen).toEqual([]);
      expect(registryStandIn.seen.map((s) => s.url)).toEqual(['/v2/team/app/blobs/uploads/']);
    } finally {
      await relay.close();
      await registryStandIn.close();
      await elsewhere.close();
    }
  });
});
