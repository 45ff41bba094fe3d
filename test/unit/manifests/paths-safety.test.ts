/**
 * Which paths are read and written (issue 16, finding 3): in the CLI a path given is the user's
 * choice, but a symlink it names, or one on its way below the working directory, must not lead out
 * of it; in the action (confinePaths) nothing outside GITHUB_WORKSPACE is read or written.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import * as find from '../../../src/manifests/find.js';

const POD = 'kind: Pod\nspec:\n  containers:\n    - name: a\n      image: nginx:1.25\n';
let base: string;
/** base/root/k8s/app.yaml, base/outside/secret.yaml */
let root: string;
let outside: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'digestpin-paths-'));
  root = join(base, 'root');
  outside = join(base, 'outside');
  await mkdir(join(root, 'k8s'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(root, 'k8s', 'app.yaml'), POD);
  await writeFile(join(outside, 'secret.yaml'), POD);
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('paths named on the command line (finding 3)', () => {
  test('a root that is itself a symlink to outside is refused (UNSAFE_PATH)', async () => {
    const cwd = await mkdtemp(join(base, 'cwd-'));
    await symlink(outside, join(cwd, 'k8s'));
    await expect(find.findManifestFiles(['k8s'], cwd)).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
      message: expect.stringMatching(/^k8s: symlink leads outside/),
    });
  });

  test('a named file that is a symlink to a file outside is refused (UNSAFE_PATH)', async () => {
    const cwd = await mkdtemp(join(base, 'cwd-'));
    await mkdir(join(cwd, 'k8s'));
    await symlink(join(outside, 'secret.yaml'), join(cwd, 'k8s', 'deploy.yaml'));
    await expect(find.findManifestFiles(['k8s/deploy.yaml'], cwd)).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
    });
  });

  test('a folder on the way to a named file that is a symlink to outside is refused', async () => {
    const cwd = await mkdtemp(join(base, 'cwd-'));
    await symlink(outside, join(cwd, 'k8s'));
    await expect(find.findManifestFiles(['k8s/secret.yaml'], cwd)).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
    });
  });

  test('a glob whose folder is a symlink to outside is refused', async () => {
    const cwd = await mkdtemp(join(base, 'cwd-'));
    await symlink(outside, join(cwd, 'k8s'));
    await expect(find.findManifestFiles(['k8s/*.yaml'], cwd)).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
    });
  });

  test('a path the user writes outside the working directory is the user’s choice', async () => {
    const found = await find.findManifestFiles(['../outside/secret.yaml', '../outside'], root);
    expect(found).toEqual([join(outside, 'secret.yaml')]);
  });

  test('a named symlink that leads nowhere is FILE_NOT_FOUND, not an internal error', async () => {
    const cwd = await mkdtemp(join(base, 'cwd-'));
    await symlink('gone.yaml', join(cwd, 'deploy.yaml'));
    await expect(find.findManifestFiles(['deploy.yaml'], cwd)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: 'deploy.yaml: a symlink that leads nowhere (ENOENT)',
    });
  });

  test('a folder whose name starts with .. is inside, not outside', async () => {
    const cwd = await mkdtemp(join(base, 'cwd-'));
    await mkdir(join(cwd, '..k8s'));
    await writeFile(join(cwd, '..k8s', 'a.yaml'), POD);
    expect(await find.findManifestFiles(['..k8s'], cwd)).toEqual([join(cwd, '..k8s', 'a.yaml')]);
    await expect(find.confinePaths(['..k8s'], cwd, cwd)).resolves.toBeUndefined();
  });

  test('an absolute path under a symlinked parent folder is the user’s choice', async () => {
    const parent = await mkdtemp(join(base, 'parent-'));
    await symlink(root, join(parent, 'checkout'));
    const found = await find.findManifestFiles([join(parent, 'checkout', 'k8s')], outside);
    expect(found).toEqual([join(parent, 'checkout', 'k8s', 'app.yaml')]);
  });
});

describe('confinePaths: the action reads nothing outside GITHUB_WORKSPACE (finding 3)', () => {
  test.each([
    ['a relative path with ..', '../outside/secret.yaml'],
    ['an absolute path outside', '/etc/hostname'],
    ['a glob under a folder outside', '../outside/*.yaml'],
  ])('%s is refused (UNSAFE_PATH)', async (_n, given) => {
    await expect(find.confinePaths([given], root, root)).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
      message: expect.stringContaining('outside the workspace'),
    });
  });

  test('a path inside through a symlink that leads outside is refused', async () => {
    const ws = await mkdtemp(join(base, 'ws-'));
    await symlink(outside, join(ws, 'k8s'));
    await expect(find.confinePaths(['k8s'], ws, ws)).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
  });

  test('paths inside (files, folders, globs, missing ones) pass', async () => {
    await expect(
      find.confinePaths(
        ['k8s', 'k8s/app.yaml', 'k8s/*.yaml', join(root, 'k8s'), 'nope'],
        root,
        root,
      ),
    ).resolves.toBeUndefined();
  });
});
