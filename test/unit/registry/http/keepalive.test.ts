import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { keepAliveRequest } from '../../../../src/registry/http/keepalive.js';
import { keepAliveHead } from '../../../support/keepalive.js';

let server: http.Server;
let base: string;
let connections = 0;
const seen: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    if (req.method === 'PUT') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const got = Buffer.concat(chunks).toString('utf8');
        const body =
          req.url === '/put-refused' ? `{"errors":[{"code":"TAG_INVALID"}],"got":"${got}"}` : '';
        res.writeHead(req.url === '/put-refused' ? 400 : 201, {
          'Content-Length': Buffer.byteLength(body),
          'Docker-Content-Digest': 'sha256:put',
        });
        res.end(body);
      });
      return;
    }
    if (req.url === '/get') {
      res.writeHead(200, { 'Content-Length': 3 });
      res.end('abc');
      return;
    }
    if (req.url === '/redirect') {
      res.writeHead(307, { Location: '/ok' });
      res.end();
      return;
    }
    res.writeHead(req.url === '/missing' ? 404 : 200, [
      ['Docker-Content-Digest', 'sha256:abc'],
      ['Content-Type', 'application/vnd.oci.image.manifest.v1+json'],
      ['Content-Length', '527'],
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
    ]);
    res.end();
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const signal = () => AbortSignal.timeout(5000);

describe('keepAliveHead', () => {
  test('answers as a fetch Response with the headers, and reuses one connection', async () => {
    connections = 0;
    for (let i = 0; i < 20; i++) {
      const res = await keepAliveHead(`${base}/ok`, new Headers({ Accept: 'x/y' }), signal());
      expect(res?.status).toBe(200);
      expect(res?.headers.get('docker-content-digest')).toBe('sha256:abc');
      expect(res?.headers.get('content-length')).toBe('527');
      expect(res?.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    }
    expect(connections).toBe(1);
    expect(seen.at(-1)?.accept).toBe('x/y');
  });

  test('a 404 is a response; a redirect is left to fetch (undefined)', async () => {
    expect((await keepAliveHead(`${base}/missing`, new Headers(), signal()))?.status).toBe(404);
    expect(await keepAliveHead(`${base}/redirect`, new Headers(), signal())).toBeUndefined();
  });

  test('socket errors and aborts reject with their code', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(
      keepAliveHead(`http://127.0.0.1:${port}/`, new Headers(), signal()),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(keepAliveHead(`${base}/ok`, new Headers(), ctrl.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('keepAliveRequest PUT', () => {
  test.each([
    ['/put', 201, ''],
    ['/put-refused', 400, '{"errors":[{"code":"TAG_INVALID"}],"got":"manifest-bytes"}'],
  ])('%s → %i with the body sent, read and replayed as a stream', async (p, status, text) => {
    const got = await keepAliveRequest(
      `${base}${p}`,
      'PUT',
      { 'Content-Type': 'application/x-test' },
      signal(),
      Buffer.from('manifest-bytes'),
    );
    expect(got?.res.status).toBe(status);
    expect(got?.res.headers.get('docker-content-digest')).toBe('sha256:put');
    expect(got?.body.toString('utf8')).toBe(text);
    expect(seen.at(-1)?.['content-type']).toBe('application/x-test');
    expect(seen.at(-1)?.['content-length']).toBe('14');
    const body = got?.res.body;
    if (text === '') expect(body).toBeNull();
    else expect(Buffer.from(await new Response(body).arrayBuffer()).toString('utf8')).toBe(text);
    expect(got?.res.body).toBe(body); // the same stream on every read
  });

  test('a GET read whole keeps body null (the bytes come with the exchange)', async () => {
    const got = await keepAliveRequest(`${base}/get`, 'GET', {}, signal());
    expect(got?.body.toString('utf8')).toBe('abc');
    expect(got?.res.body).toBeNull();
  });
});
