// resolve and guard through the built CLI (`npm run build` first) against the real
// docker-registry 2.8.2 on loopback: images pushed with real skopeo, plain and behind htpasswd,
// faults injected by the fault proxy; plus the registry client in-process on the same registries.
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { silentLogger } from '../../src/log.js';
import { RegistryClient } from '../../src/registry/client.js';
import { runCli, tempDirs } from '../support/cli.js';
import { faults, startFaultProxy } from '../support/faults.js';
import { writeOciImage, type OciImage } from '../support/image.js';
import { DOCKER_LIST, DOCKER_V2S2, skopeoPush, writeAuthFile } from '../support/push.js';
import { startRegistry, type Registry } from '../support/registry.js';

const tmp = tempDirs();
let home: string;
/** A clean HOME so no credentials of the machine leak in; DIGESTPIN_RETRIES keeps faults quick. */
const env = () => ({
  HOME: home,
  DIGESTPIN_RETRIES: '2',
  REGISTRY_AUTH_FILE: '',
  XDG_RUNTIME_DIR: '',
});

beforeAll(async () => {
  home = await tmp.make();
});
afterAll(() => tmp.cleanup());

async function push(
  registry: Registry,
  image: OciImage,
  dest: string,
  all = false,
  authfile?: string,
) {
  const digestfile = path.join(await tmp.make(), 'digest');
  return skopeoPush(image.ref, `${registry.host}/${dest}`, { digestfile, all, authfile });
}

describe('plain registry', () => {
  let registry: Registry;
  let single: OciImage;
  let multi: OciImage;
  let singleDigest: string;
  let multiDigest: string;
  beforeAll(async () => {
    registry = await startRegistry();
    single = await writeOciImage(await tmp.make(), { layers: [{ size: 4096, random: true }] });
    multi = await writeOciImage(await tmp.make(), { platforms: ['linux/amd64', 'linux/arm64'] });
    singleDigest = await push(registry, single, 'demo/app:v1');
    multiDigest = await push(registry, multi, 'demo/multi:v1', true);
  });
  afterAll(() => registry.stop());

  test('resolve prints ref@digest, the digest skopeo wrote', async () => {
    const r = await runCli(['resolve', `${registry.host}/demo/app:v1`], { env: env() });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`${registry.host}/demo/app:v1@${singleDigest}\n`);
  });

  test('resolve --json: the list digest of a multi-platform image', async () => {
    const refs = [`${registry.host}/demo/multi:v1`, `${registry.host}/demo/app:v1`];
    const r = await runCli(['resolve', '--json', ...refs], { env: env() });
    expect(r.exitCode).toBe(0);
    expect(r.json()).toEqual({
      references: [
        { reference: refs[0], digest: multiDigest, pinned: `${refs[0]}@${multiDigest}` },
        { reference: refs[1], digest: singleDigest, pinned: `${refs[1]}@${singleDigest}` },
      ],
    });
  });

  test.each([
    ['a missing tag', 'demo/app:nope'],
    ['a missing repository', 'demo/none:v1'],
  ])('resolve of %s → exit 6 with a JSON error', async (_n, rest) => {
    const r = await runCli(['resolve', '--json', `${registry.host}/${rest}`], { env: env() });
    expect(r.exitCode).toBe(6);
    expect(r.json()).toEqual({
      error: {
        code: 'MANIFEST_UNKNOWN',
        message: expect.stringContaining('not found'),
        hint: expect.any(String),
      },
    });
  });

  test('guard: a free tag → 0; an existing tag → 3 naming the digest', async () => {
    const free = await runCli(['guard', `${registry.host}/demo/app:v2`], { env: env() });
    expect([free.exitCode, free.stdout]).toEqual([
      0,
      `tag v2 is free in ${registry.host}/demo/app\n`,
    ]);
    const json = await runCli(['guard', '--json', `${registry.host}/demo/app:v2`], { env: env() });
    expect(json.json()).toEqual({
      repository: `${registry.host}/demo/app`,
      tag: 'v2',
      exists: false,
    });
    const taken = await runCli(['guard', `${registry.host}/demo/app:v1`], { env: env() });
    expect(taken.exitCode).toBe(3);
    expect(taken.stderr).toContain(singleDigest);
    const takenJson = await runCli(['guard', '--json', `${registry.host}/demo/app:v1`], {
      env: env(),
    });
    expect(takenJson.exitCode).toBe(3);
    expect(takenJson.json<{ error: { code: string } }>().error.code).toBe('TAG_EXISTS');
  });

  test('the client in-process: v2s2 stored, config digests per platform as built', async () => {
    const client = new RegistryClient({ env: env(), logger: silentLogger });
    const ref = { domain: registry.host, path: 'demo/multi', tag: 'v1' };
    expect(await client.headManifest(ref)).toMatchObject({
      digest: multiDigest,
      mediaType: DOCKER_LIST,
    });
    expect(await client.configDigests(ref)).toEqual(multi.configDigests);
    const app = { domain: registry.host, path: 'demo/app', tag: 'v1' };
    expect((await client.headManifest(app))?.mediaType).toBe(DOCKER_V2S2);
    expect(await client.configDigests(app)).toEqual(single.configDigests);
  });

  test('500s through the fault proxy: retried then exit 5; one 503 is absorbed', async () => {
    const proxy = await startFaultProxy(registry.url, [
      { name: 'once', method: 'HEAD', path: /manifests\/v1$/, count: 1, fault: faults.status(503) },
      { name: 'always', method: 'HEAD', path: /manifests\/v2$/, fault: faults.status(500) },
    ]);
    try {
      const ok = await runCli(['resolve', `${proxy.host}/demo/app:v1`], { env: env() });
      expect(ok.exitCode).toBe(0);
      expect(ok.stdout).toContain(singleDigest);
      const bad = await runCli(['guard', `${proxy.host}/demo/app:v2`], { env: env() });
      expect(bad.exitCode).toBe(5);
      expect(bad.stderr).toMatch(/HTTP 500 .*after 3 attempts/);
      expect(proxy.hits('always')).toBe(3);
    } finally {
      await proxy.stop();
    }
  });
});

