// The action as the runner runs it: `node dist/index.js` with INPUT_* variables, GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY, GITHUB_EVENT_NAME / GITHUB_EVENT_PATH (a real pull_request payload shape),
// GITHUB_REPOSITORY, against the real registry (docker-registry on loopback) and real skopeo.
// The real api.github.com cannot be reached from the test machines: GITHUB_API_URL points at a
// loopback server that speaks the documented issue-comments endpoints and records every call
// (test/support/github-api.ts). Needs a built dist/: `npm run build`.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import {
  githubEnv,
  inputEnv,
  pullRequestPayload,
  readOutputs,
  runnerFiles,
  type RunnerFiles,
} from '../support/action-env.js';
import { repoRoot, tempDirs } from '../support/cli.js';
import { expectInert, withoutTablePipes } from '../support/markdown-check.js';
import { startFakeGitHub, type FakeGitHub } from '../support/github-api.js';
import { writeOciImage, type OciImage } from '../support/image.js';
import { authJson, headManifest } from '../support/push.js';
import { startRegistry, type Registry } from '../support/registry.js';

const tmp = tempDirs('digestpin-action-it-');
let registry: Registry;
let gh: FakeGitHub;
let image: OciImage;
let files: RunnerFiles;
let work: string;
let repository: string;
const sha = '0123456789abcdef0123456789abcdef01234567';

beforeAll(async () => {
  [registry, gh, files] = await Promise.all([startRegistry(), startFakeGitHub(), runnerFiles()]);
  image = await writeOciImage(await tmp.make(), { layers: [{ size: 64 * 1024 }], tag: 'ci' });
  repository = `${registry.host}/demo/app`;
});
afterAll(async () => {
  await Promise.all([registry.stop(), gh.close(), files.cleanup()]);
  await tmp.cleanup();
});

beforeEach(async () => {
  gh.comments.length = 0;
  gh.calls.length = 0;
  gh.refuse = undefined;
  work = await tmp.make();
  await mkdir(path.join(work, 'k8s'));
  await writeFile(
    path.join(work, 'k8s', 'deploy.yaml'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: app',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: app',
      `        image: ${repository}:dev # the app`,
      '',
    ].join('\n'),
  );
});

interface RunOptions {
  event: string;
  payload: unknown;
  inputs?: Record<string, string>;
  runNumber?: string;
}

async function runAction({ event, payload, inputs = {}, runNumber = '17' }: RunOptions) {
  await writeFile(files.outputFile, '');
  await writeFile(files.summaryFile, '');
  const env = {
    PATH: process.env.PATH,
    HOME: work,
    ...(await githubEnv(files, { name: event, payload, repository: 'acme/shop', apiUrl: gh.url })),
    GITHUB_SHA: sha,
    GITHUB_RUN_NUMBER: runNumber,
    ...inputEnv({
      source: image.ref,
      repository,
      manifests: 'k8s/',
      'github-token': 'ghs_integration',
      ...inputs,
    }),
  };
  const result = await execa(process.execPath, [path.join(repoRoot, 'dist', 'index.js')], {
    cwd: work,
    env,
    extendEnv: false,
    reject: false,
    timeout: 120000,
  });
  return {
    exitCode: result.exitCode,
    stdout: String(result.stdout),
    outputs: await readOutputs(files),
    summary: await readFile(files.summaryFile, 'utf8'),
  };
}

const pr = pullRequestPayload('acme', 'shop', 42);

