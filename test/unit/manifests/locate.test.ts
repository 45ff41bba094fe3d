import { describe, expect, test } from '@jest/globals';
import { locateImages } from '../../../src/manifests/locate.js';

type Expect = { kind: string; value: string; line: number; column: number; ignore?: string[] };

const cases: [string, string, Expect[]][] = [
  [
    'Pod with comment, pull policy and ignore',
    'kind: Pod\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27 # digestpin-ignore: unpinned-image, mutable-tag\n    imagePullPolicy: Never\n',
    [
      {
        kind: 'container',
        value: 'nginx:1.27',
        line: 5,
        column: 12,
        ignore: ['unpinned-image', 'mutable-tag'],
      },
    ],
  ],
  [
    'BOM does not shift the column',
    '\ufeffkind: Pod\nspec: {containers: [{image: "a/b:1"}]}\n',
    [{ kind: 'container', value: 'a/b:1', line: 2, column: 29 }],
  ],
  [
    'StatefulSet, DaemonSet, Job, PodTemplate, ReplicationController',
    [
      'kind: StatefulSet\nspec:\n  template:\n    spec:\n      containers:\n      - image: s\n',
      'kind: DaemonSet\nspec:\n  template:\n    spec:\n      initContainers:\n      - image: d\n',
      'kind: Job\nspec:\n  template:\n    spec:\n      containers:\n      - image: j\n',
      'kind: PodTemplate\ntemplate:\n  spec:\n    containers:\n    - image: t\n',
      'kind: ReplicationController\nspec:\n  template:\n    spec:\n      containers:\n      - image: r\n',
    ].join('---\n'),
    [
      { kind: 'container', value: 's', line: 6, column: 16 },
      { kind: 'container', value: 'd', line: 13, column: 16 },
      { kind: 'container', value: 'j', line: 20, column: 16 },
      { kind: 'container', value: 't', line: 26, column: 14 },
      { kind: 'container', value: 'r', line: 33, column: 16 },
    ],
  ],
  [
    'an Argo Rollout (any spec.template.spec)',
    'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nspec:\n  template:\n    spec:\n      containers:\n      - image: argo\n',
    [{ kind: 'container', value: 'argo', line: 7, column: 16 }],
  ],
  [
    'image through an alias is reported once, at the anchor',
    'kind: Pod\nspec:\n  containers:\n  - image: &i app:1\n  - image: *i\n  - image: *i\n',
    [{ kind: 'container', value: 'app:1', line: 4, column: 15 }],
  ],
  [
    'kustomization entries compose newName, newTag, digest',
    'images:\n- name: a\n  newName: reg.io/a\n  newTag: "1"\n- name: b\n  digest: sha256:00\n',
    [
      { kind: 'kustomize', value: 'reg.io/a:1', line: 3, column: 12 },
      { kind: 'kustomize', value: 'b@sha256:00', line: 5, column: 9 },
    ],
  ],
  [
    'helm values (registry + repository + tag), nested, tag empty',
    'web:\n  image:\n    registry: reg.io\n    repository: team/web\n    tag: ""\nworkers:\n- image: {repository: w, tag: 2}\n',
    [
      { kind: 'helm', value: 'reg.io/team/web', line: 4, column: 17 },
      { kind: 'helm', value: 'w:2', line: 7, column: 23 },
    ],
  ],
  ['documents that are not Kubernetes objects', '- a\n- b\n---\n"str"\n---\nimage: x\n---\n', []],
  ['empty image value is not a field', 'kind: Pod\nspec:\n  containers:\n  - image:\n', []],
];

describe('locateImages', () => {
  test.each(cases)('%s', async (_name, text, expected) => {
    const found = (await locateImages('x.yaml', text)).images.map((f) => ({
      kind: f.kind,
      value: f.value,
      line: f.line,
      column: f.column,
      ...(f.ignore.length ? { ignore: f.ignore } : {}),
    }));
    expect(found).toEqual(expected);
  });

  test('pull policy with its position', async () => {
    const [f] = (
      await locateImages(
        'x.yaml',
        'kind: Pod\nspec:\n  containers:\n  - image: a\n    imagePullPolicy: Always\n',
      )
    ).images;
    expect(f?.pullPolicy).toEqual({ value: 'Always', line: 5, column: 22 });
  });

  test('template syntax is flagged', async () => {
    expect((await locateImages('x.yaml', 'a: "{{ .Values.x }}"\n')).template).toBe(true);
    expect((await locateImages('x.yaml', 'a: b\n')).template).toBe(false);
  });

  test.each([
    [
      'bad indentation',
      'kind: Pod\nspec:\n  containers:\n  - image: a\n   name: b\n',
      /^x\.yaml:5:\d+: /,
    ],
    ['unclosed flow map', 'a: {b: c\n', /^x\.yaml:\d+:\d+: /],
    ['unclosed quote', 'a: "b\n', /^x\.yaml:\d+:\d+: Missing closing/],
  ])(
    'malformed YAML (%s) throws MALFORMED_YAML with path:line:column',
    async (_n, text, message) => {
      await expect(locateImages('x.yaml', text)).rejects.toThrow(
        expect.objectContaining({
          code: 'MALFORMED_YAML',
          message: expect.stringMatching(message),
        }),
      );
    },
  );
});
