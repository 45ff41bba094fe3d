// resolve and pin --resolve take the digest from the manifest's bytes (issue 16): a registry whose
// Docker-Content-Digest header lies (sha256:000…, on HEAD and GET) must not get that digest
// pinned. A loopback server answers the manifest with real bytes and the lying header; the built
// CLI must print and write the sha256 of the bytes.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runCli, tempDirs } from '../../support/cli.js';

const V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const LIE = `sha256:${'0'.repeat(64)}`;
const MANIFEST = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: V2,
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 2,
      digest: `sha256:${'c'.repeat(64)}`,
    },
    layers: [],
  }),
);
const REAL = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;
const tmp = tempDirs('digestpin-lie-');
let server: http.Server;
let host: string;
let home: string;

beforeAll(async () => {
  home = await tmp.make();
  server = http.createServer((req, res) => {
    if (req.url === '/v2/') res.writeHead(200).end('{}');
    else if (req.url === '/v2/team/app/manifests/v1')
      res
        .writeHead(200, {
          'content-type': V2,
          'content-length': String(MANIFEST.length),
          'docker-content-digest': LIE,
        })
        .end(req.method === 'HEAD' ? undefined : MANIFEST);
    else
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await tmp.cleanup();
});

const env = () => ({
  PATH: process.env.PATH,
  HOME: home,
  XDG_RUNTIME_DIR: home,
  DIGESTPIN_RETRIES: '0',
});

describe('a registry whose Docker-Content-Digest lies', () => {
  test('resolve prints the digest of the bytes', async () => {
    const r = await runCli(['resolve', `${host}/team/app:v1`], { env: env(), extendEnv: false });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${host}/team/app:v1@${REAL}\n`);
    expect(r.stdout).not.toContain(LIE);
  });

  test('pin --resolve writes the digest of the bytes', async () => {
    const file = path.join(home, 'deploy.yaml');
    await writeFile(file, `kind: Pod\nspec:\n  containers:\n    - image: ${host}/team/app:v1\n`);
    const r = await runCli(['pin', '--resolve', file], { env: env(), extendEnv: false });
    expect(r.exitCode).toBe(0);
    const written = await readFile(file, 'utf8');
    expect(written).toContain(`${host}/team/app:v1@${REAL}`);
    expect(written).not.toContain(LIE);
  });
});
