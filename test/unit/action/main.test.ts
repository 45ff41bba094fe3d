// run() in-process with the real @actions/core (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and
// GITHUB_EVENT_PATH files, as the runner sets them). Only runPush is replaced, at the module
// boundary; test/integration/action.test.ts runs dist/index.js with the real push.
// The real api.github.com cannot be reached here: GITHUB_API_URL points at a loopback server that
// speaks the documented issue-comments endpoints (test/support/github-api.ts).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  jest,
  test,
} from '@jest/globals';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import type { PushOptions, PushResult } from '../../../src/commands/push.js';
import type { CommandContext, CommandOutcome } from '../../../src/commands/types.js';
import { DigestpinError } from '../../../src/errors.js';
import {
  githubEnv,
  inputEnv,
  pullRequestPayload,
  readOutputs,
  runnerFiles,
  setProcessEnv,
  type RunnerFiles,
} from '../../support/action-env.js';
import { startFakeGitHub, type FakeGitHub } from '../../support/github-api.js';

type RunPush = (o: PushOptions, c: CommandContext) => Promise<CommandOutcome<PushResult>>;
const runPush = jest.fn<RunPush>();
jest.unstable_mockModule('../../../src/commands/push.js', () => ({ runPush }));
const { run } = await import('../../../src/action/main.js');
const { Input } = await import('../../../src/action/inputs.js');
const { ecrCredentials, resetEcrTokens } = await import('../../../src/registry/ecr/index.js');

const digest = `sha256:${'d'.repeat(64)}`;
const repository = '127.0.0.1:5000/demo/app';

let files: RunnerFiles;
let work: string;
let gh: FakeGitHub;
let stdout: string[];
let restoreEnv: () => void = () => undefined;

beforeAll(async () => {
  files = await runnerFiles();
  work = await mkdtemp(path.join(tmpdir(), 'digestpin-main-'));
  gh = await startFakeGitHub();
});
afterAll(async () => {
  await gh.close();
  await files.cleanup();
  await rm(work, { recursive: true, force: true });
});

/** A push that pins every manifest it is given, the way the real one rewrites image values. */
function pinningPush(pushed = true): RunPush {
  return async (opts) => {
    const tag = 'abc1234-17-1';
    const ref = `${opts.repository}:${tag}@${digest}`;
    const changed: PushResult['files'] = [];
    for (const p of opts.manifests) {
      const before = await readFile(p, 'utf8');
      const after = before.replace(/image: app:dev/g, `image: ${ref}`);
      if (after !== before) {
        await writeFile(p, after);
        changed.push({ path: p, changes: 1 });
      }
    }
    const json: PushResult = {
      repository: opts.repository,
      tag,
      digest,
      image: `${opts.repository}@${digest}`,
      ref,
      format: opts.format,
      pushed,
      files: changed,
    };
    return { json, text: `pushed ${ref}`, exitCode: 0 };
  };
}

async function setup(
  event: string,
  payload: unknown,
  inputs: Record<string, string>,
): Promise<void> {
  await writeFile(files.outputFile, '');
  await writeFile(files.summaryFile, '');
  const cleared = Object.fromEntries(Object.values(Input).map((n) => [n, '']));
  restoreEnv = setProcessEnv({
    ...inputEnv({ ...cleared, source: 'oci:/tmp/layout:t1', repository, ...inputs }),
    ...(await githubEnv(files, { name: event, payload, repository: 'acme/shop', apiUrl: gh.url })),
    // the manifests lie in `work`: the action reads nothing outside GITHUB_WORKSPACE
    GITHUB_WORKSPACE: work,
  });
}

beforeEach(async () => {
  gh.comments.length = 0;
  gh.calls.length = 0;
  gh.refuse = undefined;
  runPush.mockReset();
  stdout = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  await writeFile(path.join(work, 'deploy.yaml'), 'spec:\n  containers:\n  - image: app:dev\n');
});
afterEach(() => {
  jest.restoreAllMocks();
  restoreEnv();
  process.exitCode = undefined;
});

const pr = pullRequestPayload('acme', 'shop', 42);
const commands = (kind: string) => stdout.filter((l) => l.startsWith(`::${kind}::`));

