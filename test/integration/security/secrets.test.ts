/**
 * Secrets (issue 8, Security): a distinctive password never shows up in the argv of any process
 * during a real push, nor in stdout/stderr/--json of push, guard, resolve, verify and
 * pin --resolve, on success and on failure (wrong password, registry down). The private auth
 * folder is 0700 with 0600 files and is gone after success, failure and SIGTERM/SIGINT.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { cliPath, runCli, tempDirs } from '../../support/cli.js';
import { faults, startFaultProxy, type FaultProxy } from '../../support/faults.js';
import { writeOciImage } from '../../support/image.js';
import { authJson, secretForms } from '../../support/push.js';
import { startRegistry, type Registry } from '../../support/registry.js';

const USER = 'ci';
const PASSWORD = 'Zx9-UNIQUE-s3cret-Q';
const WRONG = 'Zx9-WRONG-s3cret-Q';
/** Every form of the secrets that could leak: raw, Basic credentials, base64 of each. */
const SECRETS = secretForms(USER, PASSWORD, WRONG);

const tmp = tempDirs('digestpin-sec-');
let registry: Registry;
let proxy: FaultProxy;
let work: string;
let goodAuth: string;
let wrongAuth: string;
let downAuth: string;
let downHost: string;
let proxyAuth: string;
let imageRef: string;

async function authFile(name: string, host: string, password: string): Promise<string> {
  const file = path.join(work, name);
  await writeFile(file, authJson(host, USER, password), { mode: 0o600 });
  return file;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

function expectNoSecret(where: string, text: string): void {
  for (const s of SECRETS) {
    if (text.includes(s))
      throw new Error(`${where} contains a secret (${s.slice(0, 6)}…):\n${text}`);
  }
}

beforeAll(async () => {
  registry = await startRegistry({ auth: { username: USER, password: PASSWORD } });
  proxy = await startFaultProxy(registry.url);
  work = await tmp.make();
  goodAuth = await authFile('good.json', registry.host, PASSWORD);
  wrongAuth = await authFile('wrong.json', registry.host, WRONG);
  downHost = `127.0.0.1:${await freePort()}`;
  downAuth = await authFile('down.json', downHost, PASSWORD);
  proxyAuth = await authFile('proxy.json', proxy.host, PASSWORD);
  const image = await writeOciImage(await tmp.make(), {
    layers: [{ size: 64 * 1024, seed: 'sec' }],
  });
  imageRef = image.ref;
}, 30000);
afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  await tmp.cleanup();
});

/** Every process's argv, polled until `stop()`; returns what was seen. */
function pollCmdlines(): { stop(): Promise<string[]> } {
  const seen = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const pid of await readdir('/proc').catch(() => [])) {
        if (!/^\d+$/.test(pid)) continue;
        const raw = await readFile(`/proc/${pid}/cmdline`).catch(() => undefined);
        if (raw && raw.length > 0) seen.add(raw.toString('utf8').split('\0').join(' '));
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return [...seen];
    },
  };
}

/** `digestpin-*` private folders left in `dir`. */
async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.startsWith('digestpin-'));
}

