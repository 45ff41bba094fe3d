// The action's check step in-process: runCheck over the manifests, one annotation per finding
// (file, line, col, title = digestpin <rule>) through the real @actions/core, never a failure.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { annotateFindings } from '../../../src/action/check.js';
import type { CommandContext } from '../../../src/commands/types.js';
import { memoryLogger } from '../../support/logger.js';
import { tempDirs } from '../../support/cli.js';

const tmp = tempDirs('digestpin-action-check-');
const pinned = `registry.example.com/app:v1@sha256:${'a'.repeat(64)}`;
let work: string;
let stdout: string[];

beforeEach(async () => {
  work = await tmp.make();
  stdout = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
});
afterAll(() => tmp.cleanup());

const ctx = (): CommandContext => ({ logger: memoryLogger(), env: {}, cwd: work });
const pod = (image: string) =>
  `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    image: ${image}\n`;
const annotations = () => stdout.filter((l) => /^::(error|warning) /.test(l));

describe('annotateFindings', () => {
  test('each finding is an annotation on its file, line and column; counts for the summary', async () => {
    await mkdir(path.join(work, 'k8s'));
    await writeFile(
      path.join(work, 'k8s', 'deploy.yaml'),
      [
        'apiVersion: v1',
        'kind: Pod',
        'spec:',
        '  containers:',
        `  - image: ${pinned}`,
        '  - image: k8s.gcr.io/pause:3.9',
        '    imagePullPolicy: Never',
        '',
      ].join('\n'),
    );
    await writeFile(path.join(work, 'k8s', 'ok.yaml'), pod(pinned));
    const summary = await annotateFindings(['k8s/'], ctx());
    expect(summary).toEqual({ errors: 2, warnings: 1, files: 1 });
    const lines = annotations();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^::error title=digestpin unpinned-image,file=k8s\/deploy\.yaml,line=6,col=12::.*pause.*%0Afix: /,
    );
    expect(lines.some((l) => l.startsWith('::error title=digestpin legacy-registry,'))).toBe(true);
    expect(lines.some((l) => l.startsWith('::warning title=digestpin never-pull-policy,'))).toBe(
      true,
    );
    expect(stdout.join('')).toContain('they do not fail this step');
    expect(process.exitCode).toBeUndefined();
  });

  test('a hostile file name is escaped in the annotation properties and message', async () => {
    const name = 'a,title=x\n::error::y%0A.yaml';
    await writeFile(path.join(work, name), pod('nginx'));
    await annotateFindings([name], ctx());
    const lines = annotations();
    expect(lines).toHaveLength(2); // unpinned-image and mutable-tag
    for (const l of lines) {
      const props = l.slice(l.indexOf(' ') + 1, l.indexOf('::', 2));
      expect(props).toMatch(
        /^title=digestpin [a-z-]+,file=a%2Ctitle=x%0A%3A%3Aerror%3A%3Ay%250A\.yaml,line=6,col=12$/,
      );
      expect(l.trimEnd()).not.toContain('\n');
    }
    expect(
      stdout
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('::error::')),
    ).toEqual([]);
  });

  test('a template file is a "skipped" warning annotation', async () => {
    await writeFile(path.join(work, 'chart.yaml'), 'image: {{ .Values.image }\n  bad: [\n');
    const summary = await annotateFindings(['chart.yaml'], ctx());
    expect(summary).toEqual({ errors: 0, warnings: 0, files: 1 });
    expect(annotations()).toEqual([
      expect.stringMatching(/^::warning title=digestpin skipped,file=chart\.yaml::/),
    ]);
  });

  test('a check that cannot run is a warning, never a throw', async () => {
    await writeFile(path.join(work, 'bad.yaml'), 'a: [\n');
    const summary = await annotateFindings(['bad.yaml', 'missing/'], ctx());
    expect(summary?.failed).toMatch(/^[A-Z_]+: /);
    expect(stdout.join('')).toMatch(/::warning::digestpin: the manifests were not checked: /);
  });

  test('no manifests: nothing checked, nothing printed', async () => {
    expect(await annotateFindings([], ctx())).toBeUndefined();
    expect(stdout).toEqual([]);
  });
});