describe('registry behind htpasswd', () => {
  let registry: Registry;
  let digest: string;
  let good: string;
  let bad: string;
  const password = 'Pa55-w0rd-secret';
  beforeAll(async () => {
    registry = await startRegistry({ auth: { username: 'ci', password } });
    const dir = await tmp.make();
    good = await writeAuthFile(dir, registry);
    bad = path.join(dir, 'bad.json');
    const wrong = Buffer.from('ci:wrong-password').toString('base64');
    await writeFile(bad, JSON.stringify({ auths: { [registry.host]: { auth: wrong } } }));
    const image = await writeOciImage(await tmp.make());
    digest = await push(registry, image, 'private/app:v1', false, good);
  });
  afterAll(() => registry.stop());

  test.each([
    [
      '--authfile with the right password',
      (ref: string) => ['resolve', '--authfile', good, ref],
      {},
      0,
    ],
    ['REGISTRY_AUTH_FILE', (ref: string) => ['resolve', ref], { useEnvFile: true }, 0],
    ['the wrong password', (ref: string) => ['resolve', '--authfile', bad, ref], {}, 4],
    ['no credentials', (ref: string) => ['resolve', ref], {}, 4],
  ])('resolve with %s', async (_n, args, o: { useEnvFile?: boolean }, exit) => {
    const ref = `${registry.host}/private/app:v1`;
    const r = await runCli(args(ref), {
      env: { ...env(), ...(o.useEnvFile ? { REGISTRY_AUTH_FILE: good } : {}) },
    });
    expect(r.exitCode).toBe(exit);
    if (exit === 0) expect(r.stdout).toBe(`${ref}@${digest}\n`);
    else expect(r.stderr).toMatch(new RegExp(`${registry.host}/private/app: HTTP 401`));
    expect(r.stdout + r.stderr).not.toContain(password);
    expect(r.stdout + r.stderr).not.toContain('wrong-password');
  });

  test('guard with credentials: existing → 3, free → 0; without → 4', async () => {
    const base = `${registry.host}/private/app`;
    expect(
      (await runCli(['guard', '--authfile', good, `${base}:v1`], { env: env() })).exitCode,
    ).toBe(3);
    expect(
      (await runCli(['guard', '--authfile', good, `${base}:v2`], { env: env() })).exitCode,
    ).toBe(0);
    expect((await runCli(['guard', `${base}:v2`], { env: env() })).exitCode).toBe(4);
  });
});

test('a registry that is down → exit 5 quickly, saying connection refused', async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  const started = Date.now();
  const r = await runCli(['guard', `127.0.0.1:${port}/app:v1`], { env: env() });
  expect(r.exitCode).toBe(5);
  expect(r.stderr).toContain('connection refused');
  expect(Date.now() - started).toBeLessThan(5000);
});

test('a host that does not resolve → exit 5, saying DNS', async () => {
  const r = await runCli(['resolve', 'registry.digestpin.invalid/app:v1'], { env: env() });
  expect(r.exitCode).toBe(5);
  expect(r.stderr).toMatch(/DNS lookup failed.*ENOTFOUND/);
});
