// Response caps (issue 16) on the paths the CLI test does not reach: a blob read whole (16 MiB),
// and a gzip-encoded manifest (read through fetch, counted after decoding: a small compressed
// answer that inflates past 4 MiB is cut too). A loopback server; the registry client.
import { gzipSync } from 'node:zlib';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { DigestpinError } from '../../../../src/errors.js';
import { memoryLogger } from '../../../support/logger.js';
import { RegistryClient } from '../../../../src/registry/client.js';

const V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const BIG_BLOB = Buffer.alloc(17 * 1024 * 1024, 'b');
const BOMB = gzipSync(Buffer.alloc(5 * 1024 * 1024, ' '));
let server: http.Server;
let host: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/v2/') res.writeHead(200).end('{}');
    else if (req.url?.includes('/blobs/'))
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(BIG_BLOB);
    else if (req.method === 'HEAD') res.writeHead(405).end();
    else res.writeHead(200, { 'content-type': V2, 'content-encoding': 'gzip' }).end(BOMB);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const client = () =>
  new RegistryClient({ env: { HOME: '/nonexistent' }, logger: memoryLogger(), retries: 0 });

async function failure(p: Promise<unknown>): Promise<DigestpinError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof DigestpinError))
    throw new Error(`expected a DigestpinError, got ${String(e)}`);
  return e;
}

test('a blob read whole past 16 MiB: REGISTRY_ERROR (exit 5) naming the host', async () => {
  const e = await failure(
    client().getBlob({ domain: host, path: 'app' }, `sha256:${'1'.repeat(64)}`),
  );
  expect(e.exitCode).toBe(5);
  expect(e.message).toContain(host);
  expect(e.message).toContain('longer than 16 MiB');
});

test('a gzip manifest that inflates past 4 MiB is cut after decoding', async () => {
  expect(BOMB.length).toBeLessThan(64 * 1024);
  const e = await failure(client().headManifest({ domain: host, path: 'app', tag: 'v1' }));
  expect(e.exitCode).toBe(5);
  expect(e.message).toContain('longer than 4 MiB');
});
