// Unbounded response bodies (issue 16): a host named by an image that streams an endless body
// must not take digestpin's memory with it. A loopback server streams up to 300 MiB (far past
// every cap, and enough to show on old code) as the ping, a token, a manifest or an error answer;
// the built CLI must exit 5 naming the host, its peak RSS (VmHWM of /proc/<pid>/status, polled
// while it runs) under 200 MB.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { cliPath, tempDirs } from '../../support/cli.js';

type Kind = 'ping' | 'token' | 'manifest' | 'error';
const ENDLESS = 300 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'a');
const V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const tmp = tempDirs('digestpin-body-');
let server: http.Server;
let host: string;
let kind: Kind = 'ping';
let home: string;

/** Writes CHUNKs until ENDLESS bytes went out or the client went away (backpressure kept). */
function endless(res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders) {
  res.writeHead(status, headers);
  let sent = 0;
  const more = (): void => {
    while (sent < ENDLESS && !res.destroyed) {
      sent += CHUNK.length;
      if (!res.write(CHUNK)) return void res.once('drain', more);
    }
    res.end();
  };
  res.on('close', () => (sent = ENDLESS));
  more();
}

beforeAll(async () => {
  home = await tmp.make();
  server = http.createServer((req, res) => {
    const url = req.url ?? '';
    if (url === '/v2/') {
      if (kind === 'ping') return endless(res, 200, { 'content-type': 'application/json' });
      if (kind === 'token')
        return res
          .writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="t"` })
          .end('{}');
      return res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    }
    if (url.startsWith('/token')) return endless(res, 200, { 'content-type': 'application/json' });
    if (url.includes('/manifests/')) {
      if (kind === 'manifest' && req.method === 'HEAD')
        return res.writeHead(200, { 'content-type': V2, 'content-length': '100' }).end();
      if (kind === 'manifest') return endless(res, 200, { 'content-type': V2 });
      if (req.method === 'HEAD') return res.writeHead(405).end();
      return endless(res, 500, { 'content-type': 'application/json' });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await tmp.cleanup();
});

/** Runs the built CLI, polling its VmHWM (kB) until it exits. */
async function runMeasured(args: string[]) {
  const child = execa(process.execPath, [cliPath, ...args], {
    reject: false,
    extendEnv: false,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      XDG_RUNTIME_DIR: home,
      DIGESTPIN_RETRIES: '0',
      DIGESTPIN_TIMEOUT_MS: '30000',
    },
    timeout: 60_000,
  });
  let peakKb = 0;
  const poll = setInterval(() => {
    readFile(`/proc/${child.pid}/status`, 'utf8')
      .then((s) => {
        const m = /VmHWM:\s+(\d+) kB/.exec(s);
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      })
      .catch(() => undefined);
  }, 10);
  const r = await child;
  clearInterval(poll);
  // verify reports per image on stdout; the others fail on stderr
  return { exitCode: r.exitCode, said: `${r.stdout}${r.stderr}`, peakMb: peakKb / 1024 };
}

describe('an endless body is cut at its cap: exit 5 naming the host, RSS stays small', () => {
  test.each<[Kind, string[]]>([
    ['ping', ['resolve']],
    ['token', ['resolve']],
    ['manifest', ['resolve']],
    ['manifest', ['verify']],
    ['error', ['resolve']],
  ])('%s (%s)', async (k, command) => {
    kind = k;
    let target = `${host}/team/app:v1`;
    if (command[0] === 'verify') {
      target = path.join(home, 'pod.yaml');
      const image = `${host}/team/app@sha256:${'a'.repeat(64)}`;
      await writeFile(target, `kind: Pod\nspec:\n  containers:\n    - image: ${image}\n`);
    }
    const r = await runMeasured([...command, target]);
    console.log(`${k}: exit ${r.exitCode}, peak RSS ${r.peakMb.toFixed(1)} MB`);
    expect(r.peakMb).toBeGreaterThan(0);
    expect(r.peakMb).toBeLessThan(200);
    expect(r.exitCode).toBe(5);
    expect(r.said).toContain(host);
    expect(r.said).toMatch(/longer than \d+ (KiB|MiB); stopped reading/);
  });
});
