/**
 * Issue 15, B2: a push whose --manifests names no value of the pushed repository (a typo, a wrong
 * folder, an empty folder) and a pin that changes nothing say so on stderr — which files were
 * read, how many image values, the closest repositories they name; --require-pin makes them exit 2
 * (a push then pushes nothing); --dry-run shows the lines it would pin. Built CLI, real registry
 * and skopeo.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli, tempDirs } from '../support/cli.js';
import { writeOciImage, type OciImage } from '../support/image.js';
import { headManifest } from '../support/push.js';
import { startRegistry, type Registry } from '../support/registry.js';

const tmp = tempDirs('digestpin-noop-');
let registry: Registry;
let image: OciImage;
beforeAll(async () => {
  registry = await startRegistry();
  image = await writeOciImage(await tmp.make(), { layers: [{ size: 2048 }] });
});
afterAll(async () => {
  await registry.stop();
  await tmp.cleanup();
});

const DIGEST = `sha256:${'b'.repeat(64)}`;
const deployment = (img: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: ${img}\n`;

/** A work folder with k8s/deploy.yaml naming `images` (one container each, one file each). */
async function work(images: string[]): Promise<string> {
  const dir = await tmp.make();
  await mkdir(path.join(dir, 'k8s'));
  for (const [i, img] of images.entries())
    await writeFile(path.join(dir, 'k8s', `deploy-${i}.yaml`), deployment(img));
  return dir;
}

const env = { HOME: '/nonexistent-home', CI: 'true' };

describe('push --manifests that pins nothing', () => {
  test('a typo in the repository: warned with the files read and the closest repositories', async () => {
    const repo = `${registry.host}/noop/app`;
    const dir = await work([`${registry.host}/noop/ap:dev`, 'nginx:1.25']);
    const r = await runCli(
      ['push', image.ref, repo, '--tag', 'typo-1', '--manifests', 'k8s/', '--json'],
      { cwd: dir, env },
    );
    expect(r.exitCode).toBe(0);
    expect(r.json<{ files: unknown[] }>().files).toEqual([]);
    expect(r.stderr).toContain(`nothing pinned: no image value of ${repo} in 2 file(s) read`);
    expect(r.stderr).toContain('k8s/deploy-0.yaml, k8s/deploy-1.yaml; 2 image value(s)');
    expect(r.stderr).toContain(`closest repositories they name: ${registry.host}/noop/ap, `);
  });

  test('--require-pin: exit 2, NOTHING_PINNED, nothing pushed', async () => {
    const repo = `${registry.host}/noop/app`;
    const dir = await work([`${registry.host}/noop/ap:dev`]);
    const r = await runCli(
      ['push', image.ref, repo, '--tag', 'req-1', '--manifests', 'k8s/', '--require-pin', '--json'],
      { cwd: dir, env },
    );
    expect(r.exitCode).toBe(2);
    expect(r.json()).toEqual({
      error: {
        code: 'NOTHING_PINNED',
        message: expect.stringContaining(
          `closest repositories they name: ${registry.host}/noop/ap`,
        ),
        hint: expect.stringContaining('--manifests'),
      },
    });
    expect((await headManifest(registry, 'noop/app', 'req-1')).status).toBe(404);
  });

  test('an empty folder: warned (no manifest file), --require-pin exits 2', async () => {
    const dir = await tmp.make();
    await mkdir(path.join(dir, 'empty'));
    const args = [
      'push',
      image.ref,
      `${registry.host}/noop/app`,
      '--tag',
      'empty-1',
      '--manifests',
      'empty/',
    ];
    const warned = await runCli(args, { cwd: dir, env });
    expect(warned.exitCode).toBe(0);
    expect(warned.stderr).toContain('nothing pinned: empty/ holds no manifest file');
    const refused = await runCli([...args, '--require-pin'], { cwd: dir, env });
    expect(refused.exitCode).toBe(2);
  });

  test('--dry-run shows the lines it would pin', async () => {
    const repo = `${registry.host}/noop/dry`;
    const dir = await work([`${repo}:dev`]);
    const r = await runCli(
      ['push', image.ref, repo, '--tag', 'dry-1', '--manifests', 'k8s/', '--dry-run', '--json'],
      { cwd: dir, env },
    );
    expect(r.exitCode).toBe(0);
    expect(r.json<{ files: unknown[] }>().files).toEqual([
      { path: 'k8s/deploy-0.yaml', changes: 1 },
    ]);
    expect(r.stderr).toContain(
      `would pin k8s/deploy-0.yaml:8  ${repo}:dev → ${repo}:dry-1@sha256:<digest of the push>`,
    );
    expect(await readFile(path.join(dir, 'k8s', 'deploy-0.yaml'), 'utf8')).toBe(
      deployment(`${repo}:dev`),
    );
  });
});

describe('pin that changes nothing', () => {
  test('another repository: warned; --require-pin exits 2', async () => {
    const dir = await work(['registry.example.com/team/web:1']);
    const ref = `registry.example.com/team/wbe:2@${DIGEST}`;
    const r = await runCli(['pin', ref, 'k8s/'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('nothing pinned: no image value of registry.example.com/team/wbe');
    expect(r.stderr).toContain('closest repositories they name: registry.example.com/team/web');
    const strict = await runCli(['pin', ref, 'k8s/', '--require-pin', '--json'], { cwd: dir });
    expect(strict.exitCode).toBe(2);
    expect(strict.json<{ error: { code: string } }>().error.code).toBe('NOTHING_PINNED');
  });

  test('already pinned to the ref: said so, and --require-pin is satisfied', async () => {
    const ref = `registry.example.com/team/web:2@${DIGEST}`;
    const dir = await work([ref]);
    const r = await runCli(['pin', ref, 'k8s/', '--require-pin'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('already pinned to this reference');
  });
});
