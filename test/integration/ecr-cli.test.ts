// The built CLI in ECR mode end to end: `node dist/cli.js push|guard … --ecr` with the real
// @aws-sdk/client-ecr pointed (AWS_ENDPOINT_URL_ECR, dummy static AWS keys) at the loopback ECR
// emulator, whose GetAuthorizationToken hands out the credentials of a real htpasswd docker-registry
// (proxyEndpoint = that registry, behind a fault proxy), and real skopeo pushing through digestpin's
// relay. DescribeImages asks that same registry what a tag holds (the emulator's dataPlane), so the
// guard sees exactly what the push wrote. A skopeo wrapper on PATH records skopeo's argv.
// Needs a built dist/: `npm run build`.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runPush } from '../../src/commands/push.js';
import { DigestpinError } from '../../src/errors.js';
import { memoryLogger } from '../support/logger.js';
import { resetEcrClients, resetEcrTokens } from '../../src/registry/ecr/index.js';
import { ECR_IAM_ACTIONS } from '../../src/registry/ecr/errors.js';
import { execa } from 'execa';
import { githubEnv, inputEnv, runnerFiles, setProcessEnv } from '../support/action-env.js';
import { repoRoot, runCli, tempDirs, type CliResult } from '../support/cli.js';
import { startEcrEmulator, type EcrEmulator } from '../support/ecr-emulator.js';
import { faults, startFaultProxy, type FaultProxy } from '../support/faults.js';
import { writeOciImage, type OciImage } from '../support/image.js';
import { headManifest } from '../support/push.js';
import { startRegistry, type Registry } from '../support/registry.js';

const tmp = tempDirs('digestpin-ecr-cli-');
const password = `ecr-pw-${randomBytes(12).toString('hex')}`;
const token = Buffer.from(`AWS:${password}`).toString('base64');
let registry: Registry;
let proxy: FaultProxy;
let emu: EcrEmulator;
let imageA: OciImage;
let imageB: OciImage;
let home: string;
let argvLog: string;
let binDir: string;
/** Every CLI run of this file, checked for the ECR secrets at the end. */
const runs: CliResult[] = [];

beforeAll(async () => {
  registry = await startRegistry({ auth: { username: 'AWS', password } });
  proxy = await startFaultProxy(registry.url);
  emu = await startEcrEmulator({
    dataPlane: { url: registry.url, authorization: registry.authorization },
  });
  emu.auth = { username: 'AWS', password, proxyEndpoint: proxy.url };
  [imageA, imageB, home] = await Promise.all([
    writeOciImage(await tmp.make(), { layers: [{ size: 8192, random: true }] }),
    writeOciImage(await tmp.make(), { layers: [{ size: 8192, random: true }] }),
    tmp.make(),
  ]);
  // skopeo as the CLI finds it on PATH, recording its argv before running the real one.
  binDir = path.join(home, 'bin');
  argvLog = path.join(home, 'skopeo-argv.log');
  await mkdir(binDir);
  await writeFile(
    path.join(binDir, 'skopeo'),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${argvLog}'\nexec /usr/bin/skopeo "$@"\n`,
  );
  await chmod(path.join(binDir, 'skopeo'), 0o755);
});
afterAll(async () => {
  await Promise.all([emu.close(), proxy.stop(), registry.stop()]);
  await tmp.cleanup();
});
beforeEach(() => {
  emu.calls.length = 0;
  emu.expiredKeys.clear();
  proxy.setRules([]);
});

