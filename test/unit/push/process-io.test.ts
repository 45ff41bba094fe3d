/**
 * process-io.ts against real processes (Linux /proc): the count follows the children of the
 * process started (a wrapper that does not exec, rootless skopeo re-running itself), and keeps its
 * last value once the process has ended.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { afterAll, expect, test } from '@jest/globals';
import { processBytes, processWrites } from '../../../src/push/process-io.js';

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

// /proc is Linux's
const linux = process.platform === 'linux' ? test : test.skip;

linux(
  "a wrapper's child that writes a mebibyte: counted under the wrapper's pid, the last count kept after the end",
  async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'digestpin-io-'));
    const file = path.join(dir, 'out');
    // `; true` keeps bash from exec'ing node: node is bash's child, bash itself writes nothing
    const child = spawn('bash', [
      '-c',
      `"${process.execPath}" -e "require('fs').writeFileSync('${file}', Buffer.alloc(1 << 20)); setTimeout(() => {}, 1500)"; true`,
    ]);
    try {
      expect(child.pid).toBeDefined();
      const pid = child.pid as number;
      const writes = processWrites(pid);
      const moved = processBytes(pid);
      const before = moved() ?? 0;
      expect(await until(() => (writes() ?? 0) >= 1 << 20, 5000)).toBe(true);
      expect(moved()).toBeGreaterThanOrEqual(before + (1 << 20));
      // the bytes are the child's: bash has one, and its own count is small
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
      expect(children).toMatch(/^\d+$/);
      const own = /^wchar:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1];
      expect(Number(own)).toBeLessThan(1 << 16);
      await new Promise((r) => child.once('exit', r));
      // ended: the reader keeps what it last saw
      expect(writes()).toBeGreaterThanOrEqual(1 << 20);
    } finally {
      child.kill();
    }
  },
);

linux('a process that is not there: undefined', () => {
  expect(processWrites(2 ** 22 + 12345)()).toBeUndefined();
  expect(processBytes(2 ** 22 + 12345)()).toBeUndefined();
});
