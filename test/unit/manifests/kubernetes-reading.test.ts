/**
 * Inputs that digestpin could read differently from Kubernetes (kubectl's Go YAML, kustomize's
 * kyaml): each must be read the same way or refused with path:line:column (issue 13, DESIGN.md
 * "Manifests"). The kubectl differential test (test/integration/kubectl-differential.test.ts)
 * holds the same cases to the real reader.
 */
import { describe, expect, test } from '@jest/globals';
import { locateImages } from '../../../src/manifests/locate.js';

const D = `sha256:${'0'.repeat(64)}`;

/** The reproduction: a second container hidden behind a comment by `brk`. */
function hiddenContainer(brk: string): string {
  return (
    'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n' +
    `      image: nginx:1.27@${D}  # ok${brk}    - name: b${brk}      image: nginx:latest\n`
  );
}

describe('line breaks other than LF and CRLF', () => {
  test.each([
    ['a lone CR', '\r'],
    ['NEL (U+0085)', '\u0085'],
    ['LINE SEPARATOR (U+2028)', '\u2028'],
    ['PARAGRAPH SEPARATOR (U+2029)', '\u2029'],
  ])('%s (kubectl reads a line break there) is refused at its line and column', async (_n, brk) => {
    await expect(locateImages('x.yaml', hiddenContainer(brk))).rejects.toThrow(
      expect.objectContaining({
        code: 'MALFORMED_YAML',
        message: expect.stringMatching(/^x\.yaml:7:\d+: .*line break/),
      }),
    );
  });

  test('one inside a quoted value, or a comment, is refused too; LF and CRLF are read', async () => {
    await expect(
      locateImages('x.yaml', 'kind: Pod\nmetadata:\n  annotations: {a: "x\u2028y"}\n'),
    ).rejects.toThrow(
      expect.objectContaining({ message: expect.stringMatching(/^x\.yaml:3:22: /) }),
    );
    await expect(locateImages('x.yaml', '# a\u0085b\nkind: Pod\n')).rejects.toThrow(
      expect.objectContaining({ message: expect.stringMatching(/^x\.yaml:1:4: /) }),
    );
    const crlf = hiddenContainer('\r\n');
    expect((await locateImages('x.yaml', crlf)).images.map((i) => i.value)).toEqual([
      `nginx:1.27@${D}`,
      'nginx:latest',
    ]);
  });
});

describe('duplicate keys on a path to an image', () => {
  const pod = (spec: string): string => `apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n${spec}`;
  test.each([
    [
      'image (block)',
      pod('spec:\n  containers:\n  - name: a\n    image: nginx:latest\n    image: nginx:1\n'),
      'image',
      [8, 7],
    ],
    [
      'image (flow, quoted)',
      pod('spec: {containers: [{name: a, image: nginx:latest, "image": nginx:1}]}\n'),
      'image',
      [4, 4],
    ],
    [
      'containers',
      pod('spec:\n  containers:\n  - image: nginx:latest\n  containers:\n  - image: a:1\n'),
      'containers',
      [7, 5],
    ],
    [
      'spec',
      pod('spec:\n  containers: [{image: nginx:latest}]\nspec:\n  containers: []\n'),
      'spec',
      [6, 4],
    ],
    ['kind', `kind: ConfigMap\n${pod('spec:\n  containers: [{image: a}]\n')}`, 'kind', [3, 1]],
    [
      'a kustomization entry field',
      'images:\n- name: a\n  newTag: "1"\n  newTag: "2"\n',
      'newTag',
      [4, 3],
    ],
    [
      'a key written through an alias',
      pod('x: &k image\nspec:\n  containers:\n  - image: a:1\n    *k : b:2\n'),
      'image',
      [8, 7],
    ],
  ])('%s: refused, naming both lines', async (_n, text, key, [line, other]) => {
    await expect(locateImages('x.yaml', text)).rejects.toThrow(
      expect.objectContaining({
        code: 'MALFORMED_YAML',
        message: expect.stringMatching(
          new RegExp(`^x\\.yaml:${line}:\\d+: duplicate key "${key}" \\(also at line ${other}\\)`),
        ),
      }),
    );
  });

  test('duplicates away from any image path are left alone (kubectl keeps the last)', async () => {
    const text = pod('  labels: {a: b, a: c}\nspec:\n  containers: [{image: a:1}]\n').replace(
      'metadata: {name: a}\n',
      'metadata:\n  name: a\n',
    );
    expect((await locateImages('x.yaml', text)).images.map((i) => i.value)).toEqual(['a:1']);
  });
});

describe('an anchor shared by an image and another field', () => {
  test.each([
    [
      'the issue: metadata.name and the container name',
      'kind: Pod\nmetadata: {name: &n nginx}\nspec:\n  containers:\n  - {name: *n, image: *n}\n',
      /^x\.yaml:5:\d+: .*&n.*also used at line 2 and line 5/,
    ],
    [
      'an anchor on the image, aliased as a label',
      'kind: Pod\nspec:\n  containers:\n  - image: &i app:1\nmetadata:\n  labels: {app: *i}\n',
      /^x\.yaml:4:\d+: .*&i.*also used at line 6/,
    ],
    [
      'a kustomization tag shared with a label',
      'labels: [{pairs: {v: &t "1"}}]\nimages:\n- name: a\n  newTag: *t\n',
      /^x\.yaml:4:\d+: .*&t.*also used at line 1/,
    ],
  ])('%s: refused, naming the other uses', async (_n, text, message) => {
    await expect(locateImages('x.yaml', text)).rejects.toThrow(
      expect.objectContaining({ code: 'MALFORMED_YAML', message: expect.stringMatching(message) }),
    );
  });

  test('an anchor used only by image fields is read (and pinned) once', async () => {
    const text = 'kind: Pod\nspec:\n  containers:\n  - image: &i app:1\n  - image: *i\n';
    expect((await locateImages('x.yaml', text)).images.map((i) => [i.value, i.line])).toEqual([
      ['app:1', 4],
    ]);
  });
});
