/**
 * Crash safety of `pin` and `check --fix` (issue 8): the built CLI rewrites 500 files and is
 * SIGKILLed at 10 points spread over its own measured run time. After every kill each file must be
 * exactly its old or exactly its new content, byte for byte; anything else left in the folder must
 * be a temporary file named so no run reads it as a manifest; and the next run must finish the job
 * (every file new) and sweep those leftovers. Build first: `npm run build`.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { STALE_AFTER_MS, TEMP_NAME } from '../../../src/manifests/write.js';
import { cliPath, runCli, tempDirs } from '../../support/cli.js';

const FILES = 500;
const KILL_POINTS = 10;
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const REF = `registry.example.com/team/app:v9@${DIGEST}`;
const tmp = tempDirs('digestpin-crash-');
afterAll(() => tmp.cleanup());

/** 500 different manifests: LF and CRLF, BOMs, quoting styles, comments, two folders. */
function fixture(): Map<string, string> {
  const files = new Map<string, string>();
  for (let i = 0; i < FILES; i++) {
    const eol = i % 3 === 0 ? '\r\n' : '\n';
    const q = ['', '"', "'"][i % 3] ?? '';
    const lines = [
      `# manifest ${i} — ünïcode ${'x'.repeat(i % 17)}`,
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: app-${i}`,
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: app',
      `          image: ${q}registry.example.com/team/app:v${i % 5}${q}   # the app`,
      '        - name: pause',
      `          image: ${q}k8s.gcr.io/pause:3.${i % 10}${q}`,
      '',
    ];
    const name = path.join(i % 2 ? 'a' : 'b', `deploy-${String(i).padStart(3, '0')}.yaml`);
    files.set(name, (i % 7 === 0 ? '\ufeff' : '') + lines.join(eol));
  }
  return files;
}

async function writeFixture(files: Map<string, string>): Promise<string> {
  const dir = await tmp.make();
  await mkdir(path.join(dir, 'a'));
  await mkdir(path.join(dir, 'b'));
  for (const [name, text] of files) await writeFile(path.join(dir, name), text);
  return dir;
}

async function readAll(dir: string): Promise<{ files: Map<string, Buffer>; others: string[] }> {
  const files = new Map<string, Buffer>();
  const others: string[] = [];
  for (const sub of ['a', 'b'])
    for (const name of await readdir(path.join(dir, sub))) {
      const rel = path.join(sub, name);
      if (name.endsWith('.yaml')) files.set(rel, await readFile(path.join(dir, rel)));
      else others.push(rel);
    }
  return { files, others };
}

/** A delay after the spawn, the n-th temporary file written, or the first rename. */
type KillPoint =
  { after: 'spawn'; ms: number } | { after: 'temps'; count: number } | { after: 'firstRename' };
interface RunTrace {
  ended: string;
  /** ms from spawn to the first temporary file, and to the first rename over a manifest. */
  firstTemp?: number;
  firstRename?: number;
}

/**
 * Runs the CLI in `dir` and SIGKILLs it at `point` (never, when undefined): a delay after the
 * spawn, when its n-th temporary file appears, or at its first rename (seen through inotify), so
 * the points land at the same progress however fast this machine writes.
 */
function runAndKill(args: string[], dir: string, point?: KillPoint): Promise<RunTrace> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const trace: RunTrace = { ended: '' };
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: dir, stdio: 'ignore' });
    const timers: NodeJS.Timeout[] = [];
    const kill = () => child.kill('SIGKILL');
    if (point?.after === 'spawn') timers.push(setTimeout(kill, point.ms));
    const temps = new Set<string>();
    const watchers = ['a', 'b'].map((sub) =>
      watch(path.join(dir, sub), (_event, name) => {
        const at = Date.now() - started;
        if (name && TEMP_NAME.test(name) && !temps.has(name)) {
          temps.add(name);
          trace.firstTemp ??= at;
          if (point?.after === 'temps' && temps.size === point.count) kill();
        }
        if (name?.endsWith('.yaml') && trace.firstRename === undefined) {
          trace.firstRename = at;
          if (point?.after === 'firstRename') kill();
        }
      }),
    );
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      for (const w of watchers) w.close();
      trace.ended = signal ?? `exit ${code}`;
      resolve(trace);
    });
  });
}

