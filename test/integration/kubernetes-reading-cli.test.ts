// The built CLI (`npm run build` first) on the reproductions of issue 13: inputs Kubernetes reads
// differently are refused by check, pin and verify (exit 2, path:line:column, nothing written);
// kustomization forms, numeric newTag and JSON manifests as the cluster reads them.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../..');
const cli = join(repoRoot, 'dist/cli.js');
const D = `sha256:${'0'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'digestpin-reading-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const digestpin = (...args: string[]) => execa('node', [cli, ...args], { cwd: tmp, reject: false });

async function file(name: string, text: string): Promise<string> {
  await mkdir(join(tmp, name, '..'), { recursive: true });
  await writeFile(join(tmp, name), text);
  return name;
}

const hidden = (brk: string): string =>
  'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n' +
  `      image: nginx:1.27@${D}  # ok${brk}    - name: b${brk}      image: nginx:latest\n`;

describe('refused inputs (built CLI)', () => {
  test.each([
    ['a lone CR', 'cr', hidden('\r'), /^digestpin: error: cr\/p\.yaml:7:\d+: a carriage return/m],
    ['NEL', 'nel', hidden('\u0085'), /^digestpin: error: nel\/p\.yaml:7:\d+: a NEL/m],
    ['U+2028', 'ls', hidden('\u2028'), /^digestpin: error: ls\/p\.yaml:7:\d+: a LINE SEPARATOR/m],
    [
      'a duplicate image key',
      'dup',
      'kind: Pod\nspec:\n  containers:\n  - image: nginx:1.27\n    image: nginx:latest\n',
      /^digestpin: error: dup\/p\.yaml:5:5: duplicate key "image" \(also at line 4\)/m,
    ],
    [
      'an anchor shared with metadata.name',
      'anchor',
      'kind: Pod\nmetadata: {name: &n nginx}\nspec:\n  containers:\n  - {name: *n, image: *n}\n',
      /^digestpin: error: anchor\/p\.yaml:5:\d+: .*also used at line 2 and line 5/m,
    ],
  ])('%s: check, pin and verify exit 2 and write nothing', async (_n, dir, text, message) => {
    const path = await file(`${dir}/p.yaml`, text);
    for (const args of [
      ['check', dir],
      ['pin', `nginx:1.28@${D2}`, dir],
      ['pin', '--resolve', dir],
      ['verify', dir],
    ]) {
      const r = await digestpin(...args);
      expect({ args, exitCode: r.exitCode }).toEqual({ args, exitCode: 2 });
      expect(r.stderr).toMatch(message);
    }
    expect(await readFile(join(tmp, path), 'utf8')).toBe(text);
  });
});

describe('read as the cluster reads it (built CLI)', () => {
  test('Renovate-style newName with a tag: pinned with a digest only', async () => {
    const text = 'images:\n- name: postgres\n  newName: awesome/postgres:11\n';
    const path = await file('renovate/kustomization.yaml', text);
    const r = await digestpin('pin', `awesome/postgres:11@${D2}`, 'renovate');
    expect(r.exitCode).toBe(0);
    expect(await readFile(join(tmp, path), 'utf8')).toBe(`${text}  digest: ${D2}\n`);
  });

  test('name with a tag and a digest is valid; newTag: 2.5 is reported at the value', async () => {
    await file('kz/ok/kustomization.yaml', `images:\n- name: postgres:11\n  digest: ${D}\n`);
    expect((await digestpin('check', 'kz/ok')).exitCode).toBe(0);
    await file(
      'kz/num/kustomization.yaml',
      `images:\n- name: postgres\n  newTag: 2.5\n  digest: ${D}\n`,
    );
    const r = await digestpin('check', 'kz/num');
    expect(r.exitCode).toBe(7);
    expect(r.stdout).toMatch(/^kz\/num\/kustomization\.yaml:3:11 {2}error {2}invalid-reference/m);
    expect(r.stdout).toContain('fix: quote it: newTag: "2.5"');
  });

  test('JSON manifests in a folder are checked and pinned (JSON kept)', async () => {
    const json = (image: string): string =>
      `{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "j"},\n  "spec": {"containers": [{"name": "a", "image": "${image}"}]}\n}\n`;
    const path = await file('json/pod.json', json('nginx:latest'));
    const check = await digestpin('check', 'json');
    expect(check.exitCode).toBe(7);
    expect(check.stdout).toMatch(/^json\/pod\.json:5:50 {2}error {2}unpinned-image/m);
    const pin = await digestpin('pin', `nginx:latest@${D2}`, 'json');
    expect(pin.exitCode).toBe(0);
    const after = await readFile(join(tmp, path), 'utf8');
    expect(after).toBe(json(`nginx:latest@${D2}`));
  });
});
