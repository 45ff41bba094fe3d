import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { runCheck, type CheckOptions } from '../../../src/commands/check.js';
import { memoryLogger } from '../../support/logger.js';
import { corpusDir as corpus, describeCorpus } from '../../support/corpus.js';

const D = `sha256:${'c'.repeat(64)}`;

const opts = (paths: string[], over: Partial<CheckOptions> = {}): CheckOptions => ({
  paths,
  fix: false,
  dryRun: false,
  ignore: [],
  format: 'json',
  ...over,
});

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'digestpin-check-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(tmp, name)), { recursive: true });
    await writeFile(join(tmp, name), text);
  }
}

const check = async (paths: string[], over: Partial<CheckOptions> = {}) => {
  const logger = memoryLogger();
  const outcome = await runCheck(opts(paths, over), { logger, env: {}, cwd: tmp });
  return { ...outcome, logs: logger.lines };
};

describeCorpus('check over the corpus', () => {
  test('every k8s.gcr.io line of kubernetes-examples-2022 is a legacy-registry finding', async () => {
    const dir = join(corpus, 'kubernetes-examples-2022');
    const expected: string[] = [];
    for (const file of await filesUnder(dir)) {
      (await readFile(file, 'utf8')).split('\n').forEach((line, i) => {
        const col = line.indexOf('k8s.gcr.io');
        if (col >= 0) expected.push(`${relative(tmp, file)}:${i + 1}:${col + 1}`);
      });
    }
    expect(expected.length).toBeGreaterThanOrEqual(28);
    const { json, exitCode } = await check([dir]);
    const found = json.findings
      .filter((f) => f.rule === 'legacy-registry')
      .map((f) => `${f.path}:${f.line}:${f.column}`);
    expect(found.sort()).toEqual(expected.sort());
    expect(exitCode).toBe(7);
  });

  test('the whole corpus is read: templates passed over, nothing thrown', async () => {
    const { json, exitCode, logs } = await check([corpus]);
    expect(exitCode).toBe(7);
    expect(json.findings.length).toBeGreaterThan(100);
    for (const s of json.skipped) expect(s.reason).toMatch(/template syntax/);
    expect(logs.filter((l) => l.startsWith('warning:'))).toHaveLength(json.skipped.length);
    expect(json.findings.every((f) => !f.image.includes('{{'))).toBe(true);
  });

  test('--fix on a copy leaves files that pass legacy-registry, byte-exact elsewhere', async () => {
    const src = join(corpus, 'kubernetes-examples-2022');
    const dir = join(tmp, 'ex');
    await cp(src, dir, { recursive: true });
    const before = await filesUnder(dir);
    const originals = new Map<string, string>();
    for (const f of before) originals.set(f, await readFile(f, 'utf8'));
    const modes = new Map<string, number>();
    for (const f of before) modes.set(f, (await stat(f)).mode);

    const fixed = await check(['ex'], { fix: true, format: 'text' });
    expect(fixed.json.findings.filter((f) => f.rule === 'legacy-registry')).toEqual([]);
    expect(fixed.json.fixed.reduce((n, f) => n + f.changes, 0)).toBe(28);
    expect(fixed.text).toMatch(/fixed 28 images\n$/);

    for (const f of await filesUnder(dir)) {
      const after = await readFile(f, 'utf8');
      expect(after).toBe(originals.get(f)!.replaceAll('k8s.gcr.io/', 'registry.k8s.io/'));
      expect((await stat(f)).mode).toBe(modes.get(f));
    }
    expect(await filesUnder(dir)).toEqual(before); // no temporary files left behind

    const again = await check(['ex'], { fix: true });
    expect(again.json.fixed).toEqual([]);
    const only = await check(['ex'], {
      ignore: ['unpinned-image', 'mutable-tag', 'latest-with-digest', 'never-pull-policy'],
    });
    expect(only.json.findings).toEqual([]);
    expect(only.exitCode).toBe(0);
  });
});