describe('node dist/index.js (real registry, real skopeo)', () => {
  test('pull_request: pushed, outputs, summary, comment created; re-run: no-op, comment updated', async () => {
    const first = await runAction({ event: 'pull_request', payload: pr });
    expect(first.stdout).not.toContain('::error::');
    expect(first.exitCode).toBe(0);
    const tag = `${sha.slice(0, 7)}-17-1`;
    const served = await headManifest(registry, 'demo/app', tag);
    const ref = `${repository}:${tag}@${served.digest}`;
    // one json output with the whole result, as `digestpin push --json` prints it
    expect(JSON.parse(first.outputs.json)).toEqual({
      repository,
      tag,
      digest: served.digest,
      image: `${repository}@${served.digest}`,
      ref,
      format: 'v2s2',
      pushed: true,
      files: [{ path: 'k8s/deploy.yaml', changes: 1 }],
    });
    expect(first.outputs).toEqual({
      json: first.outputs.json,
      tag,
      digest: served.digest,
      image: `${repository}@${served.digest}`,
      ref,
      pushed: 'true',
      'changed-files': JSON.stringify(['k8s/deploy.yaml']),
    });
    expect(await readFile(path.join(work, 'k8s', 'deploy.yaml'), 'utf8')).toContain(
      `        image: ${ref} # the app\n`,
    );
    expect(first.summary).toMatch(/^## digestpin: pushed\n/);
    expect(first.summary).toContain('| format | v2s2 |');
    expect(first.summary).toMatch(/k8s&#47;deploy&#46;yaml<\/code> \| 1 \|/);
    expect(first.stdout).toContain('::add-mask::ghs_integration');
    expect(gh.comments).toHaveLength(1);
    const body = gh.comments[0].body;
    expect(body.split('\n')[0]).toBe(`<!-- digestpin:${repository} -->`);
    expect(body).toContain(
      `-        image: ${repository}:dev # the app\n+        image: ${ref} # the app`,
    );
    expect(body).toContain('digestpin verify k8s/deploy.yaml');

    // The same job again (same commit, run and attempt: the same tag), on a fresh checkout.
    await writeFile(
      path.join(work, 'k8s', 'deploy.yaml'),
      `spec:\n  containers:\n  - image: ${repository}:dev\n`,
    );
    const again = await runAction({ event: 'pull_request', payload: pr });
    expect(again.exitCode).toBe(0);
    expect(again.outputs.pushed).toBe('false');
    expect(again.outputs.digest).toBe(served.digest);
    expect(again.summary).toMatch(/^## digestpin: no-op/);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0].body).toContain('already in the registry');
    // the re-run asks who the token is (GITHUB_TOKEN: 403, so github-actions[bot]) before it edits
    expect(
      gh.calls.map((c) => `${c.method} ${c.path.replace(/^.*\/(comments|user)/, '$1')}`),
    ).toEqual(['GET comments', 'POST comments', 'GET comments', 'GET user', 'PATCH comments/1000']);
  });

  test('authfile input: credentials for a registry that needs them; the Inputs group is not empty', async () => {
    const auth = await startRegistry({ auth: { username: 'ci', password: 'act-s3cret' } });
    try {
      const authfile = path.join(work, 'registry-auth.json');
      await writeFile(authfile, authJson(auth.host, 'ci', 'act-s3cret'), { mode: 0o600 });
      const result = await runAction({
        event: 'push',
        payload: {},
        inputs: { repository: `${auth.host}/demo/app`, authfile, manifests: '' },
        runNumber: '21',
      });
      expect(result.exitCode).toBe(0);
      expect(JSON.parse(result.outputs.json)).toMatchObject({ pushed: true, format: 'v2s2' });
      const inputsGroup = result.stdout.split('::group::Inputs\n')[1].split('::endgroup::')[0];
      expect(inputsGroup).toContain(`authfile: ${JSON.stringify(authfile)}`);
      expect(result.stdout).not.toContain('act-s3cret');
    } finally {
      await auth.stop();
    }
  });

  test('push event: outputs and summary, no comment', async () => {
    const result = await runAction({
      event: 'push',
      payload: { ref: 'refs/heads/main' },
      runNumber: '18',
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.pushed).toBe('true');
    expect(result.summary).toContain('## digestpin: pushed');
    expect(gh.calls).toEqual([]);
    // the push's progress lines are in the log, inside the push's group
    const group = /^::group::Push .*\n([\s\S]*?)^::endgroup::/m.exec(result.stdout)?.[1] ?? '';
    expect(group).toMatch(/^pushing \S+: \d+ blobs?, [\d.]+ [KMG]?i?B$/m);
  });

  test('fork pull request: 403 on the comment is a warning, the step succeeds', async () => {
    gh.refuse = 'writes';
    const result = await runAction({
      event: 'pull_request_target',
      payload: pullRequestPayload('acme', 'shop', 43, true),
      runNumber: '19',
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /::warning::digestpin: could not comment on acme\/shop#43 \(HTTP 403\)/,
    );
    expect(result.outputs.pushed).toBe('true');
  });

  test('invalid input: the step fails naming the input; nothing pushed', async () => {
    const result = await runAction({
      event: 'push',
      payload: {},
      inputs: { 'dry-run': 'maybe' },
      runNumber: '20',
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(
      '::error::INVALID_INPUT: input "dry-run" must be a boolean, got "maybe"',
    );
    expect(result.outputs).toEqual({});
    expect(result.summary).toMatch(/^## digestpin: failed \(INVALID&#95;INPUT, exit code 2\)/);
    await expect(
      headManifest(registry, 'demo/app', `${sha.slice(0, 7)}-20-1`),
    ).resolves.toMatchObject({
      status: 404,
    });
  });

  test('check findings become annotations (also in files unrelated to the image); the step succeeds', async () => {
    await writeFile(
      path.join(work, 'k8s', 'sidecar.yaml'),
      'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: pause\n    image: k8s.gcr.io/pause:3.9\n',
    );
    const result = await runAction({ event: 'push', payload: {}, runNumber: '21' });
    expect(result.exitCode).toBe(0);
    const annotations = result.stdout.split('\n').filter((l) => /^::(error|warning) /.test(l));
    expect(annotations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^::error title=digestpin legacy-registry,file=k8s\/sidecar\.yaml,line=6,col=12::/,
        ),
        expect.stringMatching(
          /^::error title=digestpin unpinned-image,file=k8s\/sidecar\.yaml,line=6,col=12::/,
        ),
      ]),
    );
    // the pinned manifest has nothing left to report
    expect(annotations.filter((l) => l.includes('deploy.yaml'))).toEqual([]);
    expect(result.summary).toMatch(
      /Check: [1-9]\d* errors?, \d+ warnings? in 1 file, shown as annotations/,
    );
    expect(result.outputs.pushed).toBe('true');
  });

  test('hostile file name: pinned, no workflow command, inert comment and summary', async () => {
    const name =
      '[x](https:evil.example) <img src=x onerror=alert(1)> @octocat `t` |x| --> \n::error::pwned.yaml';
    await writeFile(
      path.join(work, 'k8s', name),
      `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    image: ${repository}:dev\n`,
    );
    const result = await runAction({ event: 'pull_request', payload: pr, runNumber: '22' });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.outputs['changed-files'])).toEqual(
      expect.arrayContaining(['k8s/deploy.yaml', `k8s/${name}`]),
    );
    const commands = result.stdout.split('\n').filter((l) => l.startsWith('::'));
    for (const l of commands) {
      expect(l).toMatch(
        /^::(group|endgroup|add-mask|debug|warning|error title=digestpin [a-z-]+,file=)/,
      );
    }
    expect(result.stdout).not.toMatch(/^::error::/m);
    expect(result.stdout).toContain('\\::error::pwned.yaml');
    expect(gh.comments).toHaveLength(1);
    expectInert(gh.comments[0].body);
    expectInert(withoutTablePipes(result.summary));
    expect(gh.comments[0].body).toContain(`$'k8s/[x](https:evil.example)`);
  });
});
