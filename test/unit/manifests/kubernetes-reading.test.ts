/**
 * Inputs that digestpin could read differently from Kubernetes (kubectl's Go YAML, kustomize's
 * kyaml): each must be read the same way or refused with path:line:column (issue 13, DESIGN.md
 * "Manifests"). The kubectl differential test (test/integration/kubectl-differential.test.ts)
 * holds the same cases to the real reader.
 */
import { describe, expect, test } from '@jest/globals';
import { decodeManifest } from '../../../src/manifests/limits.js';
import { locateImages } from '../../../src/manifests/locate.js';
import { pinText } from '../../../src/manifests/pinning.js';
import { parseReference } from '../../../src/reference.js';
import { runRules } from '../../../src/rules/index.js';

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

  test.each([
    [
      'a map merged into a container but defined outside pod specs',
      'kind: Pod\nx: &base\n  image: app:1\nspec:\n  containers:\n  - <<: *base\n    name: a\n',
      /^x\.yaml:6:\d+: the anchored map &base holds a container image and is also used at line 3/,
    ],
    [
      'a container aliased into an annotation',
      'kind: Pod\nspec:\n  containers:\n  - &c {name: a, image: app:1}\nmetadata:\n  annotations: {t: *c}\n',
      /^x\.yaml:4:\d+: the anchored map &c holds a container image and is also used at line 6/,
    ],
  ])('%s: refused', async (_n, text, message) => {
    await expect(locateImages('x.yaml', text)).rejects.toThrow(
      expect.objectContaining({ code: 'MALFORMED_YAML', message: expect.stringMatching(message) }),
    );
  });

  test('an anchored container merged into another container is read', async () => {
    const text =
      'kind: Pod\nspec:\n  containers:\n  - &c {name: a, image: app:1}\n  - <<: *c\n    name: b\n';
    expect((await locateImages('x.yaml', text)).images.map((i) => i.value)).toEqual(['app:1']);
  });

  test('an anchor used only by image fields is read (and pinned) once', async () => {
    const text = 'kind: Pod\nspec:\n  containers:\n  - image: &i app:1\n  - image: *i\n';
    expect((await locateImages('x.yaml', text)).images.map((i) => [i.value, i.line])).toEqual([
      ['app:1', 4],
    ]);
  });
});

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

describe('kustomization images: every form kustomize accepts', () => {
  // expected values are what `kubectl kustomize` renders for a base image `postgres` or
  // `postgres:11` (checked against kubectl by test/integration/kubectl-differential.test.ts)
  test.each([
    ['name + newTag + digest', 'name: postgres\n  newTag: "11"\n  digest: D1', 'postgres:11@D1'],
    [
      'name with a tag, digest alone (the tag goes)',
      'name: postgres:11\n  digest: D1',
      'postgres@D1',
    ],
    [
      'name with a tag, nothing else (the tag stays)',
      'name: postgres:11\n  newName: a/pg',
      'a/pg:11',
    ],
    [
      'tag in newName (Renovate style)',
      'name: postgres\n  newName: awesome/postgres:11',
      'awesome/postgres:11',
    ],
    [
      'tag in newName and newTag',
      'name: postgres\n  newName: a/pg:11\n  newTag: "12"',
      'a/pg:11:12',
    ],
    ['digest in newName', 'name: postgres\n  newName: a/pg@D1', 'a/pg@D1'],
    ['digest alone clears the tag', 'name: postgres\n  newName: a/pg\n  digest: D1', 'a/pg@D1'],
    [
      'registry with a port',
      'name: postgres\n  newName: reg:5000/pg\n  newTag: "1"',
      'reg:5000/pg:1',
    ],
  ])('%s', async (_n, entry, value) => {
    const text = `images:\n- ${entry.replace(/D1/g, D1)}\n`;
    const [field] = (await locateImages('kustomization.yaml', text)).images;
    expect(field?.value).toBe(value.replace(/D1/g, D1));
  });

  test.each([
    [
      'tag in newName: only a digest is added',
      'name: postgres\n  newName: awesome/postgres:11',
      'awesome/postgres:11@D2',
      `name: postgres\n  newName: awesome/postgres:11\n  digest: D2`,
    ],
    [
      'digest in newName: moved to digest, tag to newTag',
      'name: postgres\n  newName: awesome/postgres@D1',
      'awesome/postgres:11@D2',
      `name: postgres\n  newName: awesome/postgres\n  newTag: "11"\n  digest: D2`,
    ],
    [
      'tag and digest in newName',
      'name: postgres\n  newName: awesome/postgres:11@D1',
      'awesome/postgres:12@D2',
      `name: postgres\n  newName: awesome/postgres:12\n  digest: D2`,
    ],
    [
      'tag in newName and a newTag: newName loses its tag',
      'name: postgres\n  newName: a/pg:11\n  newTag: "12"',
      'a/pg:12@D2',
      `name: postgres\n  newName: a/pg\n  newTag: "12"\n  digest: D2`,
    ],
    [
      'name with a tag: name is kept (it selects the images), newTag added',
      'name: postgres:11\n  digest: D1',
      'postgres:11@D2',
      `name: postgres:11\n  digest: D2\n  newTag: "11"`,
    ],
    [
      'a newTag YAML reads as a number is quoted',
      'name: postgres\n  newTag: 2.5',
      'postgres:2.5@D2',
      `name: postgres\n  newTag: "2.5"\n  digest: D2`,
    ],
  ])('pin: %s', async (_n, entry, ref, expected) => {
    const sub = (s: string): string => s.replace(/D1/g, D1).replace(/D2/g, D2);
    const r = await pinText('kustomization.yaml', `images:\n- ${sub(entry)}\n`, sub(ref));
    expect(r.newText).toBe(`images:\n- ${sub(expected)}\n`);
    expect(r.changes.map((c) => c.to)).toEqual([sub(ref)]);
    const again = await pinText('kustomization.yaml', r.newText, sub(ref));
    expect(again.changes).toEqual([]);
  });
});