describe('run()', () => {
  test('pull_request: outputs, summary, one comment created then updated; token masked', async () => {
    runPush.mockImplementation(pinningPush());
    const manifest = path.join(work, 'deploy.yaml');
    await setup('pull_request', pr, {
      manifests: `${manifest}\n`,
      'github-token': 'ghs_secret123',
      format: 'oci',
      'create-repository': 'true',
      region: 'eu-west-1',
      authfile: '/run/secrets/auth.json',
    });
    await run();
    expect(process.exitCode).toBeUndefined();
    expect(commands('error')).toEqual([]);
    expect(stdout).toContain('::add-mask::ghs_secret123\n');
    expect(runPush).toHaveBeenCalledTimes(1);
    expect(runPush.mock.calls[0][0]).toMatchObject({
      source: 'oci:/tmp/layout:t1',
      repository,
      format: 'oci',
      manifests: [manifest],
      dryRun: false,
      createRepository: true,
      region: 'eu-west-1',
      ecr: false,
      authfile: '/run/secrets/auth.json',
    });
    const ref = `${repository}:abc1234-17-1@${digest}`;
    const outputs = await readOutputs(files);
    expect(JSON.parse(outputs.json)).toEqual({
      repository,
      tag: 'abc1234-17-1',
      digest,
      image: `${repository}@${digest}`,
      ref,
      format: 'oci',
      pushed: true,
      files: [{ path: manifest, changes: 1 }],
    });
    // the Inputs group shows what the step was given, never the token
    const inputsGroup = stdout.join('').split('::group::Inputs\n')[1].split('::endgroup::')[0];
    expect(inputsGroup).toContain('source: "oci:/tmp/layout:t1"');
    expect(inputsGroup).toContain('githubToken: "(set)"');
    expect(inputsGroup).not.toContain('ghs_secret123');
    delete outputs.json;
    expect(outputs).toEqual({
      tag: 'abc1234-17-1',
      digest,
      image: `${repository}@${digest}`,
      ref,
      pushed: 'true',
      'changed-files': JSON.stringify([manifest]),
    });
    const summary = await readFile(files.summaryFile, 'utf8');
    expect(summary).toMatch(/^## digestpin: pushed/);
    expect(summary).toContain('| format | oci |');
    expect(summary).toMatch(/deploy&#46;yaml<\/code> \| 1 \|/);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0].body).toContain(`-  - image: app:dev\n+  - image: ${ref}\n`);
    for (const group of [
      'Inputs',
      `Push oci:/tmp/layout:t1 to ${repository}`,
      'Comment on pull request #42',
    ]) {
      expect(stdout).toContain(`::group::${group}\n`);
    }

    // Re-run of the same job: the tag holds the same image, nothing pinned again; comment updated.
    runPush.mockImplementation(pinningPush(false));
    await run();
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0].body).toContain('already in the registry');
    // the re-run asks who the token is (GET /user) before it edits the marked comment
    expect(gh.calls.map((c) => `${c.method} ${c.path.split('/').at(-1)}`)).toEqual(
      ['GET comments', 'POST comments', 'GET comments', 'GET user', 'PATCH comments'].map((x) =>
        x.replace('PATCH comments', `PATCH ${gh.comments[0].id}`),
      ),
    );
    expect((await readOutputs(files)).pushed).toBe('false');
  });

  test('push event: no comment, no API call', async () => {
    runPush.mockImplementation(pinningPush());
    await setup('push', { ref: 'refs/heads/main' }, { 'github-token': 't' });
    await run();
    expect(process.exitCode).toBeUndefined();
    expect(gh.calls).toEqual([]);
    expect((await readOutputs(files))['changed-files']).toBe('[]');
  });

  test('dry run: no check annotations (nothing was pinned, the image would read as unpinned)', async () => {
    runPush.mockImplementation(pinningPush());
    await setup(
      'push',
      { ref: 'refs/heads/main' },
      { manifests: path.join(work, 'deploy.yaml'), 'dry-run': 'true' },
    );
    await run();
    expect(process.exitCode).toBeUndefined();
    expect(stdout.filter((l) => /^::(error|warning) /.test(l))).toEqual([]);
    expect(stdout.join('')).not.toContain('Check the manifests');
  });

  test('comment: false turns the comment off on a pull request', async () => {
    runPush.mockImplementation(pinningPush());
    await setup('pull_request', pr, { comment: 'false', 'github-token': 't' });
    await run();
    expect(gh.calls).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });

  test('fork pull request (403 on comment): warning, step succeeds', async () => {
    runPush.mockImplementation(pinningPush());
    gh.refuse = 'writes';
    await setup('pull_request_target', pullRequestPayload('acme', 'shop', 9, true), {
      'github-token': 't',
    });
    await run();
    expect(process.exitCode).toBeUndefined();
    expect(commands('warning').join('')).toContain('HTTP 403');
    expect((await readOutputs(files)).digest).toBe(digest);
  });

  test('invalid input: failed naming the input, push not called, failure summary written', async () => {
    await setup('push', {}, { 'dry-run': 'yes' });
    await run();
    expect(process.exitCode).toBe(1);
    expect(runPush).not.toHaveBeenCalled();
    const error = commands('error').join('');
    expect(error).toContain('INVALID_INPUT: input "dry-run" must be a boolean, got "yes"');
    expect(error).toContain('hint: Accepted values: true, false');
    expect(await readFile(files.summaryFile, 'utf8')).toMatch(
      /^## digestpin: failed \(INVALID&#95;INPUT, exit code 2\)/,
    );
    expect(await readOutputs(files)).toEqual({});
  });

  test.each([
    [
      new DigestpinError('TAG_EXISTS', 'tag t1 holds sha256:aaa, not sha256:bbb', 'use a new tag'),
      'TAG_EXISTS: tag t1 holds sha256:aaa, not sha256:bbb%0Ahint: use a new tag',
    ],
    [new Error('boom'), 'INTERNAL: unexpected internal error: boom%0Ahint: This is a bug'],
    ['a string', 'INTERNAL: unexpected internal error: non-error thrown: a string'],
  ])('push throws %p: step failed once with code, message and hint', async (thrown, expected) => {
    runPush.mockRejectedValue(thrown);
    await setup('pull_request', pr, { 'github-token': 't' });
    await run();
    expect(process.exitCode).toBe(1);
    expect(commands('error')).toHaveLength(1);
    expect(commands('error')[0]).toContain(expected);
    expect(gh.calls).toEqual([]);
  });

  test('no GITHUB_STEP_SUMMARY: a warning, outputs still set', async () => {
    runPush.mockImplementation(pinningPush());
    await setup('push', {}, {});
    const restore = setProcessEnv({ GITHUB_STEP_SUMMARY: '' });
    try {
      await run();
    } finally {
      restore();
    }
    expect(process.exitCode).toBeUndefined();
    expect(commands('warning').join('')).toContain('could not write the job summary');
    expect((await readOutputs(files)).tag).toBe('abc1234-17-1');
  });

  test('an ECR token the push obtains is masked (::add-mask::) as soon as it is obtained', async () => {
    const password = 'ecr-PASSWORD-Zq7';
    const token = Buffer.from(`AWS:${password}`).toString('base64');
    const ecr = mockClient(ECRClient);
    ecr.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [{ authorizationToken: token, expiresAt: new Date(Date.now() + 864e5) }],
    });
    resetEcrTokens();
    const push = pinningPush();
    runPush.mockImplementation(async (opts, ctx) => {
      await ecrCredentials('eu-west-1', ctx.logger);
      return push(opts, ctx);
    });
    try {
      await setup('push', {}, {});
      await run();
    } finally {
      ecr.restore();
      resetEcrTokens();
    }
    expect(process.exitCode).toBeUndefined();
    expect(stdout).toContain(`::add-mask::${token}\n`);
    expect(stdout).toContain(`::add-mask::${password}\n`);
    // after the run the handler is gone: a later token is not masked by this run
    stdout.length = 0;
    const again = mockClient(ECRClient);
    again.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [{ authorizationToken: token, expiresAt: new Date(Date.now() + 864e5) }],
    });
    await ecrCredentials('eu-west-1', { info: () => {}, warn: () => {}, debug: () => {} });
    again.restore();
    resetEcrTokens();
    expect(stdout.join('')).not.toContain('::add-mask::');
  });

  test('a line break in logged text cannot start a workflow command', async () => {
    const push = pinningPush();
    runPush.mockImplementation(async (opts, ctx) => {
      ctx.logger.info('pinned k8s/x\n::error::pwned.yaml (1)');
      const outcome = await push(opts, ctx);
      return { ...outcome, text: `${outcome.text}\n::set-output name=tag::evil\n##[error]x` };
    });
    await setup('push', {}, {});
    await run();
    expect(process.exitCode).toBeUndefined();
    const lines = stdout.join('').split('\n');
    expect(lines).toContain('\\::error::pwned.yaml (1)');
    expect(lines).toContain('\\::set-output name=tag::evil');
    expect(lines).toContain('##\\[error]x');
    expect(lines.filter((l) => /^(::error|::set-output|##\[)/.test(l))).toEqual([]);
  });
});
