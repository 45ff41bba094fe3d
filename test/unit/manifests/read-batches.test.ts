import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readManifestsInBatches } from '../../../src/manifests/limits.js';

let dir: string;
const files: string[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'digestpin-batches-'));
  // more than one batch of 64
  for (let i = 0; i < 150; i++) {
    const file = path.join(dir, `f${i}.yaml`);
    await writeFile(file, `n: ${i}\n`);
    files.push(file);
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('readManifestsInBatches', () => {
  test('every file is visited once, in order, with its text and shown name', async () => {
    const seen: string[] = [];
    await readManifestsInBatches(
      files,
      (f) => path.basename(f),
      (file, shown, text) => {
        expect(shown).toBe(path.basename(file));
        seen.push(text.trim());
      },
    );
    expect(seen).toEqual(files.map((_, i) => `n: ${i}`));
  });

  test('a file that cannot be read fails the whole read, named by its shown name', async () => {
    await expect(
      readManifestsInBatches(
        [...files.slice(0, 3), path.join(dir, 'gone.yaml')],
        (f) => `k8s/${path.basename(f)}`,
        () => undefined,
      ),
    ).rejects.toThrow(/gone\.yaml/);
  });
});
