/**
 * What readManifest accepts (issue 16, finding 8): regular files only, judged on the target of a
 * link and without blocking on a FIFO; at most the size cap, even when the size says 0; valid
 * UTF-8 only, refused at path:line:column with the byte offset.
 */
import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdtemp, open, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readManifest } from '../../../src/manifests/limits.js';

let base: string;
const fifos: string[] = [];
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'digestpin-read-'));
});
afterAll(async () => {
  // a reader blocked in open() on a FIFO (the code before the fix) is released by a writer
  for (const f of fifos) {
    const h = await open(f, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
    await h?.close();
  }
  await rm(base, { recursive: true, force: true });
});

/** Rejects after `ms` instead of waiting for a read that never ends. */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

describe('readManifest: regular UTF-8 files only, read up to the cap (finding 8)', () => {
  test('invalid UTF-8 is refused with path, line, column and byte offset', async () => {
    const file = join(base, 'latin1.yaml');
    await writeFile(
      file,
      Buffer.concat([Buffer.from('a: 1\nb: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    await expect(readManifest(file, 'k8s/latin1.yaml')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/^k8s\/latin1\.yaml:2:7: not valid UTF-8 \(byte 11: 0xe9\)/),
    });
  });

  test.each([
    ['an overlong encoding', [0xc0, 0xaf], 0],
    ['a UTF-16 surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['a truncated sequence at the end', [0x61, 0x62, 0xe2, 0x82], 2],
  ])('%s is refused at its offset', async (_n, bytes, offset) => {
    const file = join(base, `bad-${offset}.yaml`);
    await writeFile(file, Buffer.from(bytes));
    await expect(readManifest(file)).rejects.toThrow(`(byte ${offset}:`);
  });

  test('a BOM and multi-byte text read as before', async () => {
    const file = join(base, 'bom.yaml');
    const text = '\ufeff# ünïcode — 日本 😀\na: 1\r\n';
    await writeFile(file, text);
    expect(await readManifest(file)).toBe(text);
  });

  test('a symlink to /dev/zero is refused without reading it', async () => {
    const file = join(base, 'zero.yaml');
    await symlink('/dev/zero', file);
    await expect(within(2000, readManifest(file, 'zero.yaml'))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('zero.yaml: not a regular file (a character device)'),
    });
  });

  test('a FIFO is refused at once instead of waiting for a writer', async () => {
    const file = join(base, 'pipe.yaml');
    execFileSync('mkfifo', [file]);
    fifos.push(file);
    await expect(within(2000, readManifest(file, 'pipe.yaml'))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('pipe.yaml: not a regular file (a FIFO)'),
    });
  });

  test('a regular file whose size says 0 (/proc) is still read only up to the cap', async () => {
    expect((await stat('/proc/self/maps')).size).toBe(0);
    await expect(readManifest('/proc/self/maps', 'maps', 64)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('maps: file is over the 64-byte limit'),
    });
  });
});