describe('secrets never in argv, output or errors (password Zx9-UNIQUE-s3cret-Q)', () => {
  test('a real push through the built CLI: no process argv holds the secret; temp auth folder gone', async () => {
    const tmpdir = await tmp.make();
    const poll = pollCmdlines();
    const r = await runCli(
      [
        'push',
        imageRef,
        `${registry.host}/sec/app`,
        '--tag',
        'build-1',
        '--authfile',
        goodAuth,
        '--json',
      ],
      { env: { TMPDIR: tmpdir } },
    );
    const cmdlines = await poll.stop();
    expect(r.exitCode).toBe(0);
    // the poll really saw the push's processes (else the check below proves nothing)
    expect(cmdlines.some((c) => c.includes(cliPath) && c.includes('push'))).toBe(true);
    expect(cmdlines.some((c) => /skopeo .*copy/.test(c))).toBe(true);
    for (const c of cmdlines) expectNoSecret(`argv "${c}"`, c);
    expectNoSecret('push stdout', r.stdout);
    expectNoSecret('push stderr', r.stderr);
    expect(await leftovers(tmpdir)).toEqual([]);
  }, 20000);

  describe.each([
    ['success', () => goodAuth, () => registry.host, 0],
    ['wrong password', () => wrongAuth, () => registry.host, 4],
    ['registry down', () => downAuth, () => downHost, 5],
  ])('%s', (_case, auth, host, code) => {
    const commands: [string, (h: string) => Promise<string[]>][] = [
      [
        'push',
        (h) => Promise.resolve(['push', imageRef, `${h}/sec/app`, '--tag', `p-${Date.now()}`]),
      ],
      ['guard', (h) => Promise.resolve(['guard', `${h}/sec/app:build-free`])],
      ['resolve', (h) => Promise.resolve(['resolve', `${h}/sec/app:build-1`])],
      [
        'verify',
        async (h) => {
          const dir = await tmp.make();
          const digest =
            (
              await runCli(['resolve', `${registry.host}/sec/app:build-1`, '--authfile', goodAuth])
            ).stdout
              .trim()
              .split('@')[1] ?? 'sha256:' + 'a'.repeat(64);
          await writeFile(
            path.join(dir, 'pod.yaml'),
            `kind: Pod\nspec:\n  containers:\n    - name: a\n      image: ${h}/sec/app:build-1@${digest}\n`,
          );
          return ['verify', dir];
        },
      ],
      [
        'pin --resolve',
        async (h) => {
          const dir = await tmp.make();
          await writeFile(
            path.join(dir, 'pod.yaml'),
            `kind: Pod\nspec:\n  containers:\n    - name: a\n      image: ${h}/sec/app:build-1\n`,
          );
          return ['pin', '--resolve', dir, '--strict'];
        },
      ],
    ];
    test.each(commands)(
      '%s: text and --json output hold no secret',
      async (name, args) => {
        const tmpdir = await tmp.make();
        const base = await args(host());
        for (const json of [false, true]) {
          const r = await runCli([...base, '--authfile', auth(), ...(json ? ['--json'] : [])], {
            env: { TMPDIR: tmpdir },
            timeoutMs: 15000,
          });
          const expected = name === 'guard' && code === 0 ? 0 : code;
          if (name !== 'verify' || code === 0) expect(r.exitCode).toBe(expected);
          else expect(r.exitCode).not.toBe(0);
          expectNoSecret(`${name} stdout`, r.stdout);
          expectNoSecret(`${name} stderr`, r.stderr);
          if (json) expect(() => r.json()).not.toThrow();
        }
        expect(await leftovers(tmpdir)).toEqual([]);
      },
      20000,
    );
  });
});

describe('the private auth folder during a push held by a stalled upload', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)(
    '%s mid-upload: folder was 0700 with 0600 files, is removed, exit 128 + the signal',
    async (signal) => {
      const tmpdir = await tmp.make();
      proxy.setRules([{ path: /\/blobs\/uploads\//, fault: faults.stall() }]);
      const child = execa(
        process.execPath,
        [
          cliPath,
          'push',
          imageRef,
          `${proxy.host}/sec/stall`,
          '--tag',
          `s-${signal}`,
          '--authfile',
          proxyAuth,
        ],
        { reject: false, env: { TMPDIR: tmpdir }, timeout: 15000 },
      );
      // wait for the private folder and an upload held by the proxy
      let dir = '';
      const t0 = Date.now();
      while (Date.now() - t0 < 10000) {
        const found = await leftovers(tmpdir);
        const stalled = proxy.requests.some((q) => /\/blobs\/uploads\//.test(q.path));
        if (found[0] && stalled) {
          dir = path.join(tmpdir, found[0]);
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(dir).not.toBe('');
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
      const files = await readdir(dir);
      for (const f of files) expect((await stat(path.join(dir, f))).mode & 0o777).toBe(0o600);
      child.kill(signal);
      const r = await child;
      proxy.setRules([]);
      // DESIGN.md: a signal ends the run with 128 + its number (after cleaning up), not by the signal
      expect({ signal: r.signal, exitCode: r.exitCode }).toEqual({
        signal: undefined,
        exitCode: signal === 'SIGINT' ? 130 : 143,
      });
      expect(await leftovers(tmpdir)).toEqual([]);
      expectNoSecret('stderr', String(r.stderr));
      // no skopeo left behind holding a path in the removed folder
      await new Promise((res) => setTimeout(res, 500));
      const stray: string[] = [];
      for (const pid of await readdir('/proc')) {
        const raw = await readFile(`/proc/${pid}/cmdline`).catch(() => undefined);
        if (raw?.toString().includes(tmpdir)) stray.push(raw.toString().split('\0').join(' '));
      }
      expect(stray).toEqual([]);
    },
    20000,
  );
});
