// The built CLI (`npm run build` first) as a subprocess: exit codes and report formats of `check`.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { corpusDir, corpusPresent, testCorpus } from '../support/corpus.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const cli = join(repoRoot, 'dist/cli.js');
const legacyDir = join(corpusDir, 'kubernetes-examples-2022');
const D = `sha256:${'d'.repeat(64)}`;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'digestpin-check-cli-'));
  await mkdir(join(tmp, 'clean'));
  await writeFile(
    join(tmp, 'clean/p.yaml'),
    `kind: Pod\nspec:\n  containers:\n  - image: registry.k8s.io/pause:3.9@${D}\n`,
  );
  if (corpusPresent) await cp(legacyDir, join(tmp, 'legacy'), { recursive: true });
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const run = (...args: string[]) =>
  execa('node', [cli, 'check', ...args], { cwd: tmp, reject: false });

describe('digestpin check (built CLI)', () => {
  test('clean manifests: exit 0, only the summary', async () => {
    const r = await run('clean');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('no problems in 1 file');
  });

  testCorpus('legacy registries: exit 7, text with fixes', async () => {
    const r = await run('legacy');
    expect(r.exitCode).toBe(7);
    expect(r.stdout).toMatch(
      /^legacy\/guestbook\/all-in-one\/guestbook-all-in-one\.yaml:38:16 {2}error {2}legacy-registry {2}k8s\.gcr\.io\/redis:e2e: /m,
    );
    expect(r.stdout).toContain('  fix: registry.k8s.io/redis:e2e');
  });

  testCorpus('--format github prints workflow commands', async () => {
    const r = await run('legacy', '--format', 'github');
    expect(r.exitCode).toBe(7);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations.filter((l) => l.includes('title=digestpin legacy-registry'))).toHaveLength(
      28,
    );
    expect(
      annotations.every((l) =>
        /^::(error|warning) file=[^,:]+,line=\d+,col=\d+,title=[^:,]+::/.test(l),
      ),
    ).toBe(true);
  });

  testCorpus('--format sarif prints one SARIF 2.1.0 log', async () => {
    const r = await run('legacy', '--format', 'sarif');
    expect(r.exitCode).toBe(7);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].tool.driver.name).toBe('digestpin');
    expect(
      log.runs[0].results.filter((x: { ruleId: string }) => x.ruleId === 'legacy-registry'),
    ).toHaveLength(28);
  });

  testCorpus('--json, --ignore, then --fix leaves nothing for legacy-registry', async () => {
    const ignore = ['--ignore', 'unpinned-image', '--ignore', 'mutable-tag'];
    const before = await run('legacy', '--json', ...ignore);
    expect(before.exitCode).toBe(7);
    expect(JSON.parse(before.stdout).findings).toHaveLength(28);

    const file = join(tmp, 'legacy/staging/explorer/pod.yaml');
    const original = await readFile(file, 'utf8');
    const fixed = await run('legacy', '--fix', ...ignore);
    expect(fixed.exitCode).toBe(0);
    expect(fixed.stdout).toBe('no problems in 27 files; fixed 28 images');
    expect(await readFile(file, 'utf8')).toBe(original.replace('k8s.gcr.io/', 'registry.k8s.io/'));
  });

  test('usage errors exit 2', async () => {
    expect((await run('clean', '--ignore', 'nope')).exitCode).toBe(2);
    expect((await run('missing-folder')).exitCode).toBe(2);
  });
});