describe('check on kustomization entries', () => {
  async function findings(text: string): Promise<string[]> {
    const { images } = await locateImages('kustomization.yaml', text);
    return runRules([{ path: 'kustomization.yaml', images }], {
      ignore: [],
      parse: parseReference,
    }).map((f) => `${f.line}:${f.column} ${f.rule} ${f.fix}`);
  }

  test('name with a tag and a digest is a valid, pinned entry', async () => {
    expect(await findings(`images:\n- name: postgres:11\n  digest: ${D1}\n`)).toEqual([]);
  });

  test.each(['2.5', '1e3', 'true', 'yes', '012'])(
    'newTag: %s (not a string for YAML) is reported at the value, with the fix',
    async (tag) => {
      const text = `images:\n- name: postgres\n  newTag: ${tag}\n  digest: ${D1}\n`;
      expect(await findings(text)).toEqual([`3:11 invalid-reference quote it: newTag: "${tag}"`]);
    },
  );
});

describe('JSON manifests', () => {
  const json = (image: string): string =>
    `{\n\t"apiVersion": "v1",\n\t"kind": "Pod",\n\t"metadata": {"name": "a"},\n\t"spec": {"containers": [\n\t\t{"name": "a", "image": ${image}}\n\t]}\n}\n`;

  test('read (tab-indented, as kubectl reads it) and pinned keeping JSON quoting', async () => {
    const text = json('"nginx:1.27"');
    const [field] = (await locateImages('pod.json', text)).images;
    expect([field?.value, field?.line, field?.column]).toEqual(['nginx:1.27', 6, 26]);
    const r = await pinText('pod.json', text, `nginx:1.27@${D1}`);
    expect(r.newText).toBe(json(`"nginx:1.27@${D1}"`));
    expect(JSON.parse(r.newText)).toBeTruthy();
  });

  test('a key added to a JSON kustomize-style entry is written as JSON', async () => {
    const text = '{"images": [{"name": "postgres", "newTag": "11"}]}\n';
    const r = await pinText('k.json', text, `postgres:11@${D1}`);
    expect(r.newText).toBe(
      `{"images": [{"name": "postgres", "newTag": "11", "digest": "${D1}"}]}\n`,
    );
    expect(JSON.parse(r.newText)).toBeTruthy();
  });

  test('a duplicate key in JSON is refused like in YAML', async () => {
    await expect(locateImages('pod.json', json('"a:1", "image": "b:2"'))).rejects.toThrow(
      expect.objectContaining({ message: expect.stringMatching(/duplicate key "image"/) }),
    );
  });
});

