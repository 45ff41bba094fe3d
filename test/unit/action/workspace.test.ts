// The action reads and writes manifests only inside GITHUB_WORKSPACE (issue 16, finding 3), and a
// named FIFO cannot hang it (finding 8). run() in-process with the real @actions/core; only runPush
// is replaced, as in main.test.ts.
import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { PushOptions, PushResult } from '../../../src/commands/push.js';
import type { CommandContext, CommandOutcome } from '../../../src/commands/types.js';
import {
  githubEnv,
  inputEnv,
  runnerFiles,
  setProcessEnv,
  type RunnerFiles,
} from '../../support/action-env.js';

type RunPush = (o: PushOptions, c: CommandContext) => Promise<CommandOutcome<PushResult>>;
const runPush = jest.fn<RunPush>();
jest.unstable_mockModule('../../../src/commands/push.js', () => ({ runPush }));
const { run } = await import('../../../src/action/main.js');
const { Input } = await import('../../../src/action/inputs.js');

const POD = 'kind: Pod\nspec:\n  containers:\n    - name: a\n      image: app:dev\n';
let files: RunnerFiles;
let base: string;
let workspace: string;
let outside: string;
let stdout: string[];
let restoreEnv: () => void = () => undefined;
const fifos: string[] = [];

beforeAll(async () => {
  files = await runnerFiles();
  base = await mkdtemp(path.join(tmpdir(), 'digestpin-ws-'));
  workspace = path.join(base, 'workspace');
  outside = path.join(base, 'outside');
  await mkdir(path.join(workspace, 'k8s'), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(workspace, 'k8s', 'app.yaml'), POD);
  await writeFile(path.join(outside, 'secret.yaml'), POD);
});
afterAll(async () => {
  for (const f of fifos) {
    const h = await open(f, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
    await h?.close();
  }
  await files.cleanup();
  await rm(base, { recursive: true, force: true });
});
afterEach(() => {
  jest.restoreAllMocks();
  restoreEnv();
  process.exitCode = undefined;
});

/** A push that reports success without touching the manifests. */
const quietPush: RunPush = (opts) =>
  Promise.resolve({
    json: {
      repository: opts.repository,
      tag: 't1',
      digest: `sha256:${'d'.repeat(64)}`,
      image: `${opts.repository}@sha256:${'d'.repeat(64)}`,
      ref: `${opts.repository}:t1@sha256:${'d'.repeat(64)}`,
      format: opts.format,
      pushed: true,
      files: [],
    },
    text: '',
    exitCode: 0,
  });

async function runAction(
  manifests: string,
  workspaceEnv: string | undefined,
  cwd = workspace,
): Promise<void> {
  runPush.mockReset();
  runPush.mockImplementation(quietPush);
  stdout = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  jest.spyOn(process, 'cwd').mockReturnValue(cwd);
  await writeFile(files.outputFile, '');
  await writeFile(files.summaryFile, '');
  const cleared = Object.fromEntries(Object.values(Input).map((n) => [n, '']));
  restoreEnv = setProcessEnv({
    ...inputEnv({
      ...cleared,
      source: 'oci:/tmp/layout:t1',
      repository: '127.0.0.1:5000/demo/app',
      manifests,
      comment: 'false',
    }),
    ...(await githubEnv(files, { name: 'push', payload: {}, repository: 'a/b', apiUrl: '' })),
    GITHUB_WORKSPACE: workspaceEnv ?? '',
  });
  await run();
}

const errors = (): string[] => stdout.filter((l) => l.startsWith('::error::'));

describe('the action confines manifests to GITHUB_WORKSPACE', () => {
  test.each([
    ['a relative path with ..', () => '../outside/secret.yaml'],
    ['an absolute path outside', () => path.join(outside, 'secret.yaml')],
    ['a glob outside', () => '../outside/*.yaml'],
  ])('%s: UNSAFE_PATH before anything is pushed or read', async (_n, given) => {
    await runAction(given(), workspace);
    expect(process.exitCode).toBe(1);
    expect(errors().join('')).toMatch(/^::error::UNSAFE_PATH: .*outside the workspace/);
    expect(runPush).not.toHaveBeenCalled();
    expect(await readFile(path.join(outside, 'secret.yaml'), 'utf8')).toBe(POD);
  });

  test('a folder in the workspace that is a symlink to outside: UNSAFE_PATH', async () => {
    const ws = await mkdtemp(path.join(base, 'ws-'));
    await symlink(outside, path.join(ws, 'k8s'));
    await runAction('k8s', ws, ws);
    expect(errors().join('')).toMatch(/^::error::UNSAFE_PATH: k8s: outside the workspace/);
    expect(runPush).not.toHaveBeenCalled();
  });

  test('without GITHUB_WORKSPACE the working directory is the workspace', async () => {
    await runAction('../outside/secret.yaml', undefined);
    expect(errors().join('')).toMatch(/^::error::UNSAFE_PATH:/);
    expect(runPush).not.toHaveBeenCalled();
  });

  test('paths inside the workspace go to the push', async () => {
    await runAction('k8s/\nk8s/*.yaml', workspace);
    expect(errors()).toEqual([]);
    expect(runPush).toHaveBeenCalledTimes(1);
    expect(runPush.mock.calls[0]?.[0].manifests).toEqual(['k8s/', 'k8s/*.yaml']);
  });
});

test('a named FIFO in the workspace does not hang the action (the push reports the file)', async () => {
  const fifo = path.join(workspace, 'pipe.yaml');
  execFileSync('mkfifo', [fifo]);
  fifos.push(fifo);
  const t0 = Date.now();
  await runAction('pipe.yaml', workspace);
  expect(Date.now() - t0).toBeLessThan(3000);
  expect(runPush).toHaveBeenCalledTimes(1);
}, 10000);
