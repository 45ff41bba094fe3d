import { describe, expect, test } from '@jest/globals';
import { pinText, prefilterNeedle } from '../../../src/manifests/pinning.js';
import { parseReference } from '../../../src/reference.js';

const D = `sha256:${'a'.repeat(64)}`;
const OLD = `sha256:${'b'.repeat(64)}`;
const REF = `registry.example.com/team/app:v2@${D}`;
const NEW = `registry.example.com/team/app:v2@${D}`;

const pod = (containers: string): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n${containers}`;

/** [name, input, [old snippet, new snippet][] (applied in order to the input), ref] */
const cases: [string, string, [string, string][], string?][] = [
  [
    'plain',
    pod('  - name: a\n    image: registry.example.com/team/app:v1\n'),
    [['app:v1', `app:v2@${D}`]],
  ],
  [
    'single quotes kept',
    pod("  - name: a\n    image: 'registry.example.com/team/app:v1'\n"),
    [["'registry.example.com/team/app:v1'", `'${NEW}'`]],
  ],
  [
    'double quotes kept',
    pod('  - name: a\n    image: "registry.example.com/team/app:v1"\n'),
    [['"registry.example.com/team/app:v1"', `"${NEW}"`]],
  ],
  [
    'comment on the same line kept',
    pod('  - name: a\n    image: registry.example.com/team/app:v1   # the app\n'),
    [['app:v1   #', `app:v2@${D}   #`]],
  ],
  [
    'existing digest replaced',
    pod(`  - image: registry.example.com/team/app:v1@${OLD}\n`),
    [[`app:v1@${OLD}`, `app:v2@${D}`]],
  ],
  [
    'flow map',
    pod('  - {name: a, image: registry.example.com/team/app:v1, ports: [1, 2]}\n'),
    [['app:v1,', `app:v2@${D},`]],
  ],
  [
    'flow sequence of flow maps',
    'kind: Pod\nspec: {containers: [{name: a, image: "registry.example.com/team/app"}]}\n',
    [['team/app"', `team/app:v2@${D}"`]],
  ],
  [
    'alias changed once at the anchor',
    'kind: Pod\nspec:\n  containers:\n  - image: &img registry.example.com/team/app:v1 # anchor\n  - image: *img\n  - image: *img\n',
    [['&img registry.example.com/team/app:v1', `&img ${NEW}`]],
  ],
  [
    'merge key',
    'kind: Pod\nspec:\n  containers:\n  - &base {name: a, image: registry.example.com/team/app:v1}\n  - <<: *base\n    name: b\n',
    [['app:v1', `app:v2@${D}`]],
  ],
  [
    'CRLF',
    'kind: Pod\r\nspec:\r\n  containers:\r\n  - image: registry.example.com/team/app:v1\r\n    name: a\r\n',
    [['app:v1\r\n', `app:v2@${D}\r\n`]],
  ],
  [
    'BOM',
    '\ufeffkind: Pod\nspec:\n  containers:\n  - image: registry.example.com/team/app:v1\n',
    [['app:v1', `app:v2@${D}`]],
  ],
  [
    'block scalar near the image key is left alone',
    pod(
      '  - name: a\n    command:\n    - |\n      echo image: registry.example.com/team/app:v1\n    image: registry.example.com/team/app:v1\n',
    ),
    [['    image: registry.example.com/team/app:v1\n', `    image: ${NEW}\n`]],
  ],
  [
    'other images untouched, init and ephemeral containers',
    pod(
      '  - image: registry.example.com/team/other:v1\n  initContainers:\n  - image: registry.example.com/team/app:v0\n  ephemeralContainers:\n  - image: registry.example.com/team/app\n',
    ).replace('  containers:\n  - image', '  containers:\n  - image'),
    [
      ['app:v0', `app:v2@${D}`],
      ['team/app\n', `team/app:v2@${D}\n`],
    ],
  ],
  [
    'Deployment',
    'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - image: registry.example.com/team/app:v1\n',
    [['app:v1', `app:v2@${D}`]],
  ],
  [
    'CronJob',
    'kind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - image: registry.example.com/team/app:v1\n',
    [['app:v1', `app:v2@${D}`]],
  ],
  [
    'List items',
    'kind: List\nitems:\n- kind: Pod\n  spec:\n    containers:\n    - image: registry.example.com/team/app:v1\n- kind: Deployment\n  spec:\n    template:\n      spec:\n        containers:\n        - image: registry.example.com/team/app:v3\n',
    [
      ['app:v1', `app:v2@${D}`],
      ['app:v3', `app:v2@${D}`],
    ],
  ],
  [
    'multi-document with non-Kubernetes documents',
    '# leading\n---\nfoo: [1, 2]\n---\nkind: Pod\nspec:\n  containers:\n  - image: registry.example.com/team/app:v1\n---\n- just\n- a list\n...\n',
    [['app:v1', `app:v2@${D}`]],
  ],
  [
    'Docker Hub short name normalised',
    pod('  - image: nginx\n  - image: docker.io/library/nginx:1.25\n  - image: nginxinc/nginx:1\n'),
    [
      ['image: nginx\n', `image: nginx:1.27@${D}\n`],
      ['nginx:1.25', `nginx:1.27@${D}`],
    ],
    `nginx:1.27@${D}`,
  ],
  [
    'kustomization: newName matched, missing digest added with the same indentation',
    'images:\n  - name: app\n    newName: registry.example.com/team/app # here\n    newTag: v1\n  - name: other\n    newTag: v1\n',
    [['    newTag: v1\n  - name: other', `    newTag: v2\n    digest: ${D}\n  - name: other`]],
  ],
  [
    'kustomization: name without newName, both keys added',
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nimages:\n- name: registry.example.com/team/app\n',
    [['team/app\n', `team/app\n  newTag: v2\n  digest: ${D}\n`]],
  ],
  [
    'kustomization: flow entry, existing digest replaced, quoted tag kept',
    `images:\n- {name: registry.example.com/team/app, newTag: 'v1', digest: ${OLD}}\n`,
    [
      ["'v1'", "'v2'"],
      [OLD, D],
    ],
  ],
  [
    'kustomization: numeric-looking tag written double-quoted',
    'images:\n- name: registry.example.com/team/app\n  newTag: 1.27\n',
    [['newTag: 1.27\n', `newTag: "1.28"\n  digest: ${D}\n`]],
    `registry.example.com/team/app:1.28@${D}`,
  ],
  [
    'helm values without digest key: tag gets @digest',
    'image:\n  registry: registry.example.com\n  repository: team/app\n  tag: "v1"\n  pullPolicy: IfNotPresent\n',
    [['"v1"', `"v2@${D}"`]],
  ],
  [
    'helm values with digest key',
    'app:\n  image:\n    repository: registry.example.com/team/app\n    tag: 1.27\n    digest: ""\n',
    [
      ['tag: 1.27', 'tag: "1.28"'],
      ['digest: ""', `digest: "${D}"`],
    ],
    `registry.example.com/team/app:1.28@${D}`,
  ],
];

