import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ManifestHeads } from '../../../../src/commands/verify/lookup.js';
import { verifyWith, type VerifyOptions } from '../../../../src/commands/verify/index.js';
import { DigestpinError } from '../../../../src/errors.js';
import { memoryLogger } from '../../../support/logger.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const V2S2 = 'application/vnd.docker.distribution.manifest.v2+json';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'digestpin-verify-'));
  await mkdir(path.join(dir, 'k8s'));
  await writeFile(
    path.join(dir, 'k8s', 'deploy.yaml'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      `        - image: r.io/app:v1@${D1}`,
      `        - image: r.io/gone@${D2}`,
      '        - image: nginx:1.27',
      '',
    ].join('\n'),
  );
  await writeFile(
    path.join(dir, 'k8s', 'job.yaml'),
    [
      'kind: Pod',
      'spec:',
      '  containers:',
      `    - image: "{{ .Values.image }}"`,
      `    - image: r.io/app@${D1}`,
      '',
    ].join('\n'),
  );
  await writeFile(
    path.join(dir, 'k8s', 'chart.yaml'),
    '{{- if .Values.x }}\nkind: [\n{{- end }}\n',
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const opts = (over: Partial<VerifyOptions> = {}): VerifyOptions => ({
  paths: ['k8s'],
  format: 'text',
  tagConsistency: false,
  insecure: false,
  concurrency: 8,
  ...over,
});

function registry(answers: Record<string, () => unknown>): ManifestHeads {
  return {
    headManifest(ref) {
      const key = `${ref.domain}/${ref.path}${ref.digest ? `@${ref.digest}` : `:${ref.tag}`}`;
      const a = answers[key];
      return a ? Promise.resolve().then(a as () => never) : Promise.resolve(undefined);
    },
  };
}

describe('verifyWith', () => {
  test('dedupes, locates, classifies, skips a non-YAML template, exits 6 for a missing image', async () => {
    const logger = memoryLogger();
    const out = await verifyWith(
      opts(),
      { logger, env: {}, cwd: dir },
      registry({
        [`r.io/app@${D1}`]: () => ({ digest: D1, mediaType: V2S2, size: 9 }),
      }),
    );
    expect(out.exitCode).toBe(6);
    expect(out.json.files).toBe(3);
    expect(out.json.unpinned).toBe(1);
    expect(out.json.skipped).toEqual([
      { path: path.join('k8s', 'chart.yaml'), reason: expect.stringContaining('template') },
    ]);
    expect(logger.lines.some((l) => l.startsWith('warning: k8s/chart.yaml'))).toBe(true);
    expect(out.json.images.map((i) => [i.image, i.status, i.locations])).toEqual([
      [
        `r.io/app@${D1}`,
        'ok',
        [
          { path: 'k8s/deploy.yaml', line: 7, column: 18 },
          { path: 'k8s/job.yaml', line: 5, column: 14 },
        ],
      ],
      [`r.io/gone@${D2}`, 'missing', [{ path: 'k8s/deploy.yaml', line: 8, column: 18 }]],
    ]);
    expect(out.json.images[0].mediaType).toBe(V2S2);
    expect(out.json.images[0].tags).toBeUndefined();
    expect(out.text).toContain('fix: Push the image to r.io/gone, or fix the pin');
    expect(out.text).toContain('digestpin pin --resolve k8s/deploy.yaml');
    expect(out.text.trimEnd().split('\n').pop()).toBe(
      '2 pinned images in 3 files: 1 ok, 1 missing; 1 unpinned image not verified (digestpin check reports them)',
    );
  });

  test('each registry named by a pinned image is prepared once, before any image is asked', async () => {
    const events: string[] = [];
    const heads = registry({
      [`r.io/app@${D1}`]: () => ({ digest: D1, mediaType: V2S2, size: 9 }),
    });
    const inner = heads.headManifest.bind(heads);
    const out = await verifyWith(
      opts(),
      { logger: memoryLogger(), env: {}, cwd: dir },
      {
        prepare: (host) => events.push(`prepare ${host}`),
        headManifest: (ref) => {
          events.push(`head ${ref.path}`);
          return inner(ref);
        },
      },
    );
    expect(out.json.images).toHaveLength(2);
    // nginx:1.27 is not pinned: docker.io is never asked, so never prepared
    expect(events.filter((e) => e.startsWith('prepare'))).toEqual(['prepare r.io']);
    expect(events[0]).toBe('prepare r.io');
  });

  test.each([
    ['UNAUTHORIZED', 4],
    ['TIMEOUT', 5],
    ['REGISTRY_ERROR', 5],
  ] as const)('%s on one image → exit %i (worse than the missing one)', async (code, exit) => {
    const out = await verifyWith(
      opts({ format: 'github' }),
      { logger: memoryLogger(), env: {}, cwd: dir },
      registry({
        [`r.io/app@${D1}`]: () => {
          throw new DigestpinError(code, `r.io: ${code}`, 'hint');
        },
      }),
    );
    expect(out.exitCode).toBe(exit);
    expect(out.text.match(/^::error /gm)).toHaveLength(3);
  });

  test('--tag-consistency reports tags in the JSON; all ok → quiet text, exit 0', async () => {
    const present = (d: string) => () => ({ digest: d, mediaType: V2S2, size: 9 });
    const out = await verifyWith(
      opts({ tagConsistency: true, paths: ['k8s/deploy.yaml'] }),
      { logger: memoryLogger(), env: {}, cwd: dir },
      registry({
        [`r.io/app@${D1}`]: present(D1),
        [`r.io/gone@${D2}`]: present(D2),
        'r.io/app:v1': present(D2),
      }),
    );
    expect(out.exitCode).toBe(0);
    expect(out.json.images[0].tags).toEqual([
      expect.objectContaining({ tag: 'v1', status: 'drift', digest: D2 }),
    ]);
    expect(out.json.images[1].tags).toEqual([]);
    expect(out.text.split('\n')[0]).toMatch(/^tag drift {2}r\.io\/app:v1 now points to/);
  });

  test('a malformed file without template syntax fails the run', async () => {
    const bad = await mkdtemp(path.join(tmpdir(), 'digestpin-verify-bad-'));
    await writeFile(path.join(bad, 'x.yaml'), 'a: [\n');
    await expect(
      verifyWith(
        opts({ paths: ['.'] }),
        { logger: memoryLogger(), env: {}, cwd: bad },
        registry({}),
      ),
    ).rejects.toMatchObject({ code: 'MALFORMED_YAML' });
    await rm(bad, { recursive: true, force: true });
  });
});

describe('verifyWith: image volumes and JSON manifests', () => {
  test('a pinned image volume (volumes[].image.reference) in a JSON manifest is verified', async () => {
    const d = await mkdtemp(path.join(tmpdir(), 'digestpin-verify-vol-'));
    await writeFile(
      path.join(d, 'pod.json'),
      `{"kind": "Pod", "spec": {"containers": [], "volumes": [{"name": "v", "image": {"reference": "r.io/data@${D2}"}}]}}\n`,
    );
    const out = await verifyWith(
      opts({ paths: ['.'] }),
      { logger: memoryLogger(), env: {}, cwd: d },
      registry({ [`r.io/data@${D2}`]: () => ({ digest: D2, mediaType: V2S2, size: 9 }) }),
    );
    expect(out.json.images.map((i) => [i.image, i.status, i.locations])).toEqual([
      [`r.io/data@${D2}`, 'ok', [{ path: 'pod.json', line: 1, column: 93 }]],
    ]);
    await rm(d, { recursive: true, force: true });
  });
});
