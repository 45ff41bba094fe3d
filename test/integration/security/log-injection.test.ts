/**
 * Issue 16, findings 1 and 3, through the built CLI and the built action (`node dist/index.js`
 * with INPUT_*, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, against a real registry and skopeo):
 * - no file name or image value can make a line the Actions runner reads as a workflow command —
 *   `##[…]` anywhere in a line, `::…` after any Unicode white space (VT, NBSP) at its start;
 * - no file name or image value reaches a terminal as a raw control sequence (ESC, OSC 52, CSI):
 *   text output shows them escaped (`\x1b`), JSON output stays the same document.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { githubEnv, inputEnv, runnerFiles, type RunnerFiles } from '../../support/action-env.js';
import { repoRoot, runCli, tempDirs } from '../../support/cli.js';
import { writeOciImage } from '../../support/image.js';
import { startRegistry, type Registry } from '../../support/registry.js';
import { rawControls, runnerCommands } from '../../support/runner-commands.js';

const tmp = tempDirs('digestpin-loginj-');
let registry: Registry;
let files: RunnerFiles;
beforeAll(async () => {
  [registry, files] = await Promise.all([startRegistry(), runnerFiles()]);
});
afterAll(async () => {
  await Promise.all([registry.stop(), files.cleanup()]);
  await tmp.cleanup();
});

const DIGEST = `sha256:${'a'.repeat(64)}`;
const OSC52 = '\x1b]52;c;cHduZWQ=\x07';

/** Image values (YAML double-quoted escapes) that read as commands or terminal escapes. */
const HOSTILE_IMAGES = [
  '"app ##[error title=pwn]pwned"',
  '"\\v::warning file=x::vt"',
  '"\\_::notice::nbsp"',
  '"\\u2003::error::emspace"',
  '"\\e]52;c;cHduZWQ=\\a"',
  '"app\\e[2J\\e[1;1Hcleared"',
  '"\\x9b31mcsi"',
];

function pod(images: string[]): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: x',
    'spec:',
    '  containers:',
    ...images.flatMap((img, i) => [`  - name: c${i}`, `    image: ${img}`]),
    '',
  ].join('\n');
}

/** File names that read as commands or carry terminal escapes (a line break too). */
const HOSTILE_NAMES = [
  'x ##[error title=pwn]pwned ##.yaml',
  `osc${OSC52}.yaml`,
  'nl\n\v::warning::vt.yaml',
];

function expectInert(output: string, allowed: string[] = []): void {
  const commands = runnerCommands(output).filter(
    (c) => !(c.form === 'v2' && allowed.includes(c.name)),
  );
  expect(commands).toEqual([]);
  expect(rawControls(output)).toEqual([]);
}

