/**
 * Issue 15, B1: a run stopped by a signal (Ctrl-C, a Jenkins abort, `timeout`, a closed terminal)
 * while a push is under way — real skopeo copying from a registry that needs credentials (so
 * `digestpin-…/src-auth.json` exists) to a registry that stalls the blob upload — stops skopeo,
 * removes the temporary folder with the credentials, prints one INTERRUPTED error document with
 * --json, and exits 128 + the signal's number.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { githubEnv, inputEnv, runnerFiles } from '../support/action-env.js';
import { cliPath, repoRoot, tempDirs } from '../support/cli.js';
import { faults, startFaultProxy, type FaultProxy } from '../support/faults.js';
import { writeOciImage } from '../support/image.js';
import { authJson, skopeoPush } from '../support/push.js';
import { startRegistry, type Registry } from '../support/registry.js';

const tmp = tempDirs('digestpin-signals-');
let source: Registry;
let dest: Registry;
let proxy: FaultProxy;
let sourceRef: string;

beforeAll(async () => {
  [source, dest] = await Promise.all([startRegistry(), startRegistry()]);
  // every blob upload to the destination hangs: the push stays under way until it is stopped
  proxy = await startFaultProxy(dest.url, [
    { method: 'POST', path: /\/blobs\/uploads\//, fault: faults.stall() },
  ]);
  const image = await writeOciImage(await tmp.make(), { layers: [{ size: 256 * 1024 }] });
  await skopeoPush(image.ref, `${source.host}/src/app:1`, {
    digestfile: path.join(await tmp.make(), 'digest'),
  });
  sourceRef = `docker://${source.host}/src/app:1`;
});
afterAll(async () => {
  await proxy.stop();
  await Promise.all([source.stop(), dest.stop()]);
  await tmp.cleanup();
});

/** Command lines of live processes that mention `needle` (skopeo left running?). */
async function processesWith(needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmd.includes(needle)) found.push(cmd.replace(/\0/g, ' '));
  }
  return found;
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a push under way, stopped by a signal (built CLI, real skopeo)', () => {
  test.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
    ['SIGQUIT', 131],
  ] as const)(
    '%s: skopeo stopped, credentials removed, INTERRUPTED, exit %i',
    async (signal, code) => {
      const work = await tmp.make();
      const tmpdir = await tmp.make();
      const authfile = path.join(work, 'auth.json');
      await writeFile(authfile, authJson(source.host, 'ci', 'src-s3cret'), { mode: 0o600 });
      const before = proxy.requests.length;
      const child = execa(
        process.execPath,
        [
          cliPath,
          'push',
          sourceRef,
          `${proxy.host}/sig/app`,
          '--tag',
          `t-${code}`,
          '--authfile',
          authfile,
          '--json',
        ],
        {
          cwd: work,
          env: { PATH: process.env.PATH, HOME: work, TMPDIR: tmpdir, CI: 'true' },
          extendEnv: false,
          reject: false,
          timeout: 90_000,
        },
      );
      // under way: skopeo has started an upload (stalled) and its credentials file is on disk
      await until('a stalled blob upload', () =>
        Promise.resolve(
          proxy.requests.slice(before).some((r) => r.method === 'POST') ? true : undefined,
        ),
      );
      const dirs = (await readdir(tmpdir)).filter((d) => d.startsWith('digestpin-'));
      expect(dirs.length).toBeGreaterThan(0);
      const withCreds = await Promise.all(dirs.map((d) => readdir(path.join(tmpdir, d))));
      expect(withCreds.flat()).toContain('src-auth.json');
      expect(await processesWith(tmpdir)).not.toEqual([]); // skopeo, with --src-authfile in tmpdir

      child.kill(signal);
      const r = await child;
      expect({ exitCode: r.exitCode, signal: r.signal }).toEqual({
        exitCode: code,
        signal: undefined,
      });
      expect(JSON.parse(String(r.stdout))).toEqual({
        error: {
          code: 'INTERRUPTED',
          message: expect.stringContaining(signal),
          hint: expect.any(String),
        },
      });
      expect(String(r.stderr)).toContain(`interrupted by ${signal}`);
      expect((await readdir(tmpdir)).filter((d) => d.startsWith('digestpin-'))).toEqual([]);
      expect(await processesWith(tmpdir)).toEqual([]);
    },
  );
});

describe('the action (node dist/index.js) cancelled while it pushes', () => {
  test('SIGTERM: skopeo stopped, credentials removed, the step fails with INTERRUPTED, exit 143', async () => {
    const work = await tmp.make();
    const tmpdir = await tmp.make();
    const files = await runnerFiles();
    try {
      const authfile = path.join(work, 'auth.json');
      await writeFile(authfile, authJson(source.host, 'ci', 'src-s3cret'), { mode: 0o600 });
      const before = proxy.requests.length;
      const child = execa(process.execPath, [path.join(repoRoot, 'dist', 'index.js')], {
        cwd: work,
        env: {
          PATH: process.env.PATH,
          HOME: work,
          TMPDIR: tmpdir,
          ...(await githubEnv(files, {
            name: 'push',
            payload: {},
            repository: 'acme/shop',
            apiUrl: 'http://127.0.0.1:9',
          })),
          ...inputEnv({
            source: sourceRef,
            repository: `${proxy.host}/sig/action`,
            tag: 'act-1',
            authfile,
          }),
        },
        extendEnv: false,
        reject: false,
        timeout: 90_000,
      });
      await until('a stalled blob upload', () =>
        Promise.resolve(
          proxy.requests.slice(before).some((r) => r.method === 'POST') ? true : undefined,
        ),
      );
      expect((await readdir(tmpdir)).filter((d) => d.startsWith('digestpin-'))).not.toEqual([]);
      child.kill('SIGTERM');
      const r = await child;
      expect(r.exitCode).toBe(143);
      expect(String(r.stdout)).toContain('::error::INTERRUPTED: interrupted by SIGTERM');
      expect((await readdir(tmpdir)).filter((d) => d.startsWith('digestpin-'))).toEqual([]);
      expect(await processesWith(tmpdir)).toEqual([]);
    } finally {
      await files.cleanup();
    }
  });
});
