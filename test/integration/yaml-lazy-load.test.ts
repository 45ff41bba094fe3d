// pin, check and verify load the `yaml` library only for a file the fast path declines
// (src/manifests/yaml-nodes.ts says why): runs the built CLI with a module load recorder over a
// block-style manifest (no yaml chunk may load) and over one with an anchor (it must, and the
// result must still be right).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const recorder = path.join(root, 'test/support/record-modules.mjs');
const cli = path.join(root, 'dist/cli.js');
const D = `sha256:${'a'.repeat(64)}`;

let tmp: string;
let yamlChunks: string[];
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'digestpin-yaml-lazy-'));
  const chunks = path.join(root, 'dist/chunks');
  yamlChunks = [];
  // the bundle is minified: a chunk's sources are named in its source map
  for (const name of await fs.readdir(chunks))
    if (name.endsWith('.js.map')) {
      const map = JSON.parse(await fs.readFile(path.join(chunks, name), 'utf8')) as {
        sources: string[];
      };
      if (map.sources.some((s) => s.includes('node_modules/yaml/')))
        yamlChunks.push(`chunks/${name.slice(0, -'.map'.length)}`);
    }
});
afterAll(async () => fs.rm(tmp, { recursive: true, force: true }));

async function pinDryRun(name: string, text: string) {
  const dir = path.join(tmp, name);
  await fs.mkdir(dir);
  await fs.writeFile(path.join(dir, 'deploy.yaml'), text);
  const record = path.join(tmp, `${name}.modules`);
  const res = await run(
    process.execPath,
    [
      '--import',
      pathToFileURL(recorder).href,
      cli,
      'pin',
      '--dry-run',
      `registry.example.com/team/app:v2@${D}`,
      dir,
    ],
    { env: { PATH: process.env.PATH, HOME: tmp, RECORD_MODULES_FILE: record } },
  );
  const loaded = (await fs.readFile(record, 'utf8'))
    .split('\n')
    .filter((u) => u.startsWith('file:'))
    .map((u) => path.relative(path.join(root, 'dist'), fileURLToPath(u)));
  return { ...res, loaded };
}

const deployment = (image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app${extra}
spec:
  template:
    spec:
      containers:
        - name: app
          image: ${image}
`;

describe('the yaml library is loaded only when the fast path declines a file', () => {
  test('the library is in a chunk of its own kind (the check below can fail)', () => {
    expect(yamlChunks.length).toBeGreaterThan(0);
  });

  test('block-style manifest: pinned without loading it', async () => {
    const r = await pinDryRun('block', deployment('registry.example.com/team/app:v1'));
    expect(r.stdout).toContain(`+          image: registry.example.com/team/app:v2@${D}`);
    expect(r.loaded).toContain('cli.js');
    expect(r.loaded.filter((f) => yamlChunks.includes(f))).toEqual([]);
  });

  test('a manifest with an anchor: loaded, and pinned the same way', async () => {
    const r = await pinDryRun(
      'anchor',
      deployment('registry.example.com/team/app:v1', '\n  labels: &l {tier: web}'),
    );
    expect(r.stdout).toContain(`+          image: registry.example.com/team/app:v2@${D}`);
    expect(r.loaded.filter((f) => yamlChunks.includes(f)).length).toBeGreaterThan(0);
  });
});
