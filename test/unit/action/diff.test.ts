import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  diffChangedFiles,
  lineDiff,
  renderDiff,
  snapshotManifests,
} from '../../../src/action/diff.js';

describe('lineDiff', () => {
  test.each([
    ['same', 'a\nb\n', 'a\nb\n', []],
    [
      'one value changed',
      'a\n  image: app:dev\nc\n',
      'a\n  image: r/app:t@sha256:1\nc\n',
      [
        { kind: '-', line: 2, text: '  image: app:dev' },
        { kind: '+', line: 2, text: '  image: r/app:t@sha256:1' },
      ],
    ],
    [
      'kustomize: a key added',
      'images:\n- name: app\n  newTag: dev\nx: 1\n',
      'images:\n- name: app\n  newTag: t\n  digest: sha256:1\nx: 1\n',
      [
        { kind: '-', line: 3, text: '  newTag: dev' },
        { kind: '+', line: 3, text: '  newTag: t' },
        { kind: '+', line: 4, text: '  digest: sha256:1' },
      ],
    ],
    [
      'CRLF lines compare as lines',
      'a\r\nimage: x\r\nb\r\n',
      'a\r\nimage: y\r\nb\r\n',
      [
        { kind: '-', line: 2, text: 'image: x' },
        { kind: '+', line: 2, text: 'image: y' },
      ],
    ],
    [
      'two separate changes',
      '1\n2\n3\n4\n5\n',
      '1\nX\n3\n4\nY\n',
      [
        { kind: '-', line: 2, text: '2' },
        { kind: '+', line: 2, text: 'X' },
        { kind: '-', line: 5, text: '5' },
        { kind: '+', line: 5, text: 'Y' },
      ],
    ],
  ])('%s', (_name, before, after, expected) => {
    expect(lineDiff(before, after)).toEqual(expected);
  });

  test('every line of the result is a real change (LCS is minimal on a shifted block)', () => {
    const before = Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 50\n', '').replace('line 150', 'line 150\nnew');
    expect(lineDiff(before, after)).toEqual([
      { kind: '-', line: 51, text: 'line 50' },
      { kind: '+', line: 151, text: 'new' },
    ]);
  });
});

test('renderDiff: file headers and a hunk header per separate change', () => {
  const out = renderDiff([
    { path: 'k8s/a.yaml', lines: lineDiff('1\n2\n3\n4\n5', '1\nX\n3\n4\nY') },
  ]);
  expect(out).toBe(
    [
      '--- a/k8s/a.yaml',
      '+++ b/k8s/a.yaml',
      '@@ line 2 @@',
      '-2',
      '+X',
      '@@ line 5 @@',
      '-5',
      '+Y',
    ].join('\n'),
  );
});

describe('snapshotManifests + diffChangedFiles', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'digestpin-diff-'));
    await mkdir(path.join(dir, 'k8s/base'), { recursive: true });
    await mkdir(path.join(dir, 'k8s/node_modules'), { recursive: true });
    await mkdir(path.join(dir, 'charts/app'), { recursive: true });
    await writeFile(path.join(dir, 'k8s/base/deploy.yaml'), 'image: app:dev\n');
    await writeFile(path.join(dir, 'k8s/svc.yml'), 'kind: Service\n');
    await writeFile(path.join(dir, 'k8s/notes.txt'), 'not yaml\n');
    await writeFile(path.join(dir, 'k8s/node_modules/x.yaml'), 'skipped\n');
    await writeFile(path.join(dir, 'charts/app/values.yaml'), 'tag: dev\n');
    await writeFile(path.join(dir, 'pod.manifest'), 'image: app:dev\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('folders give *.yaml/*.yml, globs their folder, named files whatever their name', async () => {
    const snap = await snapshotManifests(
      ['k8s', 'charts/*/values.yaml', 'pod.manifest', 'missing/'],
      dir,
    );
    expect([...snap.keys()].map((p) => path.relative(dir, p)).sort()).toEqual([
      'charts/app/values.yaml',
      'k8s/base/deploy.yaml',
      'k8s/svc.yml',
      'pod.manifest',
    ]);
  });

  test('diffs only the files the push reports, from the snapshot to the disk', async () => {
    const snap = await snapshotManifests(['k8s'], dir);
    await writeFile(path.join(dir, 'k8s/base/deploy.yaml'), 'image: r/app:t@sha256:1\n');
    const diffs = await diffChangedFiles(
      snap,
      ['k8s/base/deploy.yaml', 'not/snapshotted.yaml'],
      dir,
    );
    expect(diffs).toEqual([
      {
        path: 'k8s/base/deploy.yaml',
        lines: [
          { kind: '-', line: 1, text: 'image: app:dev' },
          { kind: '+', line: 1, text: 'image: r/app:t@sha256:1' },
        ],
      },
    ]);
  });
});
