/**
 * Secrets in the action (issue 8): the action has no password input (DESIGN.md: credentials come
 * from REGISTRY_AUTH_FILE or ~/.docker/config.json, written by an earlier step such as
 * docker/login-action). With an htpasswd registry and a distinctive password, `node dist/index.js`
 * run as the runner runs it never shows the password, nor its base64 forms, in stdout/stderr (the
 * job log), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY or the PR comment sent to the (loopback) GitHub
 * API — on success and with a wrong password. Needs a built dist/: `npm run build`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import {
  githubEnv,
  inputEnv,
  pullRequestPayload,
  runnerFiles,
  type RunnerFiles,
} from '../../support/action-env.js';
import { repoRoot, tempDirs } from '../../support/cli.js';
import { startFakeGitHub, type FakeGitHub } from '../../support/github-api.js';
import { writeOciImage } from '../../support/image.js';
import { authJson, headManifest, secretForms } from '../../support/push.js';
import { startRegistry, type Registry } from '../../support/registry.js';

const USER = 'ci';
const PASSWORD = 'Qw7-ACTION-s3cret-Lp';
const WRONG = 'Qw7-WRONGACTION-s3cret-Lp';
const SECRETS = secretForms(USER, PASSWORD, WRONG);

const tmp = tempDirs('digestpin-action-sec-');
let registry: Registry;
let gh: FakeGitHub;
let files: RunnerFiles;
let imageRef: string;

beforeAll(async () => {
  [registry, gh, files] = await Promise.all([
    startRegistry({ auth: { username: USER, password: PASSWORD } }),
    startFakeGitHub(),
    runnerFiles(),
  ]);
  imageRef = (await writeOciImage(await tmp.make(), { layers: [{ size: 32 * 1024 }] })).ref;
}, 30000);
afterAll(async () => {
  await Promise.all([registry?.stop(), gh?.close(), files?.cleanup()]);
  await tmp.cleanup();
});

/** Where the credentials are: ~/.docker/config.json (docker login) or REGISTRY_AUTH_FILE. */
type Place = 'docker-config' | 'REGISTRY_AUTH_FILE';

async function runAction(place: Place, password: string, run: string) {
  const work = await tmp.make();
  await mkdir(path.join(work, 'k8s'));
  await writeFile(
    path.join(work, 'k8s', 'pod.yaml'),
    `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    image: ${registry.host}/sec/app:dev\n`,
  );
  const extra: Record<string, string> = {};
  if (place === 'docker-config') {
    await mkdir(path.join(work, '.docker'));
    await writeFile(
      path.join(work, '.docker', 'config.json'),
      authJson(registry.host, USER, password),
      { mode: 0o600 },
    );
  } else {
    extra.REGISTRY_AUTH_FILE = path.join(work, 'auth.json');
    await writeFile(extra.REGISTRY_AUTH_FILE, authJson(registry.host, USER, password), {
      mode: 0o600,
    });
  }
  await Promise.all([writeFile(files.outputFile, ''), writeFile(files.summaryFile, '')]);
  gh.calls.length = 0;
  const payload = pullRequestPayload('acme', 'shop', 7);
  const env = {
    PATH: process.env.PATH,
    HOME: work,
    ...(await githubEnv(files, {
      name: 'pull_request',
      payload,
      repository: 'acme/shop',
      apiUrl: gh.url,
    })),
    GITHUB_RUN_NUMBER: run,
    ...extra,
    ...inputEnv({
      source: imageRef,
      repository: `${registry.host}/sec/app`,
      manifests: 'k8s/',
      'github-token': 'ghs_sec',
    }),
  };
  const r = await execa(process.execPath, [path.join(repoRoot, 'dist', 'index.js')], {
    cwd: work,
    env,
    extendEnv: false,
    reject: false,
    timeout: 120000,
  });
  return {
    exitCode: r.exitCode,
    log: `${String(r.stdout)}\n${String(r.stderr)}`,
    outputs: await readFile(files.outputFile, 'utf8'),
    summary: await readFile(files.summaryFile, 'utf8'),
    api: JSON.stringify(gh.calls),
  };
}

function expectNoSecret(where: string, text: string): void {
  for (const s of SECRETS) {
    if (text.includes(s))
      throw new Error(`${where} contains a secret (${s.slice(0, 6)}…):\n${text}`);
  }
}

describe(`the action never shows the registry password (${PASSWORD})`, () => {
  test.each<[Place, string]>([
    ['docker-config', '31'],
    ['REGISTRY_AUTH_FILE', '32'],
  ])(
    'success, credentials in %s: pushed, commented, no secret anywhere',
    async (place, run) => {
      const r = await runAction(place, PASSWORD, run);
      expect(r.log).not.toMatch(/^::error::/m);
      expect(r.exitCode).toBe(0);
      const served = await headManifest(registry, 'sec/app', `0123456-${run}-1`);
      expect(served.status).toBe(200);
      expect(r.outputs).toContain(served.digest);
      expect(r.summary).toMatch(/^## digestpin: pushed/);
      // the comment really went out (else checking its body proves nothing)
      expect(gh.calls.filter((c) => c.method === 'POST' || c.method === 'PATCH')).toHaveLength(1);
      expectNoSecret('job log', r.log);
      expectNoSecret('GITHUB_OUTPUT', r.outputs);
      expectNoSecret('job summary', r.summary);
      expectNoSecret('GitHub API calls (comment body)', r.api);
    },
    60000,
  );

  test.each<[Place, string]>([
    ['docker-config', '33'],
    ['REGISTRY_AUTH_FILE', '34'],
  ])(
    'wrong password in %s: failed (exit code 4 in the summary), no secret anywhere',
    async (place, run) => {
      const r = await runAction(place, WRONG, run);
      expect(r.exitCode).toBe(1);
      expect(r.log).toMatch(/^::error::[A-Z_]+: /m);
      expect(r.summary).toMatch(/^## digestpin: failed \(.*exit code 4\)/);
      expect(r.outputs).toBe('');
      expect(gh.calls).toEqual([]);
      expectNoSecret('job log', r.log);
      expectNoSecret('job summary', r.summary);
    },
    60000,
  );
});
