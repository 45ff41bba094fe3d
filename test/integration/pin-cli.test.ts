/**
 * `digestpin pin` end to end on a temporary copy of corpus files: in-process (runPin) and through
 * the built CLI (`node dist/cli.js`, run `npm run build` first).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatPinText, pinFiles, runPin } from '../../src/commands/pin.js';
import { memoryLogger } from '../support/logger.js';
import { writeOciImage } from '../support/image.js';
import { skopeoPush } from '../support/push.js';
import { corpusDir, corpusPresent, describeCorpus, testCorpus } from '../support/corpus.js';
import { startRegistry, type Registry } from '../support/registry.js';

const run = promisify(execFile);
const ROOT = process.cwd();
const CLI = join(ROOT, 'dist/cli.js');
const D = `sha256:${'d'.repeat(64)}`;
const BOUTIQUE = 'us-central1-docker.pkg.dev/online-boutique-ci/microservices-demo';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'digestpin-pin-'));
  if (corpusPresent) await cp(corpusDir, join(dir, 'manifests'), { recursive: true });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(
  args: string[],
  cwd = dir,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function snapshot(paths: string[]): Promise<string[]> {
  return Promise.all(paths.map((p) => readFile(join(dir, p), 'utf8')));
}

describe('pin (in-process)', () => {
  testCorpus('dry run: diff, nothing written; then pin; then 0 changes', async () => {
    const ctx = { logger: memoryLogger(), env: {}, cwd: dir };
    const files = [
      'manifests/microservices-demo/kustomize/base/frontend.yaml',
      'manifests/microservices-demo/kubernetes-manifests/frontend.yaml',
    ];
    const before = await snapshot(files);
    const ref = `${BOUTIQUE}/frontend:v1@${D}`;
    const dry = await runPin(
      {
        ref,
        paths: ['manifests/microservices-demo'],
        resolve: false,
        strict: false,
        dryRun: true,
        insecure: false,
      },
      ctx,
    );
    expect(dry.text).toContain(`--- a/${files[0]}`);
    expect(dry.text).toMatch(/^-\s+image: .*frontend:v0\.10\.6$/m);
    expect(dry.text).toMatch(/dry run: nothing written/);
    expect(await snapshot(files)).toEqual(before);

    const real = await runPin(
      {
        ref,
        paths: ['manifests/microservices-demo'],
        resolve: false,
        strict: false,
        dryRun: false,
        insecure: false,
      },
      ctx,
    );
    expect(real.exitCode).toBe(0);
    expect(real.json.ref).toBe(ref);
    expect(real.json.files.map((f) => f.path)).toContain(files[0]);
    expect(real.text).toContain(`${files[0]}:`);
    expect(real.text).toContain(` → ${BOUTIQUE}/frontend:v1@${D}`);
    const after = await snapshot(files);
    expect(after[0]).toContain(`image: ${BOUTIQUE}/frontend:v1@${D}`);
    // `image: frontend` is docker.io/library/frontend: another repository, untouched
    expect(after[1]).toBe(before[1]);

    const again = await pinFiles(ref, ['manifests/microservices-demo'], ctx, { dryRun: false });
    expect(again.files).toEqual([]);
    expect(formatPinText(again, false)).toBe('0 changes in 0 files\n');
  });

  test('a malformed file fails the run and nothing is written', async () => {
    const d = await mkdtemp(join(tmpdir(), 'digestpin-bad-'));
    await writeFile(join(d, 'a.yaml'), 'kind: Pod\nspec:\n  containers:\n  - image: nginx\n');
    await writeFile(
      join(d, 'b.yaml'),
      'kind: Pod\nspec:\n  containers:\n  - image: nginx\n   bad: [\n',
    );
    await chmod(join(d, 'a.yaml'), 0o600);
    const ctx = { logger: memoryLogger(), env: {}, cwd: d };
    await expect(pinFiles(`nginx:1@${D}`, ['.'], ctx, { dryRun: false })).rejects.toMatchObject({
      code: 'MALFORMED_YAML',
      message: expect.stringMatching(/^b\.yaml:\d+:\d+: /),
    });
    expect(await readFile(join(d, 'a.yaml'), 'utf8')).toBe(
      'kind: Pod\nspec:\n  containers:\n  - image: nginx\n',
    );
    await rm(join(d, 'b.yaml'));
    const template = 'kind: Pod\nspec:\n  containers:\n  - image: nginx:{{ .Values.tag }}\n';
    await writeFile(join(d, 'c.yaml'), template);
    await pinFiles(`nginx:1@${D}`, ['.'], ctx, { dryRun: false });
    expect(ctx.logger.lines).toContain(
      'warning: c.yaml: skipped, contains template syntax ({{ … }})',
    );
    expect(await readFile(join(d, 'c.yaml'), 'utf8')).toBe(template);
    expect(await readFile(join(d, 'a.yaml'), 'utf8')).toContain(`image: nginx:1@${D}`);
    expect((await stat(join(d, 'a.yaml'))).mode & 0o777).toBe(0o600);
    await rm(d, { recursive: true, force: true });
  });
});

describeCorpus('digestpin pin (built CLI)', () => {
  test('text output, JSON output, second run, exit codes', async () => {
    const ref = `nginx:1.27@${D}`;
    const first = await cli(['pin', ref, 'manifests/kubernetes-examples']);
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^\d+ changes in \d+ files$/);
    expect(lines[0]).toMatch(
      new RegExp(
        `^manifests/kubernetes-examples/\\S+\\.ya?ml:\\d+  \\S*nginx\\S* → nginx:1\\.27@${D}$`,
      ),
    );

    const second = await cli(['pin', ref, 'manifests/kubernetes-examples', '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ ref, files: [] });

    const json = await cli([
      'pin',
      `${BOUTIQUE}/cartservice:v2@${D}`,
      'manifests',
      '--json',
      '--dry-run',
    ]);
    const doc = JSON.parse(json.stdout) as {
      files: { path: string; changes: { line: number; from: string; to: string }[] }[];
    };
    expect(doc.files.length).toBeGreaterThan(3);
    expect(doc.files[0]?.changes[0]).toEqual({
      line: expect.any(Number),
      from: expect.stringContaining('cartservice'),
      to: `${BOUTIQUE}/cartservice:v2@${D}`,
    });

    const noDigest = await cli(['pin', 'nginx:1.27', 'manifests']);
    expect(noDigest.code).toBe(2);
    expect(noDigest.stderr).toMatch(/digest/);

    const missing = await cli(['pin', ref, 'nope/']);
    expect(missing.code).toBe(2);
  });
});

describe('pin --resolve against a real registry', () => {
  let registry: Registry;
  let digest: string;
  beforeAll(async () => {
    registry = await startRegistry();
    const layout = await mkdtemp(join(tmpdir(), 'digestpin-layout-'));
    const image = await writeOciImage(join(layout, 'l'), { tag: 't1' });
    digest = await skopeoPush(image.ref, `${registry.host}/demo/app:v1`, {
      digestfile: join(layout, 'digest'),
    });
    await rm(layout, { recursive: true, force: true });
  });
  afterAll(() => registry?.stop());

  test('in-process: pins the pushed tag, reports the missing one', async () => {
    const d = await mkdtemp(join(tmpdir(), 'digestpin-res-'));
    const text = `kind: Pod\nspec:\n  containers:\n  - image: ${registry.host}/demo/app:v1\n  - image: ${registry.host}/demo/app:nope\n`;
    await writeFile(join(d, 'pod.yaml'), text);
    const ctx = { logger: memoryLogger(), env: {}, cwd: d };
    const out = await runPin(
      { paths: ['.'], resolve: true, strict: false, dryRun: false, insecure: false },
      ctx,
    );
    expect(out.exitCode).toBe(0);
    expect(await readFile(join(d, 'pod.yaml'), 'utf8')).toBe(
      text.replace('app:v1', `app:v1@${digest}`),
    );
    expect(out.json.unresolved?.map((u) => u.status)).toEqual(['missing']);
    await rm(d, { recursive: true, force: true });
  });

  test('built CLI: --strict fails with exit 6 and writes nothing; --json lists the cause', async () => {
    const d = await mkdtemp(join(tmpdir(), 'digestpin-res-'));
    const text = `kind: Pod\nspec:\n  containers:\n  - image: ${registry.host}/demo/app:v1\n  - image: ${registry.host}/demo/app:nope\n`;
    await writeFile(join(d, 'pod.yaml'), text);
    const strict = await cli(['pin', '--resolve', '--strict', '--json', 'pod.yaml'], d);
    expect(strict.code).toBe(6);
    const doc = JSON.parse(strict.stdout) as { unresolved: { image: string; status: string }[] };
    expect(doc.unresolved).toEqual([
      expect.objectContaining({ image: `${registry.host}/demo/app:nope`, status: 'missing' }),
    ]);
    expect(await readFile(join(d, 'pod.yaml'), 'utf8')).toBe(text);
    const ok = await cli(['pin', '--resolve', 'pod.yaml'], d);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(
      `pod.yaml:4  ${registry.host}/demo/app:v1 → ${registry.host}/demo/app:v1@${digest}`,
    );
    await rm(d, { recursive: true, force: true });
  });
});
