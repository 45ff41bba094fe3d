import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { keepAliveHead } from '../../../src/registry/head.js';

let server: http.Server;
let base: string;
let connections = 0;
const seen: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers);
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