const cases: { name: string; args: string[]; exit: number }[] = [
  { name: 'pin', args: ['pin', REF, 'a', 'b'], exit: 0 },
  // check --fix exits 7: the app images stay unpinned (errors) after the fix
  { name: 'check --fix', args: ['check', '--fix', 'a', 'b'], exit: 7 },
];

describe.each(cases)('$name over 500 files, SIGKILLed at 10 points', ({ args, exit }) => {
  const old = fixture();
  let fresh: Map<string, Buffer>;
  let baseline: RunTrace;

  beforeAll(async () => {
    const dir = await writeFixture(old);
    baseline = await runAndKill(args, dir);
    expect(baseline.ended).toBe(`exit ${exit}`);
    const after = await readAll(dir);
    expect(after.others).toEqual([]);
    fresh = after.files;
    let changed = 0;
    for (const [name, text] of old) if (!fresh.get(name)?.equals(Buffer.from(text))) changed++;
    expect(changed).toBe(FILES);
  });

  /** 2 points while it reads and plans, 7 spread over the temporary files, 1 at the renames. */
  function killPoints(): KillPoint[] {
    const toTemp = baseline.firstTemp ?? 0;
    return [
      { after: 'spawn', ms: Math.round(toTemp * 0.3) },
      { after: 'spawn', ms: Math.round(toTemp * 0.7) },
      ...[0, 1, 2, 3, 4, 5, 6].map((j): KillPoint => ({
        after: 'temps',
        count: 1 + Math.round((j * (FILES - 70)) / 6),
      })),
      { after: 'firstRename' },
    ];
  }

  test('every file is old or new byte for byte; leftovers are ignored, then swept', async () => {
    const outcomes: string[] = [];
    let midWrite = 0;
    const points = killPoints();
    expect(points).toHaveLength(KILL_POINTS);
    for (const [k, point] of points.entries()) {
      const dir = await writeFixture(old);
      const trace = await runAndKill(args, dir, point);
      const { files, others } = await readAll(dir);
      let nOld = 0;
      let nNew = 0;
      for (const [name, text] of old) {
        const now = files.get(name);
        if (now?.equals(Buffer.from(text))) nOld++;
        else if (now && fresh.get(name)?.equals(now)) nNew++;
        else throw new Error(`${name} after a kill at ${JSON.stringify(point)} is torn`);
      }
      expect(files.size).toBe(FILES);
      for (const other of others) expect(path.basename(other)).toMatch(TEMP_NAME);
      if (others.length > 0 || (nOld > 0 && nNew > 0)) midWrite++;
      outcomes.push(
        `${JSON.stringify(point)}: ${trace.ended}, ${nOld} old, ${nNew} new, ${others.length} temp`,
      );
      // every third point and the last: the next run reads no leftover as a manifest, finishes
      // the job and sweeps the (stale-dated) leftovers of the killed run
      if (k % 3 !== 0 && k !== points.length - 1) continue;
      const stale = new Date(Date.now() - 2 * STALE_AFTER_MS);
      for (const other of others) await utimes(path.join(dir, other), stale, stale);
      const again = await runCli([...args, '--json'], { cwd: dir });
      expect(again.exitCode).toBe(exit);
      const rerun = await readAll(dir);
      expect(rerun.others).toEqual([]);
      for (const [name, text] of fresh) expect(rerun.files.get(name)?.equals(text)).toBe(true);
    }
    process.stderr.write(
      `${args[0]}: full run ${JSON.stringify(baseline)}; kill points:\n  ${outcomes.join('\n  ')}\n`,
    );
    // the kills must have hit the write phase, or the test proved nothing
    expect(midWrite).toBeGreaterThanOrEqual(6);
  }, 90_000);
});
