/**
 * What the built CLI reads and how it replaces a file (issue 16, findings 8 and 10), for pin,
 * check --fix, verify and pin --resolve: a named FIFO or character device is refused at once (exit 2, the path,
 * nothing written) instead of hanging or reading hundreds of MB; invalid UTF-8 is refused at
 * path:line:column with the byte offset instead of being rewritten as U+FFFD; a replaced file keeps
 * its owner and group, and one whose owner the user running digestpin cannot give back is refused
 * (as root and as an ordinary user: test/support/owners.ts); a hard-linked file is refused. Build first: `npm run build`.
 */
import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { chmod, chown, cp, link, open, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { cliPath, runCli, tempDirs } from '../../support/cli.js';
import { anotherOwner, foreignOwner } from '../../support/owners.js';

const tmp = tempDirs('digestpin-files-');
const fifos: string[] = [];
afterAll(async () => {
  // before the fix a CLI blocked on a FIFO is killed by its timeout; release any reader left
  for (const f of fifos) {
    const h = await open(f, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
    await h?.close();
  }
  await tmp.cleanup();
});

const DIGEST = `sha256:${'a'.repeat(64)}`;
const LEGACY =
  'kind: Pod\nspec:\n  containers:\n    - name: a\n      image: k8s.gcr.io/pause:3.1 # café\n';

const commands: [string, (file: string) => string[]][] = [
  ['pin', (f) => ['pin', `k8s.gcr.io/pause:3.1@${DIGEST}`, f]],
  ['check --fix', (f) => ['check', '--fix', f]],
  ['verify', (f) => ['verify', f]],
  // refused while reading, before any registry is asked
  ['pin --resolve', (f) => ['pin', '--resolve', f]],
];

interface ErrorDoc {
  error: { code: string; message: string; hint: string };
}

describe('only regular files are read', () => {
  test.each(commands)('%s: a named FIFO is refused at once (exit 2)', async (_c, args) => {
    const dir = await tmp.make();
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    fifos.push(fifo);
    const t0 = Date.now();
    const r = await runCli([...args('pipe.yaml'), '--json'], { cwd: dir, timeoutMs: 10000 });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.exitCode).toBe(2);
    expect(r.json<ErrorDoc>().error).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('pipe.yaml: not a regular file (a FIFO)'),
    });
  });

  test.each(commands)('%s: /dev/zero is refused before it is read (exit 2)', async (_c, args) => {
    const dir = await tmp.make();
    const t0 = Date.now();
    const r = await runCli([...args('/dev/zero'), '--json'], { cwd: dir, timeoutMs: 10000 });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.exitCode).toBe(2);
    expect(r.json<ErrorDoc>().error.message).toContain(
      '/dev/zero: not a regular file (a character device)',
    );
  });
});

describe('invalid UTF-8 is refused, not rewritten as U+FFFD', () => {
  test.each(commands)('%s: exit 2 with path:line:column and byte offset', async (_c, args) => {
    const dir = await tmp.make();
    const latin1 = Buffer.from(LEGACY, 'latin1'); // é as the single byte 0xe9
    await writeFile(path.join(dir, 'pod.yaml'), latin1);
    const r = await runCli([...args('pod.yaml'), '--json'], { cwd: dir, timeoutMs: 15000 });
    expect(r.exitCode).toBe(2);
    const { error } = r.json<ErrorDoc>();
    const offset = latin1.indexOf(0xe9);
    expect(error.message).toMatch(
      new RegExp(`^pod\\.yaml:5:\\d+: not valid UTF-8 \\(byte ${offset}: 0xe9\\)`),
    );
    expect(error.hint).toMatch(/iconv/);
    expect(await readFile(path.join(dir, 'pod.yaml'))).toEqual(latin1);
  });
});

describe('a replaced file keeps what a rename would lose, or is refused', () => {
  test.each(commands.slice(0, 2))(
    '%s: owner and group are kept (as root: another uid; otherwise another of the user’s groups)',
    async (_c, args) => {
      const dir = await tmp.make();
      const file = path.join(dir, 'pod.yaml');
      await writeFile(file, LEGACY);
      const owner = anotherOwner();
      await chown(file, owner.uid, owner.gid);
      const r = await runCli([...args('pod.yaml'), '--json'], { cwd: dir, timeoutMs: 15000 });
      expect(r.exitCode).not.toBe(2);
      expect(await readFile(file, 'utf8')).not.toBe(LEGACY);
      const info = await stat(file);
      expect([info.uid, info.gid]).toEqual([owner.uid, owner.gid]);
    },
  );

  test.each(commands.slice(0, 2))(
    '%s: a hard-linked file is refused (exit 2)',
    async (_c, args) => {
      const dir = await tmp.make();
      await writeFile(path.join(dir, 'a.yaml'), LEGACY);
      await writeFile(path.join(dir, 'b.yaml'), LEGACY);
      await link(path.join(dir, 'b.yaml'), path.join(dir, 'b-also.yaml'));
      const r = await runCli([...args('.'), '--json'], { cwd: dir, timeoutMs: 15000 });
      expect(r.exitCode).toBe(2);
      const { error } = r.json<ErrorDoc>();
      expect(error.message).toMatch(/b(-also)?\.yaml: has 2 hard links.*nothing was written$/);
      for (const f of ['a.yaml', 'b.yaml', 'b-also.yaml'])
        expect(await readFile(path.join(dir, f), 'utf8')).toBe(LEGACY);
    },
  );

  test('pin over a file whose owner the running user cannot give back: refused (exit 2)', async () => {
    const dir = await tmp.make();
    const file = path.join(dir, 'pod.yaml');
    await writeFile(file, LEGACY);
    await chmod(file, 0o666); // writable by anyone
    await chmod(dir, 0o777);
    const { runAs, uid } = foreignOwner(file);
    // the other user may not reach this checkout (a clone under a 0700 temporary folder): it runs
    // a copy of the bundle (dist/ carries every dependency) from the test's own folder
    const dist = path.join(dir, 'dist');
    await cp(path.dirname(cliPath), dist, { recursive: true });
    const r = await execa(
      process.execPath,
      [
        path.join(dist, path.basename(cliPath)),
        'pin',
        `k8s.gcr.io/pause:3.1@${DIGEST}`,
        'pod.yaml',
        '--json',
      ],
      { cwd: dir, ...runAs, reject: false, timeout: 15000 },
    );
    expect(r.exitCode).toBe(2);
    const { error } = JSON.parse(String(r.stdout)) as ErrorDoc;
    expect(error.message).toMatch(
      new RegExp(
        `pod\\.yaml: owned by uid 0, gid 0, which digestpin \\(uid ${uid}\\) cannot give its new text.*nothing was written$`,
      ),
    );
    expect(await readFile(file, 'utf8')).toBe(LEGACY);
    expect((await stat(file)).uid).toBe(0);
  });
});
