/**
 * Temporary files of a killed pin / check --fix run: named so no run reads them as manifests, and
 * removed by the next write to their folder once their process is gone and they are stale.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { findManifestFiles } from '../../../src/manifests/find.js';
import {
  processAlive,
  STALE_AFTER_MS,
  sweepLeftovers,
  tempName,
  TEMP_NAME,
  writeAllAtomically,
} from '../../../src/manifests/write.js';

let dir: string;
/** A pid that surely ran and is gone: a child that has exited. */
let deadPid: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'digestpin-leftovers-'));
  deadPid = spawnSync(process.execPath, ['-e', '0']).pid ?? 0;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const old = new Date(Date.now() - 2 * STALE_AFTER_MS);

describe('temporary file names', () => {
  test('carry the pid, match TEMP_NAME, and are never found as manifests', async () => {
    const d = await mkdtemp(join(dir, 'names-'));
    const target = join(d, 'deploy.yaml');
    await writeFile(target, 'a: 1\n');
    const tmp = tempName(target, 4242);
    expect(basename(tmp)).toMatch(/^\.deploy\.yaml\.digestpin-4242-[0-9a-f]{12}\.tmp$/);
    expect(TEMP_NAME.exec(basename(tmp))?.[1]).toBe('4242');
    await writeFile(tmp, 'a: 2\n');
    expect(await findManifestFiles([d], d)).toEqual([target]);
  });

  test.each([
    ['this process', () => process.pid, true],
    ['pid 1', () => 1, true],
    ['an exited child', () => deadPid, false],
  ])('processAlive(%s)', (_n, pid, alive) => {
    expect(processAlive(pid())).toBe(alive);
  });
});

describe('sweepLeftovers', () => {
  test.each([
    ['a dead pid, stale', () => deadPid, old, true],
    ['a dead pid, fresh (maybe another pid namespace)', () => deadPid, new Date(), false],
    ['a live pid, stale', () => process.pid, old, false],
  ])('sweeps a leftover of %s', async (_n, pid, mtime, removed) => {
    const d = await mkdtemp(join(dir, 'sweep-'));
    const leftover = tempName(join(d, 'a.yaml'), pid());
    await writeFile(leftover, 'x');
    await utimes(leftover, mtime, mtime);
    await writeFile(join(d, 'a.yaml.digestpin-1-aaaaaaaaaaaa.tmp'), 'not hidden: not ours');
    const names = await sweepLeftovers(d);
    expect(names).toEqual(removed ? [basename(leftover)] : []);
    expect((await readdir(d)).sort()).toEqual(
      removed
        ? ['a.yaml.digestpin-1-aaaaaaaaaaaa.tmp']
        : [basename(leftover), 'a.yaml.digestpin-1-aaaaaaaaaaaa.tmp'].sort(),
    );
  });

  test('a folder that cannot be read sweeps nothing', async () => {
    expect(await sweepLeftovers(join(dir, 'no-such-folder'))).toEqual([]);
  });

  test('writeAllAtomically sweeps the folders it writes to', async () => {
    const d = await mkdtemp(join(dir, 'write-'));
    const target = join(d, 'deploy.yaml');
    await writeFile(target, 'image: a\n');
    const leftover = tempName(target, deadPid);
    await writeFile(leftover, 'image: half-written');
    await utimes(leftover, old, old);
    await writeAllAtomically([{ path: target, text: 'image: b\n', before: 'image: a\n' }]);
    expect(await readdir(d)).toEqual(['deploy.yaml']);
    expect(await readFile(target, 'utf8')).toBe('image: b\n');
  });
});
