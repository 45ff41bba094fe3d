// verify against the real docker-registry 2.8.2 on loopback: images pushed with real skopeo
// (v2s2 and OCI), a pinned digest the registry does not have, a registry behind htpasswd, the
// fault proxy (5xx, stalls) and a host that does not resolve. The built CLI (`npm run build`
// first) for exit codes and the JSON shape; runVerify in-process for the same registries.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runVerify, type VerifyOptions } from '../../src/commands/verify/index.js';
import type { VerifyResult } from '../../src/report/types.js';
import { memoryLogger } from '../support/logger.js';
import { runCli, tempDirs } from '../support/cli.js';
import { faults, startFaultProxy } from '../support/faults.js';
import { writeOciImage, type OciImage } from '../support/image.js';
import { DOCKER_V2S2, skopeoPush, writeAuthFile } from '../support/push.js';
import { startRegistry, type Registry } from '../support/registry.js';

const tmp = tempDirs();
let home: string;
/** A clean HOME so no credentials of the machine leak in; few retries and short timeouts. */
const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  HOME: home,
  DIGESTPIN_RETRIES: '1',
  REGISTRY_AUTH_FILE: '',
  XDG_RUNTIME_DIR: '',
  ...extra,
});
const ABSENT = `sha256:${'0'.repeat(63)}1`;

beforeAll(async () => {
  home = await tmp.make();
});
afterAll(() => tmp.cleanup());

async function push(
  registry: Registry,
  image: OciImage,
  dest: string,
  opts: { format?: 'v2s2' | 'oci'; authfile?: string } = {},
): Promise<string> {
  const digestfile = path.join(await tmp.make(), 'digest');
  return skopeoPush(image.ref, `${registry.host}/${dest}`, { digestfile, ...opts });
}

