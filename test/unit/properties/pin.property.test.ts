/**
 * Properties of the byte-exact rewrites on generated YAML (random comments, quoting, indentation,
 * flow and block items, anchors, CRLF, BOM, several documents; see yaml-gen.ts):
 *   - pin never changes a byte outside the image values it pins (each one reads as the pinned
 *     reference afterwards), and pinning again changes nothing;
 *   - check --fix likewise only rewrites legacy-registry values, and a second fix changes nothing;
 *   - the container images digestpin locates are those a YAML 1.1 reading finds (Kubernetes' Go
 *     YAML reads YAML 1.1), walked here independently of the locator.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { parse, parseAllDocuments } from 'yaml';
import { planLegacyFixes } from '../../../src/commands/check-fix.js';
import { locateImages } from '../../../src/manifests/locate.js';
import { pinText } from '../../../src/manifests/pinning.js';
import { fileArb, outsideHolesUnchanged, type Names, type Rewrite } from './yaml-gen.js';

const RUNS = 300;
const hex = fc.string({
  unit: fc.constantFrom(...'0123456789abcdef'.split('')),
  minLength: 64,
  maxLength: 64,
});

/** What a scalar's source text reads as (a plain, single- or double-quoted YAML scalar). */
const read = (scalar: string): unknown => parse(scalar) as unknown;

type Obj = Record<string, unknown>;
const at = (o: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((n, k) => (n && typeof n === 'object' ? (n as Obj)[k] : undefined), o);

/** The pod-spec image values of every object, read as YAML 1.1 (distinct, sorted). */
function yaml11Images(text: string): string[] {
  const out = new Set<string>();
  const podSpec = (spec: unknown): void => {
    for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
      const items = at(spec, list);
      if (Array.isArray(items))
        for (const c of items) if (at(c, 'image') != null) out.add(String(at(c, 'image')));
    }
    const volumes = at(spec, 'volumes');
    if (Array.isArray(volumes))
      for (const v of volumes)
        if (at(v, 'image', 'reference') != null) out.add(String(at(v, 'image', 'reference')));
  };
  const object = (o: unknown): void => {
    if (at(o, 'kind') === 'List') {
      const items = at(o, 'items');
      if (Array.isArray(items)) items.forEach(object);
      return;
    }
    if (at(o, 'kind') === 'Pod') podSpec(at(o, 'spec'));
    podSpec(at(o, 'spec', 'template', 'spec'));
    podSpec(at(o, 'spec', 'jobTemplate', 'spec', 'template', 'spec'));
    podSpec(at(o, 'template', 'spec'));
  };
  for (const doc of parseAllDocuments(text, { version: '1.1', merge: true }))
    object(doc.toJS({ maxAliasCount: -1 }));
  return [...out].sort();
}

interface PinCase {
  name: string;
  ref: (digest: string) => string;
  names: Names;
  targets: string[];
  rewrite: (digest: string) => Omit<Rewrite, 'matches'>;
}

const pinCases: PinCase[] = [
  {
    name: 'a registry ref with a tag',
    ref: (d) => `registry.example.com/team/app:v9@${d}`,
    targets: ['registry.example.com/team/app'],
    names: {
      images: [
        'registry.example.com/team/app',
        'registry.example.com/team/app-sidecar',
        'registry.example.com/team/app/sub',
        'example.com/team/app',
      ],
      kustomize: ['registry.example.com/team/app', 'registry.example.com/other'],
    },
    rewrite: (d) => ({
      image: (name) => `${name}:v9@${d}`,
      kustomize: () => ({ newTag: 'v9', digest: d }),
      helm: () => `v9@${d}`,
    }),
  },
  {
    name: 'a Docker Hub ref without a tag (written tags kept)',
    ref: (d) => `nginx@${d}`,
    targets: ['nginx', 'docker.io/nginx', 'docker.io/library/nginx', 'library/nginx'],
    names: {
      images: ['nginx', 'docker.io/nginx', 'docker.io/library/nginx', 'library/nginx'].concat([
        'nginxinc/nginx',
        'nginx-exporter',
        'quay.io/nginx',
      ]),
      kustomize: ['nginx', 'docker.io/library/nginx', 'nginxinc/nginx'],
    },
    rewrite: (d) => ({
      image: (name, tag) => `${name}${tag === undefined ? '' : `:${tag}`}@${d}`,
      kustomize: () => ({ digest: d }),
      helm: (tag) => `${tag}@${d}`,
    }),
  },
];