function awsEnv(): NodeJS.ProcessEnv {
  return {
    PATH: `${binDir}:${process.env.PATH ?? ''}`,
    HOME: home,
    AWS_ENDPOINT_URL_ECR: emu.url,
    AWS_ACCESS_KEY_ID: 'AKIDDIGESTPINCLI',
    AWS_SECRET_ACCESS_KEY: 'dummy-secret-key',
    AWS_CONFIG_FILE: path.join(home, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

async function cli(args: string[], env: NodeJS.ProcessEnv = awsEnv()): Promise<CliResult> {
  const r = await runCli(args, { env, extendEnv: false, timeoutMs: 120_000 });
  runs.push(r);
  return r;
}

const repo = (name: string) => `${proxy.host}/${name}`;
const push = (source: string, name: string, tag: string, ...extra: string[]) =>
  cli([
    'push',
    source,
    repo(name),
    '--tag',
    tag,
    '--ecr',
    '--region',
    'eu-west-1',
    '--json',
    ...extra,
  ]);
const guard = (name: string, tag: string) =>
  cli(['guard', `${repo(name)}:${tag}`, '--ecr', '--region', 'eu-west-1', '--json']);
const repository = (imageTagMutability: string) => ({ imageTagMutability, images: new Map() });
const ops = () => emu.calls.map((c) => c.operation);

describe('push --ecr through the built CLI (emulated ECR API, real registry and skopeo)', () => {
  test('free tag pushed; DescribeImages then reports it; same image again is not pushed; another image is refused', async () => {
    emu.repositories.set('team/app', repository('IMMUTABLE'));
    expect((await guard('team/app', 'b1')).exitCode).toBe(0);

    const first = await push(imageA.ref, 'team/app', 'b1');
    expect(first.exitCode).toBe(0);
    const head = await headManifest(registry, 'team/app', 'b1');
    expect(first.json()).toMatchObject({ pushed: true, digest: head.digest, tag: 'b1' });
    expect(ops()).toEqual(
      expect.arrayContaining(['GetAuthorizationToken', 'DescribeImages', 'DescribeRepositories']),
    );
    // IMMUTABLE: the guard is atomic, no warning.
    expect(first.stderr).not.toContain('check-then-push');
    // skopeo talked to the relay, and the relay to the registry with the ECR token.
    expect(proxy.requests.some((r) => r.method === 'PUT' && r.path.endsWith('/manifests/b1'))).toBe(
      true,
    );

    // guard --ecr answers from DescribeImages alone (the registry is not asked).
    emu.calls.length = 0;
    const seen = proxy.requests.length;
    const taken = await guard('team/app', 'b1');
    expect(taken.exitCode).toBe(3);
    expect(taken.json()).toMatchObject({ error: { code: 'TAG_EXISTS' } });
    expect(taken.stderr).toContain(head.digest!);
    expect(ops()).toEqual(['DescribeImages', 'DescribeRepositories']);
    expect(proxy.requests.length).toBe(seen);

    const again = await push(imageA.ref, 'team/app', 'b1');
    expect(again.exitCode).toBe(0);
    expect(again.json()).toMatchObject({ pushed: false, digest: head.digest });

    const other = await push(imageB.ref, 'team/app', 'b1');
    expect(other.exitCode).toBe(3);
    expect(other.json()).toMatchObject({ error: { code: 'TAG_EXISTS' } });
    expect(other.stderr).toContain(head.digest!);
    expect(other.stderr).toContain(imageB.configDigests.get('')!);
    expect((await headManifest(registry, 'team/app', 'b1')).digest).toBe(head.digest);
  });

  test.each([
    [
      'c.2025 wording',
      "The image tag 'race' already exists in the 'team/race' repository and cannot be overwritten because the tag is immutable.",
    ],
    [
      'older wording',
      "The image tag 'race' already exists in the 'team/race' repository and cannot be overwritten because the repository is immutable.",
    ],
  ])('IMMUTABLE rejection of the tag PUT (%s) → exit 3, tag exists', async (name, message) => {
    emu.repositories.set('team/race', repository('IMMUTABLE'));
    // Another pipeline wins the race: the tag was free at the check, ECR refuses our tag PUT.
    proxy.setRules([
      {
        name,
        method: 'PUT',
        path: /\/v2\/team\/race\/manifests\/race$/,
        fault: faults.status(400, { errorCode: 'TAG_INVALID', message }),
      },
    ]);
    const r = await push(imageA.ref, 'team/race', 'race');
    expect(proxy.hits(name)).toBe(1);
    expect(r.exitCode).toBe(3);
    expect(r.json()).toMatchObject({ error: { code: 'TAG_EXISTS' } });
    // Named as the user wrote it (not the relay's address), with ECR's rule in the hint.
    expect(r.stderr).toContain(
      `${repo('team/race')}:race already exists and ECR refused to overwrite it (the tag is immutable)`,
    );
    expect(r.stderr).toContain('ECR rejects even an identical re-push of an immutable tag');
    expect((await headManifest(registry, 'team/race', 'race')).status).toBe(404);
  });

  test('missing repository → exit 6 with the create-repository command; --create-repository creates it and pushes', async () => {
    const missing = await push(imageA.ref, 'team/new', 'n1');
    expect(missing.exitCode).toBe(6);
    expect(missing.json()).toMatchObject({ error: { code: 'REPOSITORY_NOT_FOUND' } });
    expect(missing.stderr).toContain(
      'aws ecr create-repository --repository-name team/new --image-tag-mutability IMMUTABLE --image-scanning-configuration scanOnPush=true --region eu-west-1',
    );
    expect(proxy.requests.some((r) => r.path.startsWith('/v2/team/new/'))).toBe(false);

    const created = await push(imageA.ref, 'team/new', 'n1', '--create-repository');
    expect(created.exitCode).toBe(0);
    expect(created.json()).toMatchObject({ pushed: true });
    expect(created.stderr).toContain(
      'created ECR repository team/new (IMMUTABLE tags, scan on push)',
    );
    expect(emu.repositories.get('team/new')).toMatchObject({
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
    });
  });

  test('--ecr: a docker:// source on the same registry is read with the ECR token (promotion between repositories)', async () => {
    emu.repositories.set('team/staging', repository('IMMUTABLE'));
    emu.repositories.set('team/prod', repository('IMMUTABLE'));
    const staged = await push(imageA.ref, 'team/staging', 's1');
    expect(staged.exitCode).toBe(0);
    const promoted = await push(`docker://${repo('team/staging')}:s1`, 'team/prod', 'p1');
    expect({ exit: promoted.exitCode, stderr: promoted.stderr }).toMatchObject({ exit: 0 });
    expect(promoted.json()).toMatchObject({
      pushed: true,
      digest: staged.json<{ digest: string }>().digest,
    });
    // the promotion asked for one token for both ends (the first push for one too)
    expect(ops().filter((o) => o === 'GetAuthorizationToken').length).toBeLessThanOrEqual(2);
  });

  test('MUTABLE repository: warned that the guard is check-then-push; --ensure-immutable switches it', async () => {
    emu.repositories.set('team/mut', repository('MUTABLE'));
    const warned = await push(imageA.ref, 'team/mut', 'm1');
    expect(warned.exitCode).toBe(0);
    expect(warned.stderr).toMatch(/warning: .*check-then-push, not atomic/);
    expect(emu.repositories.get('team/mut')!.imageTagMutability).toBe('MUTABLE');

    const switched = await push(imageA.ref, 'team/mut', 'm2', '--ensure-immutable');
    expect(switched.exitCode).toBe(0);
    expect(switched.json()).toMatchObject({ pushed: true });
    expect(switched.stderr).toContain('switched ECR team/mut: tag mutability MUTABLE → IMMUTABLE');
    expect(switched.stderr).not.toContain('check-then-push');
    expect(ops()).toContain('PutImageTagMutability');
    expect(emu.repositories.get('team/mut')!.imageTagMutability).toBe('IMMUTABLE');
  });

  test.each([
    [
      'no AWS credentials at all',
      (env: NodeJS.ProcessEnv) => {
        delete env.AWS_ACCESS_KEY_ID;
        delete env.AWS_SECRET_ACCESS_KEY;
      },
    ],
    ['expired AWS credentials', () => emu.expiredKeys.add('AKIDDIGESTPINCLI')],
  ])('%s → exit 4 naming the IAM actions', async (_name, spoil) => {
    emu.repositories.set('team/app', repository('IMMUTABLE'));
    const env = awsEnv();
    spoil(env);
    for (const args of [
      ['push', imageA.ref, repo('team/app'), '--tag', 'c1', '--ecr', '--region', 'eu-west-1'],
      ['guard', `${repo('team/app')}:c1`, '--ecr', '--region', 'eu-west-1'],
    ]) {
      const r = await cli(args, env);
      expect(r.exitCode).toBe(4);
      expect(r.stderr).toContain('AWS credentials missing, expired or not allowed');
      for (const action of ECR_IAM_ACTIONS) expect(r.stderr).toContain(action);
    }
  });

  test('--verbose push: debug logs do not carry the token either', async () => {
    emu.repositories.set('team/verbose', repository('IMMUTABLE'));
    const r = await push(imageA.ref, 'team/verbose', 'v1', '--verbose');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('debug: ECR: GetAuthorizationToken in eu-west-1');
  });

  test('the ECR token and password never reached stdout, stderr or skopeo argv', async () => {
    expect(runs.length).toBeGreaterThan(10);
    for (const r of runs) {
      for (const secret of [password, token]) {
        expect(r.stdout).not.toContain(secret);
        expect(r.stderr).not.toContain(secret);
      }
    }
    const argv = await readFile(argvLog, 'utf8');
    expect(argv).toContain('copy');
    expect(argv).not.toContain(password);
    expect(argv).not.toContain(token);
  });
});

describe('the action (node dist/index.js) on an ECR host', () => {
  test('the ECR token and password are masked (::add-mask::) before anything else is printed', async () => {
    // The ECR host is recognised by name (the action has no --ecr); it resolves nowhere here, so
    // the push fails after the token was obtained: what matters is what the runner saw.
    emu.repositories.set('team/app', repository('IMMUTABLE'));
    const files = await runnerFiles();
    try {
      const env = {
        ...awsEnv(),
        ...(await githubEnv(files, {
          name: 'push',
          payload: {},
          repository: 'acme/shop',
          apiUrl: 'http://127.0.0.1:9',
        })),
        ...inputEnv({
          source: imageA.ref,
          repository: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app',
          comment: 'false',
        }),
      };
      const r = await execa(process.execPath, [path.join(repoRoot, 'dist', 'index.js')], {
        env,
        extendEnv: false,
        reject: false,
        timeout: 120_000,
      });
      const lines = String(r.stdout).split('\n');
      expect(ops()).toContain('GetAuthorizationToken');
      for (const secret of [token, password]) {
        const mask = lines.indexOf(`::add-mask::${secret}`);
        expect(mask).toBeGreaterThan(0);
        expect(lines.filter((l) => l.includes(secret))).toEqual([`::add-mask::${secret}`]);
        // Masked inside the push group, before any report of the push (outcome or failure).
        expect(mask).toBeLessThan(lines.findIndex((l) => l.startsWith('::error::')));
        expect(mask).toBeGreaterThan(lines.findIndex((l) => l.startsWith('::group::Push ')));
      }
      // The failure is the last word: skopeo and the relay were stopped before it was reported.
      expect(lines.filter((l) => l !== '').at(-1)).toMatch(/^::error::UNREACHABLE: /);
      expect(String(r.stderr)).not.toContain(password);
      expect(r.exitCode).toBe(1);
    } finally {
      await files.cleanup();
    }
  });
});

describe('runPush --ecr in-process (same emulator, registry and fault proxy)', () => {
  test('the immutable-tag rejection of the tag PUT is TAG_EXISTS with the ECR hint; the tag stays free', async () => {
    emu.repositories.set('team/inproc', repository('IMMUTABLE'));
    proxy.setRules([
      {
        name: 'inproc-immutable',
        method: 'PUT',
        path: /\/v2\/team\/inproc\/manifests\/i1$/,
        fault: faults.status(400, {
          errorCode: 'TAG_INVALID',
          message:
            "The image tag 'i1' already exists in the 'team/inproc' repository and cannot be overwritten because the tag is immutable.",
        }),
      },
    ]);
    const env = awsEnv();
    const restore = setProcessEnv(
      Object.fromEntries(
        Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
      ),
    );
    resetEcrClients();
    resetEcrTokens();
    const logger = memoryLogger();
    try {
      const err = await runPush(
        {
          source: imageA.ref,
          repository: repo('team/inproc'),
          tag: 'i1',
          format: 'v2s2',
          all: false,
          manifests: [],
          insecure: false,
          dryRun: false,
          ecr: true,
          region: 'eu-west-1',
          ensureImmutable: false,
          createRepository: false,
        },
        { logger, env, cwd: home },
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DigestpinError);
      expect(err).toMatchObject({ code: 'TAG_EXISTS', exitCode: 3 });
      expect((err as DigestpinError).message).toBe(
        `${repo('team/inproc')}:i1 already exists and ECR refused to overwrite it (the tag is immutable)`,
      );
      expect(String((err as DigestpinError).cause)).toContain('HTTP 400');
      expect(proxy.hits('inproc-immutable')).toBe(1);
      expect((await headManifest(registry, 'team/inproc', 'i1')).status).toBe(404);
      expect(logger.lines.join('\n')).not.toContain(password);
    } finally {
      restore();
      resetEcrClients();
      resetEcrTokens();
    }
  });
});
