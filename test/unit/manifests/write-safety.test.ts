/**
 * What an atomic replace must not lose (issue 16, findings 8 and 10): the owner and group of the
 * file (kept: as root a file of another uid, as an ordinary user one of another of its groups), its other
 * hard links (refused), and changes someone else made after digestpin read it (refused). A refusal
 * writes no file.
 */
import { chown, link, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeAllAtomically } from '../../../src/manifests/write.js';
import { anotherOwner } from '../../support/owners.js';

let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'digestpin-replace-'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('writeAllAtomically: owner, hard links, files changed meanwhile (findings 8, 10)', () => {
  async function folder(): Promise<{ d: string; a: string; b: string }> {
    const d = await mkdtemp(join(base, 'write-'));
    const a = join(d, 'a.yaml');
    const b = join(d, 'b.yaml');
    await writeFile(a, 'old a');
    await writeFile(b, 'old b');
    return { d, a, b };
  }

  test('the owner and group of a file are kept (as root: another uid; otherwise another of the user’s groups)', async () => {
    const { a, b } = await folder();
    const owner = anotherOwner();
    await chown(a, owner.uid, owner.gid);
    const plain = await stat(b);
    await writeAllAtomically([
      { path: a, text: 'new a', before: 'old a' },
      { path: b, text: 'new b', before: 'old b' },
    ]);
    expect(await readFile(a, 'utf8')).toBe('new a');
    const info = await stat(a);
    expect([info.uid, info.gid]).toEqual([owner.uid, owner.gid]);
    const after = await stat(b);
    expect([after.uid, after.gid]).toEqual([plain.uid, plain.gid]);
  });

  test('a hard-linked file is refused and no file is written', async () => {
    const { d, a, b } = await folder();
    await link(b, join(d, 'b-copy.yaml'));
    await expect(
      writeAllAtomically([
        { path: a, text: 'new a', before: 'old a' },
        { path: b, text: 'new b', before: 'old b' },
      ]),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining(`${b}: has 2 hard links`),
    });
    expect(await readFile(a, 'utf8')).toBe('old a');
    expect(await readFile(join(d, 'b-copy.yaml'), 'utf8')).toBe('old b');
    expect((await readdir(d)).sort()).toEqual(['a.yaml', 'b-copy.yaml', 'b.yaml']);
  });

  test('a file changed after it was read is not overwritten, and no file is written', async () => {
    const { d, a, b } = await folder();
    await writeFile(b, 'old B'); // same size, same second: only the content tells
    await expect(
      writeAllAtomically([
        { path: a, text: 'new a', before: 'old a' },
        { path: b, text: 'new b', before: 'old b' },
      ]),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining(`${b}: changed since digestpin read it`),
    });
    expect(await readFile(a, 'utf8')).toBe('old a');
    expect(await readFile(b, 'utf8')).toBe('old B');
    expect((await readdir(d)).sort()).toEqual(['a.yaml', 'b.yaml']);
  });

  // texts are written and compared 64K UTF-16 units at a time: a character on the seam, a change
  // past the first slice, and a file longer or shorter than the text read must all still count
  test('large texts: written byte for byte across slices, changes anywhere are seen', async () => {
    const { d, a, b } = await folder();
    // an emoji (a surrogate pair) on the first seam, multi-byte characters on both sides
    const before = `${'é'.repeat(65_535)}😀${'x'.repeat(70_000)}ü\n`;
    const after = before.replace('x', 'y');
    await writeFile(a, before);
    await writeAllAtomically([{ path: a, text: after, before }]);
    expect(await readFile(a)).toEqual(Buffer.from(after, 'utf8'));

    for (const changed of [`${before.slice(0, -2)}v\n`, `${before}z`, before.slice(0, -1)]) {
      await writeFile(b, changed);
      await expect(writeAllAtomically([{ path: b, text: after, before }])).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringContaining(`${b}: changed since digestpin read it`),
      });
      expect(await readFile(b, 'utf8')).toBe(changed);
    }
    expect((await readdir(d)).sort()).toEqual(['a.yaml', 'b.yaml']);
  });
});