describe.each(pinCases)('pin to $name', (c) => {
  const rewrite = (d: string): Rewrite => ({
    ...c.rewrite(d),
    matches: (name) => c.targets.includes(name),
  });

  test(`changes only the pinned values, and a second pin changes nothing (${RUNS} files)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        hex.chain((h) =>
          fc.tuple(fc.constant(`sha256:${h}`), fileArb(c.names, rewrite(`sha256:${h}`))),
        ),
        async ([digest, file]) => {
          const first = await pinText('gen.yaml', file.text, c.ref(digest));
          expect(outsideHolesUnchanged(file, first.newText, read)).toBeUndefined();
          const holes = file.parts.filter((p) => 'hole' in p).length;
          if (holes > 0) expect(first.newText).not.toBe(file.text);
          const second = await pinText('gen.yaml', first.newText, c.ref(digest));
          expect(second.newText).toBe(first.newText);
          expect(second.changes).toEqual([]);
          // both parsers (the fast path and the yaml library) find the same values
          const fast = (await locateImages('gen.yaml', file.text)).images.map((i) => i.value);
          const full = (await locateImages('gen.yaml', file.text, { full: true })).images.map(
            (i) => i.value,
          );
          expect(fast).toEqual(full);
          // …and the images a YAML 1.1 reader (Kubernetes') finds
          const located = (await locateImages('gen.yaml', file.text)).images
            .filter((i) => i.kind === 'container' || i.kind === 'volume')
            .map((i) => i.value);
          expect([...new Set(located)].sort()).toEqual(yaml11Images(file.text));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

const LEGACY: Record<string, string> = {
  'k8s.gcr.io/pause': 'registry.k8s.io/pause',
  'k8s.gcr.io/coredns/coredns': 'registry.k8s.io/coredns/coredns',
  'gcr.io/google_containers/pause': 'registry.k8s.io/pause',
};

describe('check --fix', () => {
  const names: Names = {
    images: [...Object.keys(LEGACY), 'registry.k8s.io/pause', 'gcr.io/other/pause', 'nginx'],
    // kustomize entries matched by `name` gain a newName key (an insertion): covered elsewhere
    kustomize: ['registry.k8s.io/pause', 'nginx'],
  };
  const rewrite: Rewrite = {
    matches: (name) => name in LEGACY,
    image: (name, tag) => `${LEGACY[name] ?? name}${tag === undefined ? '' : `:${tag}`}`,
    helmRepository: (repository) => LEGACY[repository] ?? repository,
  };

  test(`rewrites only legacy values, and a second fix changes nothing (${RUNS} files)`, async () => {
    await fc.assert(
      fc.asyncProperty(fileArb(names, rewrite), async (file) => {
        const first = planLegacyFixes(await locateImages('gen.yaml', file.text), () => false);
        expect(outsideHolesUnchanged(file, first.newText, read)).toBeUndefined();
        expect(first.skipped).toEqual([]);
        const second = planLegacyFixes(await locateImages('gen.yaml', first.newText), () => false);
        expect(second.newText).toBe(first.newText);
        expect(second.changes).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the checker itself', () => {
  const file = {
    parts: [{ lit: 'image: ' }, { hole: 'a:v1', expect: 'a:v2' }, { lit: ' # c\n' }],
    text: 'image: a:v1 # c\n',
  };
  test.each([
    ['the expected rewrite', 'image: a:v2 # c\n', true],
    ['an untouched hole', 'image: a:v1 # c\n', true],
    ['a quoted rewrite', "image: 'a:v2' # c\n", true],
    ['a wrong value', 'image: a:v3 # c\n', false],
    ['a changed comment', 'image: a:v2 #c\n', false],
    ['a changed key', 'image:  a:v2 # c\n', false],
    ['extra text', 'image: a:v2 # c\n\n', false],
    ['a line break in the value', 'image: "a:\n  v2" # c\n', false],
  ])('accepts %s? %s', (_n, after, ok) => {
    expect(outsideHolesUnchanged(file, after, read) === undefined).toBe(ok);
  });
});
