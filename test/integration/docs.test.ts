/**
 * The user docs stay true to the program (issue 15, B5): every digestpin command line in
 * docs/jenkins.md uses options the built CLI has; every example workflow parses, pins third-party
 * actions by commit SHA, gives the digestpin step only inputs action.yml declares, and names the
 * source transport that matches what build-push-action wrote (load → docker-daemon:,
 * type=docker,dest= → docker-archive:, type=oci,dest= → oci-archive:).
 */
import { describe, expect, test } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot, runCli } from '../support/cli.js';

const read = (p: string) => readFile(path.join(repoRoot, p), 'utf8');

describe('docs/jenkins.md', () => {
  test('every digestpin command line uses options the CLI has', async () => {
    const md = await read('docs/jenkins.md');
    const lines = md.split('\n').filter((l) => /"\$\{DIGESTPIN\}" \w+/.test(l));
    expect(lines.length).toBeGreaterThan(4);
    const helps = new Map<string, string>();
    for (const line of lines) {
      const [, command, rest] = /"\$\{DIGESTPIN\}" (\w+)(.*)/.exec(line) ?? [];
      if (!helps.has(command)) helps.set(command, (await runCli([command, '--help'])).stdout);
      for (const option of rest.match(/--[a-z][a-z-]*/g) ?? [])
        expect({
          command,
          option,
          known:
            helps.get(command)!.includes(`${option} `) ||
            helps.get(command)!.includes(`${option}\n`),
        }).toEqual({ command, option, known: true });
    }
  });

  test('the credentials recipe and the guard --json shape are there', async () => {
    const md = await read('docs/jenkins.md');
    expect(md).toContain('withCredentials');
    expect(md).toContain('skopeo login --authfile');
    expect(md).toContain('REGISTRY_AUTH_FILE');
    expect(md).toContain('## What `guard --json` prints');
    expect(md).toContain('"exists": false');
  });
});

describe('examples/workflows', () => {
  test('each example: parses, SHA-pinned actions, declared inputs, the matching source', async () => {
    const action = parse(await read('action.yml')) as { inputs: Record<string, unknown> };
    const dir = path.join(repoRoot, 'examples', 'workflows');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.yml'));
    expect(files).toContain('oci-archive.yml');
    const transports = new Set<string>();
    for (const file of files) {
      const wf = parse(await readFile(path.join(dir, file), 'utf8')) as {
        jobs: Record<
          string,
          { steps: { uses?: string; with?: Record<string, string | boolean> }[] }
        >;
      };
      for (const job of Object.values(wf.jobs)) {
        const build = job.steps.find((s) => s.uses?.startsWith('docker/build-push-action@'));
        for (const step of job.steps) {
          if (!step.uses) continue;
          if (step.uses.startsWith('digestpin/digestpin@')) {
            for (const input of Object.keys(step.with ?? {}))
              expect({ file, input, declared: input in action.inputs }).toEqual({
                file,
                input,
                declared: true,
              });
            const source = String(step.with?.source);
            transports.add(source.split(':')[0]);
            const out = `${build?.with?.outputs ?? ''}`;
            const dest = /dest=([^,]+)/.exec(out)?.[1]?.trim();
            if (/type=oci/.test(out)) expect(source).toBe(`oci-archive:${dest}`);
            else if (/type=docker/.test(out)) expect(source).toBe(`docker-archive:${dest}`);
            else if (build?.with?.load)
              expect(source).toBe(`docker-daemon:${String(build.with.tags)}`);
          } else expect(step.uses).toMatch(/@[0-9a-f]{40}$/);
        }
      }
    }
    expect([...transports].sort()).toEqual(['docker-archive', 'docker-daemon', 'oci-archive']);
  });

  test('examples/README.md answers the questions of issue 15', async () => {
    const md = await read('examples/README.md');
    for (const words of [
      'provenance',
      'sbom',
      'amazon-ecr-login',
      'metadata-action',
      'type=oci,dest=',
      'oci-archive:',
    ])
      expect(md).toContain(words);
  });
});