/** A folder with one Deployment per list of image values; returns the folder. */
async function manifests(files: Record<string, string[]>): Promise<string> {
  const dir = await tmp.make();
  for (const [name, images] of Object.entries(files)) {
    const containers = images.map((image, i) => `        - name: c${i}\n          image: ${image}`);
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${name.replace(/\W/g, '-')}`,
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      ...containers,
      '',
    ].join('\n');
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

const options = (over: Partial<VerifyOptions> = {}): VerifyOptions => ({
  paths: ['.'],
  format: 'text',
  tagConsistency: false,
  insecure: false,
  concurrency: 8,
  ...over,
});

describe('plain registry', () => {
  let registry: Registry;
  let v2s2: string;
  let oci: string;
  let retagged: string;
  beforeAll(async () => {
    registry = await startRegistry();
    v2s2 = await push(registry, await writeOciImage(await tmp.make()), 'team/app:v1');
    oci = await push(registry, await writeOciImage(await tmp.make()), 'team/oci:v1', {
      format: 'oci',
    });
    // team/app:v2 is pushed, then pinned, then pushed again with other content: tag drift.
    retagged = await push(registry, await writeOciImage(await tmp.make()), 'team/app:v2');
    const other = await writeOciImage(await tmp.make(), { layers: [{ size: 512, random: true }] });
    await push(registry, other, 'team/app:v2');
  });
  afterAll(() => registry.stop());

  test('all present → exit 0, one summary line; --json lists every location', async () => {
    const h = registry.host;
    const cwd = await manifests({
      'a.yaml': [`${h}/team/app:v1@${v2s2}`, `${h}/team/oci@${oci}`, 'nginx:1.27'],
      'b.yaml': [`${h}/team/app@${v2s2}`],
    });
    const text = await runCli(['verify', '.'], { cwd, env: env() });
    expect([text.exitCode, text.stdout]).toEqual([
      0,
      '2 pinned images in 2 files: all present; 1 unpinned image not verified (digestpin check reports them)\n',
    ]);
    const json = await runCli(['verify', '--json', '.'], { cwd, env: env() });
    expect(json.exitCode).toBe(0);
    expect(json.json<VerifyResult>().images).toEqual([
      {
        image: `${h}/team/app@${v2s2}`,
        status: 'ok',
        message: expect.stringContaining('present'),
        hint: '',
        mediaType: DOCKER_V2S2,
        locations: [
          { path: 'a.yaml', line: 10, column: 18 },
          { path: 'b.yaml', line: 10, column: 18 },
        ],
      },
      expect.objectContaining({ image: `${h}/team/oci@${oci}`, status: 'ok' }),
    ]);
  });

  test('a digest the registry lacks → missing, exit 6, with the fix', async () => {
    const cwd = await manifests({ 'a.yaml': [`${registry.host}/team/app:v1@${ABSENT}`] });
    const r = await runCli(['verify', 'a.yaml'], { cwd, env: env() });
    expect(r.exitCode).toBe(6);
    expect(r.stdout).toContain(`missing  ${registry.host}/team/app@${ABSENT}`);
    expect(r.stdout).toContain('ErrImagePull: manifest unknown');
    expect(r.stdout).toContain('digestpin pin --resolve a.yaml');
    expect(r.stdout).toContain('used at: a.yaml:10');
    const gh = await runCli(['verify', '--format', 'github', 'a.yaml'], { cwd, env: env() });
    expect(gh.exitCode).toBe(6);
    expect(gh.stdout).toMatch(
      /^::error file=a\.yaml,line=10,col=18,title=digestpin verify%3A missing::/,
    );
  });

  test('--require-format v2s2: an OCI manifest is an error (exit 5) naming the runtime failure', async () => {
    const cwd = await manifests({ 'a.yaml': [`${registry.host}/team/oci@${oci}`] });
    const r = await runCli(['verify', '--json', '--require-format', 'v2s2', '.'], {
      cwd,
      env: env(),
    });
    expect(r.exitCode).toBe(5);
    const img = r.json<VerifyResult>().images[0];
    expect(img.status).toBe('error');
    expect(img.message).toContain('archive/tar: invalid tar header');
    expect(img.hint).toContain('--format v2s2');
  });

  test('--tag-consistency reports drift without changing the exit code (in-process)', async () => {
    const cwd = await manifests({ 'a.yaml': [`${registry.host}/team/app:v2@${retagged}`] });
    const out = await runVerify(options({ tagConsistency: true }), {
      logger: memoryLogger(),
      env: env(),
      cwd,
    });
    expect(out.exitCode).toBe(0);
    expect(out.json.images[0].status).toBe('ok');
    expect(out.json.images[0].tags).toEqual([
      expect.objectContaining({
        tag: 'v2',
        status: 'drift',
        digest: expect.not.stringMatching(retagged),
      }),
    ]);
    expect(out.text).toContain('tag drift');
  });

  test('5xx through the fault proxy → error, exit 5, in bounded time', async () => {
    const proxy = await startFaultProxy(registry.url, [
      { name: '500', method: 'HEAD', path: /\/manifests\//, fault: faults.status(500) },
    ]);
    try {
      const cwd = await manifests({ 'a.yaml': [`${proxy.host}/team/app@${v2s2}`] });
      const started = Date.now();
      const r = await runCli(['verify', '--json', '.'], { cwd, env: env() });
      expect(Date.now() - started).toBeLessThan(10000);
      expect(r.exitCode).toBe(5);
      const img = r.json<VerifyResult>().images[0];
      expect(img.status).toBe('error');
      expect(img.message).toContain('HTTP 500');
      expect(proxy.hits('500')).toBe(2);
    } finally {
      await proxy.stop();
    }
  });

  test('a stalled registry → unreachable (timeout), asked once per host, in bounded time', async () => {
    const proxy = await startFaultProxy(registry.url, [
      { name: 'stall', path: /^\/v2\//, fault: faults.stall() },
    ]);
    try {
      const cwd = await manifests({
        'a.yaml': [`${proxy.host}/team/app@${v2s2}`, `${proxy.host}/team/oci@${oci}`],
      });
      const started = Date.now();
      const out = await runVerify(options(), {
        logger: memoryLogger(),
        env: env({ DIGESTPIN_TIMEOUT_MS: '300', DIGESTPIN_RETRIES: '0' }),
        cwd,
      });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(out.exitCode).toBe(5);
      expect(out.json.images.map((i) => i.status)).toEqual(['unreachable', 'unreachable']);
      expect(out.json.images[0].message).toContain('timeout');
      expect(out.json.images[1].message).toContain('not asked again');
      expect(proxy.hits('stall')).toBe(1);
    } finally {
      await proxy.stop();
    }
  });
});

describe('registry behind htpasswd', () => {
  let registry: Registry;
  let digest: string;
  let authfile: string;
  beforeAll(async () => {
    registry = await startRegistry({ auth: { username: 'ci', password: 'S3cret-pw' } });
    authfile = await writeAuthFile(await tmp.make(), registry);
    digest = await push(registry, await writeOciImage(await tmp.make()), 'private/app:v1', {
      authfile,
    });
  });
  afterAll(() => registry.stop());

  test('no credentials → unauthorized, exit 4, hint names the host; --authfile → ok', async () => {
    const cwd = await manifests({
      'a.yaml': [
        `${registry.host}/private/app@${digest}`,
        `${registry.host}/private/app@${ABSENT}`,
      ],
    });
    const denied = await runCli(['verify', '--json', '.'], { cwd, env: env() });
    expect(denied.exitCode).toBe(4);
    const imgs = denied.json<VerifyResult>().images;
    expect(imgs.map((i) => i.status)).toEqual(['unauthorized', 'unauthorized']);
    expect(imgs[0].message).toContain('HTTP 401');
    expect(imgs[0].hint).toContain(`imagePullSecret for ${registry.host}`);
    expect(denied.stdout + denied.stderr).not.toContain('S3cret-pw');

    const allowed = await runCli(['verify', '--json', '--authfile', authfile, '.'], {
      cwd,
      env: env(),
    });
    // With credentials the absent digest is reported as what it is: missing (exit 6).
    expect(allowed.exitCode).toBe(6);
    expect(allowed.json<VerifyResult>().images.map((i) => i.status)).toEqual(['ok', 'missing']);
  });
});

test('a host that does not resolve → unreachable (DNS), exit 5', async () => {
  const cwd = await manifests({ 'a.yaml': [`registry.invalid/team/app@${ABSENT}`] });
  const r = await runCli(['verify', '.'], { cwd, env: env({ DIGESTPIN_RETRIES: '0' }) });
  expect(r.exitCode).toBe(5);
  expect(r.stdout).toContain(`unreachable  registry.invalid/team/app@${ABSENT}`);
  expect(r.stdout).toMatch(/cannot reach registry\.invalid: .*DNS/);
});