describe('image volumes (volumes[].image.reference)', () => {
  const pod = (reference: string, policy = ''): string =>
    'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: a\n    image: app:1\n' +
    `  volumes:\n  - name: data\n    image:\n      reference: ${reference}\n${policy}`;

  test('located under every pod spec, with pullPolicy', async () => {
    const text = pod('registry.example.com/team/app:v1', '      pullPolicy: Never\n');
    const fields = (await locateImages('x.yaml', text)).images;
    expect(fields.map((f) => [f.kind, f.value, f.line, f.column])).toEqual([
      ['container', 'app:1', 7, 12],
      ['volume', 'registry.example.com/team/app:v1', 11, 18],
    ]);
    expect(fields[1]?.pullPolicy).toEqual({ value: 'Never', line: 12, column: 19 });
    const deploy =
      'kind: Deployment\nspec:\n  template:\n    spec:\n      volumes: [{name: v, image: {reference: "d:1"}}]\n';
    expect((await locateImages('x.yaml', deploy)).images.map((f) => f.value)).toEqual(['d:1']);
  });

  test('pinned', async () => {
    const r = await pinText(
      'x.yaml',
      pod('registry.example.com/team/app:v1'),
      `registry.example.com/team/app:v2@${D1}`,
    );
    expect(r.newText).toBe(pod(`registry.example.com/team/app:v2@${D1}`));
  });

  test('checked, pull policy included (reported at the pullPolicy value)', async () => {
    const { images } = await locateImages(
      'x.yaml',
      pod('k8s.gcr.io/pause:3.9', '      pullPolicy: Never\n'),
    );
    const found = runRules([{ path: 'x.yaml', images }], { ignore: [], parse: parseReference })
      .filter((f) => f.line !== 7)
      .map((f) => `${f.line}:${f.column} ${f.rule}`);
    expect(found).toEqual([
      '11:18 unpinned-image',
      '11:18 legacy-registry',
      '12:19 never-pull-policy',
    ]);
  });
});

describe('invalid UTF-8', () => {
  test('refused at the first bad byte; a U+FFFD written in the file and a BOM are read', () => {
    const bytes = Buffer.concat([
      Buffer.from('\ufeffkind: Pod # \ufffd ok\nspec:\n  containers: [{image: "a'),
      Buffer.from([0xe9]),
      Buffer.from(':1"}]\n'),
    ]);
    expect(() => decodeManifest('x.yaml', bytes)).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/^x\.yaml:3:\d+: not valid UTF-8/),
      }),
    );
    const ok = Buffer.from('\ufeffkind: Pod # \ufffd\n');
    expect(decodeManifest('x.yaml', ok)).toBe('\ufeffkind: Pod # \ufffd\n');
  });
});

describe('characters YAML does not trim (a no-break space is not white space to YAML)', () => {
  // kubectl reads `image\u00a0:` as a key "image\u00a0" (an unknown field), not as `image`
  const pod = (containers: string): string =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n${containers}`;
  test.each([
    ['a block key ending in U+00A0', '    - name: a\n      image\u00a0: nginx:1.27\n'],
    ['a block key ending in U+3000', '    - name: a\n      image\u3000: nginx:1.27\n'],
    ['a flow key ending in U+00A0', '    - {name: a, image\u00a0: nginx:1.27}\n'],
  ])('%s is not an image key', async (_n, containers) => {
    expect((await locateImages('x.yaml', pod(containers))).images).toEqual([]);
  });

  test('a tab before the colon is trimmed (YAML white space): the key is `image`', async () => {
    const r = await locateImages('x.yaml', pod('    - name: a\n      image\t: nginx:1.27\n'));
    expect(r.images.map((i) => i.value)).toEqual(['nginx:1.27']);
  });

  test('a value ending in U+00A0 keeps it (an invalid reference, as the kubelet sees it)', async () => {
    const r = await locateImages('x.yaml', pod('    - name: a\n      image: nginx:1.27\u00a0\n'));
    expect(r.images.map((i) => i.value)).toEqual(['nginx:1.27\u00a0']);
  });
});
