// The AWS SDK must cost nothing to a run that does not use ECR: it is loaded by one dynamic import
// (src/registry/ecr/sdk.ts), which esbuild (splitting on) puts in a chunk of its own. This test
// bundles test/support/ecr-lazy-entry.ts with the project's esbuild options, runs it with a module
// load recorder, and checks which chunks a non-ECR and an ECR run load. It also checks that the SDK's
// NodeVersionSupportWarning never reaches stderr, and that the real dist entries import no SDK
// chunk statically.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import * as esbuild from 'esbuild';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { startEcrEmulator, type EcrEmulator } from '../support/ecr-emulator.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const recorder = path.join(root, 'test/support/record-modules.mjs');

interface BuildConfig {
  options: esbuild.BuildOptions & { outdir: string };
}
const loadConfig = async (): Promise<BuildConfig> =>
  (await import(pathToFileURL(path.join(root, 'scripts/build-config.mjs')).href)) as BuildConfig;

/** Output files (relative to outdir) that contain code from @aws-sdk or @smithy. */
function sdkOutputs(meta: esbuild.Metafile, outdir: string): Set<string> {
  const out = new Set<string>();
  for (const [file, o] of Object.entries(meta.outputs)) {
    if (Object.keys(o.inputs).some((i) => /node_modules\/@(aws-sdk|smithy)\//.test(i)))
      out.add(path.relative(outdir, path.resolve(root, file)));
  }
  return out;
}

/** Outputs reachable from `entry` through static imports only (what loads at start-up). */
function staticClosure(meta: esbuild.Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imp of meta.outputs[file]?.imports ?? []) {
      if (imp.kind === 'import-statement' && !imp.external) stack.push(imp.path);
    }
  }
  return seen;
}

let tmp: string;
let emu: EcrEmulator;
let meta: esbuild.Metafile;
let outdir: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'digestpin-lazy-'));
  outdir = path.join(tmp, 'out');
  emu = await startEcrEmulator();
  const { options } = await loadConfig();
  const result = await esbuild.build({
    ...options,
    entryPoints: { entry: path.join(root, 'test/support/ecr-lazy-entry.ts') },
    outdir,
    sourcemap: false,
    write: true,
  });
  meta = result.metafile!;
});
afterAll(async () => {
  await emu.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function runEntry(name: string, args: string[], env: NodeJS.ProcessEnv) {
  const record = path.join(tmp, `${name}.modules`);
  const res = await run(
    process.execPath,
    ['--import', pathToFileURL(recorder).href, path.join(outdir, 'entry.js'), ...args],
    {
      env: {
        PATH: process.env.PATH,
        HOME: tmp,
        RECORD_MODULES_FILE: record,
        AWS_EC2_METADATA_DISABLED: 'true',
        ...env,
      },
    },
  );
  const loaded = (await fs.readFile(record, 'utf8'))
    .split('\n')
    .filter((u) => u.startsWith('file:'))
    .map((u) => path.relative(outdir, fileURLToPath(u)));
  return { ...res, loaded };
}

describe('lazy loading of @aws-sdk/client-ecr', () => {
  test('the SDK lands in chunks that the entry does not import statically', () => {
    const sdk = sdkOutputs(meta, outdir);
    expect(sdk.size).toBeGreaterThan(0);
    const entry = path.relative(root, path.join(outdir, 'entry.js'));
    const eager = [...staticClosure(meta, entry)].map((f) =>
      path.relative(outdir, path.resolve(root, f)),
    );
    expect(eager).toContain('entry.js');
    expect(eager.filter((f) => sdk.has(f))).toEqual([]);
  });

  test('a non-ECR run does not load the SDK chunk; an ECR run does, without the Node warning', async () => {
    const sdk = sdkOutputs(meta, outdir);
    const plain = await runEntry('plain', ['registry.example.com'], {});
    expect(JSON.parse(plain.stdout)).toEqual({ ecr: false });
    expect(plain.loaded).toContain('entry.js');
    expect(plain.loaded.filter((f) => sdk.has(f))).toEqual([]);

    emu.repositories.set('app', {
      imageTagMutability: 'IMMUTABLE',
      images: new Map([['v1', { digest: `sha256:${'c'.repeat(64)}` }]]),
    });
    const ecr = await runEntry('ecr', ['localhost:5000'], {
      TEST_FORCE_ECR: '1',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_ECR: emu.url,
      AWS_ACCESS_KEY_ID: 'AKIDLAZY',
      AWS_SECRET_ACCESS_KEY: 'dummy',
    });
    expect(JSON.parse(ecr.stdout)).toEqual({
      ecr: true,
      existing: { digest: `sha256:${'c'.repeat(64)}` },
    });
    expect(ecr.loaded.filter((f) => sdk.has(f)).length).toBeGreaterThan(0);
    // Node 20 is what CI runs; the SDK emits NodeVersionSupportWarning there (< 22). It must not show.
    expect(ecr.stderr).not.toContain('NodeVersionSupportWarning');
    expect(ecr.stderr).not.toContain('AWS SDK for JavaScript');
  });

  test('dist/cli.js and dist/index.js import no SDK chunk statically', async () => {
    const { options } = await loadConfig();
    const result = await esbuild.build({ ...options, write: false, sourcemap: false });
    const m = result.metafile!;
    const sdk = sdkOutputs(m, options.outdir);
    for (const entry of ['cli.js', 'index.js']) {
      const eager = [...staticClosure(m, path.relative(root, path.join(options.outdir, entry)))];
      expect(eager.length).toBeGreaterThan(0);
      for (const f of eager)
        expect(sdk.has(path.relative(options.outdir, path.resolve(root, f)))).toBe(false);
    }
  });
});
