// The fault proxy itself, against a tiny in-process HTTP upstream (no child processes).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { faults, startFaultProxy, type Fault, type FaultProxy } from '../support/faults.js';

interface Seen {
  method: string;
  url: string;
  bytes: number;
  complete: boolean;
}
const seen: Seen[] = [];
let upstream: http.Server;
let upstreamUrl: string;
let proxy: FaultProxy;

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    const entry: Seen = { method: req.method!, url: req.url!, bytes: 0, complete: false };
    req.on('data', (c: Buffer) => (entry.bytes += c.length));
    req.on('end', () => {
      entry.complete = true;
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Upstream': 'yes' });
      res.end(JSON.stringify({ method: req.method, url: req.url, bytes: entry.bytes }));
    });
    req.on('close', () => seen.push(entry));
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => upstream.close(() => r())));
afterEach(async () => {
  await proxy?.stop();
  seen.length = 0;
});

const get = (path: string, init: RequestInit = {}) => fetch(`${proxy.url}${path}`, init);

describe('forwarding', () => {
  test('unmatched requests reach the upstream unchanged and are recorded', async () => {
    proxy = await startFaultProxy(upstreamUrl, [{ path: /\/never/, fault: faults.status(500) }]);
    const res = await get('/v2/demo/blobs/uploads/?x=1', {
      method: 'PUT',
      body: 'hello',
      headers: { 'X-Test': 'a' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-upstream')).toBe('yes');
    expect(await res.json()).toEqual({
      method: 'PUT',
      url: '/v2/demo/blobs/uploads/?x=1',
      bytes: 5,
    });
    expect(proxy.requests).toHaveLength(1);
    expect(proxy.requests[0]).toMatchObject({ method: 'PUT', path: '/v2/demo/blobs/uploads/?x=1' });
    expect(proxy.requests[0].headers['x-test']).toBe('a');
    expect(proxy.requests[0].fault).toBeUndefined();
    // the Host header is kept, so upstream Location URLs point back at the proxy
    expect(proxy.requests[0].headers.host).toBe(proxy.host);
  });

  test('an unreachable upstream becomes a 502', async () => {
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    proxy = await startFaultProxy(`http://127.0.0.1:${port}`);
    const res = await get('/v2/');
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/ECONNREFUSED/);
  });
});

describe('status faults', () => {
  test.each<[string, Fault, number, string | null, Record<string, string>]>([
    [
      '401 + challenge',
      faults.unauthorized(),
      401,
      'UNAUTHORIZED',
      { 'www-authenticate': 'Basic realm="fault-proxy"' },
    ],
    [
      '401 bearer',
      faults.unauthorized('Bearer realm="http://x/token"'),
      401,
      'UNAUTHORIZED',
      { 'www-authenticate': 'Bearer realm="http://x/token"' },
    ],
    ['403', faults.status(403), 403, 'DENIED', {}],
    [
      '404 name unknown',
      faults.status(404, { errorCode: 'NAME_UNKNOWN' }),
      404,
      'NAME_UNKNOWN',
      {},
    ],
    [
      '429 + Retry-After',
      faults.tooManyRequests(7),
      429,
      'TOOMANYREQUESTS',
      { 'retry-after': '7' },
    ],
    ['500 JSON', faults.status(500), 500, 'UNKNOWN', {}],
    ['502 no body', faults.status(502, { errorCode: null }), 502, null, {}],
    ['503 no body', faults.status(503, { errorCode: null }), 503, null, {}],
  ])('%s', async (_name, fault, status, code, headers) => {
    proxy = await startFaultProxy(upstreamUrl, [{ method: 'get', path: /manifests/, fault }]);
    const res = await get('/v2/demo/app/manifests/t1');
    expect(res.status).toBe(status);
    for (const [key, value] of Object.entries(headers)) expect(res.headers.get(key)).toBe(value);
    const body = await res.text();
    if (code) expect(JSON.parse(body).errors[0].code).toBe(code);
    else expect(body).toBe('');
    expect(seen).toHaveLength(0);
    expect(proxy.requests[0].fault).toBe('0');
  });

  test('HEAD gets the status without a body', async () => {
    proxy = await startFaultProxy(upstreamUrl, [{ path: /./, fault: faults.status(404) }]);
    const res = await get('/v2/x/manifests/y', { method: 'HEAD' });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('');
  });
});

describe('matching', () => {
  test('count limits a rule to the first N matching requests; method must match', async () => {
    proxy = await startFaultProxy(upstreamUrl, [
      {
        name: 'flaky',
        method: 'HEAD',
        path: /^\/v2\/.*\/manifests\//,
        count: 2,
        fault: faults.status(503),
      },
    ]);
    const statuses = [];
    statuses.push((await get('/v2/a/manifests/t')).status); // GET: not matched
    for (let i = 0; i < 3; i++)
      statuses.push((await get('/v2/a/manifests/t', { method: 'HEAD' })).status);
    expect(statuses).toEqual([200, 503, 503, 200]);
    expect(proxy.hits('flaky')).toBe(2);
    expect(proxy.requests.map((r) => r.fault)).toEqual([undefined, 'flaky', 'flaky', undefined]);
  });

  test('rules can be replaced and added at runtime', async () => {
    proxy = await startFaultProxy(upstreamUrl);
    expect((await get('/v2/')).status).toBe(200);
    proxy.setRules([{ path: /^\/v2\/$/, fault: faults.status(401) }]);
    expect((await get('/v2/')).status).toBe(401);
    proxy.addRule({ name: 'tags', path: /tags/, fault: faults.status(403) });
    expect((await get('/v2/x/tags/list')).status).toBe(403);
    proxy.setRules([]);
    expect((await get('/v2/')).status).toBe(200);
  });
});

describe('connection faults', () => {
  test('reset closes the connection without an answer', async () => {
    proxy = await startFaultProxy(upstreamUrl, [{ path: /blobs/, fault: faults.reset() }]);
    await expect(get('/v2/a/blobs/sha256:00')).rejects.toThrow();
    expect(seen).toHaveLength(0);
  });

  test('resetAfter forwards part of an upload, then resets', async () => {
    proxy = await startFaultProxy(upstreamUrl, [
      { method: 'PATCH', path: /uploads/, fault: faults.resetAfter(1000) },
    ]);
    await expect(
      get('/v2/a/blobs/uploads/u1', { method: 'PATCH', body: Buffer.alloc(1 << 20, 1) }),
    ).rejects.toThrow();
    await waitFor(() => seen.length === 1);
    expect(seen[0].complete).toBe(false);
    expect(seen[0].bytes).toBe(1000);
    // a body shorter than the limit passes through
    const small = await get('/v2/a/blobs/uploads/u2', { method: 'PATCH', body: 'tiny' });
    expect(await small.json()).toMatchObject({ bytes: 4 });
  });

  test('stall never answers; stop() closes the stalled connection', async () => {
    proxy = await startFaultProxy(upstreamUrl, [{ path: /slow/, fault: faults.stall() }]);
    const pending = get('/slow');
    const outcome = await Promise.race([
      pending.then(
        () => 'answered',
        () => 'failed',
      ),
      new Promise((r) => setTimeout(() => r('pending'), 300)),
    ]);
    expect(outcome).toBe('pending');
    await proxy.stop();
    await expect(pending).rejects.toThrow();
    await proxy.stop(); // twice is fine
  });

  test('delay forwards after the given time', async () => {
    proxy = await startFaultProxy(upstreamUrl, [{ path: /late/, fault: faults.delay(250) }]);
    const started = Date.now();
    const res = await get('/late', { method: 'POST', body: 'abc' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ bytes: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