describe('check on written manifests', () => {
  const pod = (image: string, extra = '') =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: ${image}\n${extra}`;

  test.each([
    [`nginx:1.27@${D}`, 0, []],
    [`nginx:latest@${D}`, 0, ['latest-with-digest']],
    ['nginx', 7, ['unpinned-image', 'mutable-tag']],
    ['nginx:1.27  # digestpin-ignore: unpinned-image', 0, []],
    ['Nginx:1', 7, ['invalid-reference']],
    ['"{{ .Values.image }}"', 0, []],
  ])('%s → exit %i %j', async (image, exit, rules) => {
    await write({ 'p.yaml': pod(image) });
    const { json, exitCode } = await check(['p.yaml']);
    expect(json.findings.map((f) => f.rule)).toEqual(rules);
    expect(exitCode).toBe(exit);
  });

  test('never-pull-policy at the imagePullPolicy line; warnings alone exit 0', async () => {
    await write({ 'p.yaml': pod(`app:1@${D}`, '      imagePullPolicy: Never\n') });
    const { json, exitCode, text } = await check(['p.yaml'], { format: 'text' });
    expect(json.findings.map((f) => [f.rule, f.line, f.column])).toEqual([
      ['never-pull-policy', 9, 24],
    ]);
    expect(text).toMatch(/^p\.yaml:9:24 {2}warning {2}never-pull-policy {2}/);
    expect(exitCode).toBe(0);
  });

  test('--ignore drops a rule; an unknown one is a usage error', async () => {
    await write({ 'p.yaml': pod('nginx:1') });
    expect((await check(['p.yaml'], { ignore: ['unpinned-image'] })).exitCode).toBe(0);
    await expect(check(['p.yaml'], { ignore: ['pinned'] })).rejects.toMatchObject({
      code: 'USAGE',
    });
  });

  test('a template that is not YAML is reported and passed over; other bad YAML fails', async () => {
    await write({
      'chart/t.yaml': '{{- if .Values.x }}\nimage: {{ .Values.image }}\n{{- end }}\n',
      'p.yaml': pod(`app:1@${D}`),
    });
    const ok = await check(['.'], { format: 'text' });
    expect(ok.exitCode).toBe(0);
    expect(ok.json.skipped.map((s) => s.path)).toEqual(['chart/t.yaml']);
    expect(ok.text).toBe('no problems in 2 files, 1 skipped\n');
    expect(ok.logs[0]).toMatch(/^warning: chart\/t\.yaml:\d+:\d+: .*template syntax/);

    await write({ 'bad.yaml': 'a: [1, 2\nb: 3\n' });
    await expect(check(['.'])).rejects.toMatchObject({ code: 'MALFORMED_YAML' });
  });

  test('formats: github annotations and SARIF', async () => {
    await write({ 'k/p.yaml': pod('k8s.gcr.io/pause:3.9') });
    const gh = await check(['k'], { format: 'github' });
    expect(gh.text.split('\n')[0]).toMatch(
      /^::error file=k\/p\.yaml,line=8,col=14,title=digestpin unpinned-image::/,
    );
    expect(gh.exitCode).toBe(7);
    const sarif = JSON.parse((await check(['k'], { format: 'sarif' })).text);
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual([
      'unpinned-image',
      'legacy-registry',
    ]);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'k/p.yaml' },
      region: { startLine: 8, startColumn: 14 },
    });
  });
});

describe('check --fix', () => {
  test.each([
    ['plain', 'image: k8s.gcr.io/pause:3.9', 'image: registry.k8s.io/pause:3.9'],
    ['single', "image: 'k8s.gcr.io/pause:3.9'", "image: 'registry.k8s.io/pause:3.9'"],
    ['double', 'image: "gcr.io/google_containers/pause:3.1"', 'image: "registry.k8s.io/pause:3.1"'],
    [
      'csi',
      'image: quay.io/k8scsi/csi-attacher:v2 # sidecar',
      'image: registry.k8s.io/sig-storage/csi-attacher:v2 # sidecar',
    ],
    ['digest', `image: k8s.gcr.io/pause:3.9@${D}`, `image: registry.k8s.io/pause:3.9@${D}`],
  ])('container, %s', async (_name, line, want) => {
    const text = `\uFEFFkind: Pod\r\nspec:\r\n  containers:\r\n  - name: a\r\n    ${line}\r\n`;
    await write({ 'p.yaml': text });
    await check(['p.yaml'], { fix: true });
    expect(await readFile(join(tmp, 'p.yaml'), 'utf8')).toBe(text.replace(line, want));
  });

  test('a value ignored inline is left as written', async () => {
    const text =
      'kind: Pod\nspec:\n  containers:\n  - image: k8s.gcr.io/a:1 # digestpin-ignore: legacy-registry\n  - image: k8s.gcr.io/b:1\n';
    await write({ 'p.yaml': text });
    const { json } = await check(['p.yaml'], { fix: true, ignore: ['unpinned-image'] });
    expect(json.findings).toEqual([]);
    expect(await readFile(join(tmp, 'p.yaml'), 'utf8')).toBe(
      text.replace('k8s.gcr.io/b', 'registry.k8s.io/b'),
    );
  });

  test('kustomize: newName rewritten, or added when the entry matches by name', async () => {
    const text = [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'images:',
      '  - name: pause',
      '    newName: k8s.gcr.io/pause',
      '    newTag: "3.9"',
      '  - name: k8s.gcr.io/etcd',
      `    digest: ${D}`,
      '',
    ].join('\n');
    await write({ 'kustomization.yaml': text });
    const { json } = await check(['kustomization.yaml'], { fix: true, ignore: ['unpinned-image'] });
    expect(json.findings).toEqual([]);
    expect(await readFile(join(tmp, 'kustomization.yaml'), 'utf8')).toBe(
      text
        .replace('newName: k8s.gcr.io/pause', 'newName: registry.k8s.io/pause')
        .replace(`digest: ${D}`, `digest: ${D}\n    newName: registry.k8s.io/etcd`),
    );
  });

  test('kustomize: a newName added for a name with a tag gets the repository only', async () => {
    // kustomize appends the tag after newName: `newName: registry.k8s.io/etcd:3.5` would render
    // registry.k8s.io/etcd:3.5:3.5.1
    const text = 'images:\n- name: k8s.gcr.io/etcd:3.5\n  newTag: "3.5.1"\n';
    await write({ 'kustomization.yaml': text });
    const { json } = await check(['kustomization.yaml'], { fix: true, ignore: ['unpinned-image'] });
    expect(json.findings).toEqual([]);
    expect(await readFile(join(tmp, 'kustomization.yaml'), 'utf8')).toBe(
      `${text}  newName: registry.k8s.io/etcd\n`,
    );
  });

  test('helm values: registry and repository', async () => {
    const text = [
      'controller:',
      '  image:',
      '    registry: k8s.gcr.io',
      '    repository: ingress-nginx/controller',
      `    tag: "v1.2.0@${D}"`,
      'other:',
      '  image:',
      '    repository: gcr.io/google-containers/busybox',
      `    tag: "1.0@${D}"`,
      '',
    ].join('\n');
    await write({ 'values.yaml': text });
    const { json } = await check(['values.yaml'], { fix: true });
    expect(json.findings).toEqual([]);
    expect(await readFile(join(tmp, 'values.yaml'), 'utf8')).toBe(
      text
        .replace('registry: k8s.gcr.io', 'registry: registry.k8s.io')
        .replace(
          'repository: gcr.io/google-containers/busybox',
          'repository: registry.k8s.io/busybox',
        ),
    );
  });

  test('--dry-run prints the diff and writes nothing', async () => {
    const text = 'kind: Pod\nspec:\n  containers:\n  - image: k8s.gcr.io/pause:3.9\n';
    await write({ 'p.yaml': text });
    const { text: out, exitCode } = await check(['p.yaml'], {
      fix: true,
      dryRun: true,
      format: 'text',
    });
    expect(out).toContain(
      '-  - image: k8s.gcr.io/pause:3.9\n+  - image: registry.k8s.io/pause:3.9\n',
    );
    expect(out).toContain('legacy-registry');
    expect(exitCode).toBe(7);
    expect(await readFile(join(tmp, 'p.yaml'), 'utf8')).toBe(text);
  });

  test('a template file that parses is checked but never written', async () => {
    const text =
      'kind: Pod\nmetadata:\n  name: "{{ .Release.Name }}"\nspec:\n  containers:\n  - image: k8s.gcr.io/pause:3.9\n';
    await write({ 'p.yaml': text });
    const { json, logs } = await check(['p.yaml'], { fix: true, ignore: ['unpinned-image'] });
    expect(json.findings.map((f) => f.rule)).toEqual(['legacy-registry']);
    expect(logs.join('\n')).toMatch(/not fixed: the file contains template syntax/);
    expect(await readFile(join(tmp, 'p.yaml'), 'utf8')).toBe(text);
  });

  test('an anchored value is rewritten once; a block scalar is left with a warning', async () => {
    const text = [
      'kind: Pod',
      'spec:',
      '  containers:',
      '  - image: &img k8s.gcr.io/pause:3.9',
      '  - image: *img',
      '  - image: >-',
      '      k8s.gcr.io/etcd:3.5',
      '',
    ].join('\n');
    await write({ 'p.yaml': text });
    const { json, logs } = await check(['p.yaml'], { fix: true, ignore: ['unpinned-image'] });
    expect(await readFile(join(tmp, 'p.yaml'), 'utf8')).toBe(
      text.replace('&img k8s.gcr.io/', '&img registry.k8s.io/'),
    );
    expect(json.findings.map((f) => [f.rule, f.image])).toEqual([
      ['legacy-registry', 'k8s.gcr.io/etcd:3.5'],
    ]);
    expect(logs.join('\n')).toMatch(/p\.yaml:6: k8s\.gcr\.io\/etcd:3\.5 not fixed: block scalars/);
  });
});