describe('pinText', () => {
  test.each(cases)('%s', async (_name, input, replacements, ref = REF) => {
    let expected = input;
    for (const [from, to] of replacements) {
      expect(expected).toContain(from);
      expected = expected.replace(from, to);
    }
    const first = await pinText('x.yaml', input, ref);
    expect(first.newText).toBe(expected);
    expect(first.changes.length).toBeGreaterThan(0);
    const second = await pinText('x.yaml', first.newText, ref);
    expect(second.newText).toBe(first.newText);
    expect(second.changes).toEqual([]);
  });

  test('reports line, old and new value per change', async () => {
    const r = await pinText('x.yaml', pod('  - image: registry.example.com/team/app:v1\n'), REF);
    expect(r.changes).toEqual([{ line: 7, from: 'registry.example.com/team/app:v1', to: NEW }]);
  });

  test('a ref without digest is refused', async () => {
    await expect(pinText('x.yaml', 'a: 1\n', 'registry.example.com/team/app:v2')).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_REFERENCE' }),
    );
  });

  test('an anchor shared by two different targets is a conflict', async () => {
    const text = `images:\n- name: registry.example.com/team/app\n  newTag: &t v1\n- name: other\n  newTag: *t\n  digest: ${OLD}\n`;
    // only the matching entry is pinned: its anchored tag changes once, no conflict
    expect((await pinText('x.yaml', text, REF)).newText).toContain('newTag: &t v2');
  });

  test('a block scalar image is not rewritten and is reported', async () => {
    const r = await pinText(
      'x.yaml',
      pod('  - image: |\n      registry.example.com/team/app:v1\n'),
      REF,
    );
    expect(r.changes).toEqual([]);
    expect(r.warnings[0]).toMatch(/block scalar/);
  });
});

describe('prefilterNeedle', () => {
  test.each([
    ['nginx', 'nginx'],
    ['docker.io/library/nginx', 'nginx'],
    ['bitnami/redis', 'bitnami/redis'],
    ['registry.example.com/team/app', 'team/app'],
  ])('%s → %s', (ref, needle) => {
    expect(prefilterNeedle(parseReference(ref))).toBe(needle);
  });
});
