import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unifiedDiff } from '../../../src/manifests/diff.js';
import { applyEdits } from '../../../src/manifests/edit.js';
import { findManifestFiles, globToRegExp } from '../../../src/manifests/find.js';
import { writeAllAtomically } from '../../../src/manifests/write.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'digestpin-find-'));
  const files = [
    'k8s/a.yaml',
    'k8s/b.yml',
    'k8s/e.json',
    'k8s/readme.md',
    'k8s/sub/c.YAML',
    'k8s/.git/x.yaml',
    'k8s/node_modules/y.yaml',
    'other/d.yaml',
    'outside/secret.yaml',
  ];
  for (const f of files) {
    await mkdir(join(dir, f, '..'), { recursive: true });
    await writeFile(join(dir, f), 'a: 1\n');
  }
  await symlink(join(dir, 'k8s/sub'), join(dir, 'k8s/link-in'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('findManifestFiles', () => {
  test.each([
    [
      'folder, recursive, .json too (kubectl apply -R reads it), skips .git/node_modules, follows inner symlink once',
      ['k8s'],
      ['k8s/a.yaml', 'k8s/b.yml', 'k8s/e.json', 'k8s/link-in/c.YAML'],
    ],
    ['file', ['other/d.yaml'], ['other/d.yaml']],
    ['glob', ['k8s/*.y*ml'], ['k8s/a.yaml', 'k8s/b.yml']],
    ['globstar and braces', ['**/{a,d}.yaml'], ['k8s/a.yaml', 'other/d.yaml']],
    ['duplicates once', ['k8s/a.yaml', 'k8s/a.yaml'], ['k8s/a.yaml']],
  ])('%s', async (_n, paths, expected) => {
    const found = await findManifestFiles(paths, dir);
    expect(found).toEqual(expected.map((p) => join(dir, p)));
  });

  test('missing path and empty glob are FILE_NOT_FOUND', async () => {
    await expect(findManifestFiles(['nope'], dir)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
    await expect(findManifestFiles(['k8s/*.toml'], dir)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
  });

  test('a symlink leading outside the root is refused', async () => {
    const root = join(dir, 'escape');
    await mkdir(root, { recursive: true });
    await symlink(join(dir, 'outside'), join(root, 'out'));
    await expect(findManifestFiles(['escape'], dir)).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
  });

  test.each([
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'x/a.yaml', false],
    ['**/a.yaml', 'x/y/a.yaml', true],
    ['**/a.yaml', 'a.yaml', true],
    ['a?.[ab]ml', 'ab.aml', true],
    ['a.[!y]aml', 'a.yaml', false],
  ])('glob %s ~ %s = %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});

describe('writeAllAtomically', () => {
  test('writes every file, keeps the mode, leaves no temp file', async () => {
    const d = await mkdtemp(join(tmpdir(), 'digestpin-write-'));
    const a = join(d, 'a.yaml');
    const b = join(d, 'b.yaml');
    await writeFile(a, 'old a');
    await writeFile(b, 'old b');
    await chmod(a, 0o640);
    await chmod(b, 0o755);
    await writeAllAtomically([
      { path: a, text: 'new a', before: 'old a' },
      { path: b, text: '\ufeffnew b\r\n', before: 'old b' },
    ]);
    expect(await readFile(a, 'utf8')).toBe('new a');
    expect(await readFile(b)).toEqual(Buffer.from('\ufeffnew b\r\n', 'utf8'));
    expect((await stat(a)).mode & 0o777).toBe(0o640);
    expect((await stat(b)).mode & 0o777).toBe(0o755);
    expect((await readdir(d)).sort()).toEqual(['a.yaml', 'b.yaml']);
    await rm(d, { recursive: true, force: true });
  });

  test('when one file cannot be written, none is changed', async () => {
    const d = await mkdtemp(join(tmpdir(), 'digestpin-write-'));
    const a = join(d, 'a.yaml');
    await writeFile(a, 'old a');
    await expect(
      writeAllAtomically([
        { path: a, text: 'new a', before: 'old a' },
        { path: join(d, 'missing', 'b.yaml'), text: 'x', before: '' },
      ]),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await readFile(a, 'utf8')).toBe('old a');
    expect(await readdir(d)).toEqual(['a.yaml']);
    await rm(d, { recursive: true, force: true });
  });
});

describe('unifiedDiff', () => {
  const text =
    ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8', 'l9', 'l10', 'l11', 'l12', 'l13', 'l14'].join(
      '\n',
    ) + '\n';
  const at = (line: string): number => text.indexOf(line + '\n');

  test('no edits, no diff', () => {
    expect(unifiedDiff('f', text, [])).toBe('');
  });

  test('one replacement with 3 lines of context', () => {
    const edits = [{ start: at('l5'), end: at('l5') + 2, text: 'L5' }];
    expect(unifiedDiff('f', text, edits)).toBe(
      '--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+L5\n l6\n l7\n l8\n',
    );
  });

  test('close edits share a hunk, an insertion shifts the new side, CRLF is not shown', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    const pos = (line: string): number => crlf.indexOf(line + '\r\n');
    const edits = [
      { start: pos('l1'), end: pos('l1') + 2, text: 'L1' },
      { start: pos('l3') + 2, end: pos('l3') + 2, text: '\r\nnew' },
      { start: pos('l14'), end: pos('l14') + 3, text: 'L14' },
    ];
    const out = unifiedDiff('f', crlf, edits);
    expect(out).toBe(
      [
        '--- a/f',
        '+++ b/f',
        '@@ -1,6 +1,7 @@',
        '-l1',
        '+L1',
        ' l2',
        '-l3',
        '+l3',
        '+new',
        ' l4',
        ' l5',
        ' l6',
        '@@ -11,4 +12,4 @@',
        ' l11',
        ' l12',
        ' l13',
        '-l14',
        '+L14',
        '',
      ].join('\n'),
    );
    expect(applyEdits(crlf, edits)).toContain('l3\r\nnew\r\nl4');
  });
});

test('writing through a symlinked file keeps the link', async () => {
  const d = await mkdtemp(join(tmpdir(), 'digestpin-write-'));
  await writeFile(join(d, 'real.yaml'), 'old');
  await symlink('real.yaml', join(d, 'link.yaml'));
  await writeAllAtomically([{ path: join(d, 'link.yaml'), text: 'new', before: 'old' }]);
  expect(await readFile(join(d, 'real.yaml'), 'utf8')).toBe('new');
  expect((await lstat(join(d, 'link.yaml'))).isSymbolicLink()).toBe(true);
  await rm(d, { recursive: true, force: true });
});