describe('check and pin output (built CLI)', () => {
  test.each(['text', 'github'])(
    'check --format %s: values cannot be commands or escapes',
    async (format) => {
      const dir = await tmp.make();
      await writeFile(path.join(dir, 'pod.yaml'), pod(HOSTILE_IMAGES));
      const r = await runCli(['check', '--format', format, dir]);
      expect(r.exitCode).toBe(7);
      // github output's own annotations are the only commands; nothing else is
      expectInert(r.stdout, format === 'github' ? ['error', 'warning'] : []);
      expectInert(r.stderr);
      if (format === 'github')
        expect(runnerCommands(r.stdout).filter((c) => c.form === 'v2')).toHaveLength(
          HOSTILE_IMAGES.length,
        );
      // shown, escaped: the reader sees what is in the file
      expect(r.stdout).toContain('\\x1b]52;c;cHduZWQ=\\x07');
      expect(r.stdout).toContain('\\v::warning');
    },
  );

  test.each(['--json', '--format=sarif'])(
    'check %s: the same values, and no line a runner reads as a command',
    async (flag) => {
      const dir = await tmp.make();
      await writeFile(path.join(dir, 'pod.yaml'), pod(HOSTILE_IMAGES));
      const r = await runCli(['check', flag, dir]);
      expectInert(r.stdout);
      const text = JSON.stringify(r.json());
      expect(text).toContain('app ##[error title=pwn]pwned');
      expect(text).toContain('\\u001b]52;c;cHduZWQ=\\u0007');
      // a C1 CSI stays in the document, but only as a JSON escape on the wire
      expect(text).toContain('\u009b31mcsi');
      expect(r.stdout).toContain('\\u009b31mcsi');
    },
  );

  test('pin: hostile file names in text output, in --dry-run diffs and in errors', async () => {
    const dir = await tmp.make();
    for (const name of HOSTILE_NAMES) await writeFile(path.join(dir, name), pod(['nginx:1.25']));
    const ref = `nginx:1.25@${DIGEST}`;
    const dry = await runCli(['pin', '--dry-run', ref, dir]);
    expect(dry.exitCode).toBe(0);
    expectInert(dry.stdout);
    expect(dry.stdout).toContain('osc\\x1b]52;c;cHduZWQ=\\x07.yaml');
    const real = await runCli(['pin', ref, dir]);
    expect(real.exitCode).toBe(0);
    expectInert(real.stdout);
    expectInert(real.stderr);
    const missing = await runCli(['pin', ref, path.join(dir, `gone ##[error]x${OSC52}.yaml`)]);
    expect(missing.exitCode).toBe(2);
    expectInert(missing.stderr);
  });

  test('verify: a missing image used in hostile file names (text output names every place)', async () => {
    const dir = await tmp.make();
    const missing = `${registry.host}/loginj/missing@${DIGEST}`;
    for (const name of HOSTILE_NAMES) await writeFile(path.join(dir, name), pod([missing]));
    const r = await runCli(['verify', dir]);
    expect(r.exitCode).toBe(6);
    expect(r.stdout).toContain('used at: ');
    expect(r.stdout).toContain('x ##\\[error title=pwn]pwned ##.yaml:8');
    expectInert(r.stdout);
    expectInert(r.stderr);
  });
});

describe('the action (node dist/index.js, real registry and skopeo)', () => {
  test('a manifest whose file name holds ##[error …] or an OSC 52 sequence', async () => {
    const work = await tmp.make();
    const image = await writeOciImage(await tmp.make(), { layers: [{ size: 1024 }], tag: 'ci' });
    const repository = `${registry.host}/loginj/app`;
    await mkdir(path.join(work, 'k8s'));
    for (const name of HOSTILE_NAMES)
      await writeFile(path.join(work, 'k8s', name), pod([`${repository}:dev`]));
    await writeFile(files.outputFile, '');
    await writeFile(files.summaryFile, '');
    const env = {
      PATH: process.env.PATH,
      HOME: work,
      RUNNER_DEBUG: '1',
      ...(await githubEnv(files, {
        name: 'push',
        payload: {},
        repository: 'acme/shop',
        apiUrl: 'http://127.0.0.1:9',
      })),
      ...inputEnv({ source: image.ref, repository, manifests: 'k8s/', tag: 'loginj-1' }),
    };
    const r = await execa(process.execPath, [path.join(repoRoot, 'dist', 'index.js')], {
      cwd: work,
      env,
      extendEnv: false,
      reject: false,
      timeout: 120000,
    });
    const stdout = String(r.stdout);
    expect(r.exitCode).toBe(0);
    expect(stdout).toContain('pinned k8s/x ##\\[error title=pwn]pwned ##.yaml (1)');
    // the action's own groups, debug lines and (check) annotations are the only commands
    expectInert(stdout, ['group', 'endgroup', 'debug', 'warning', 'notice', 'error', 'add-mask']);
    expect(runnerCommands(stdout).filter((c) => c.name === 'error')).toEqual([]);
    expectInert(await readFile(files.summaryFile, 'utf8'));
  });
});
