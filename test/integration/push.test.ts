import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { access, chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runPush, type PushOptions } from '../../src/commands/push.js';
import { DigestpinError } from '../../src/errors.js';
import { memoryLogger } from '../support/logger.js';
import { runCli, tempDirs } from '../support/cli.js';
import { writeOciImage } from '../support/image.js';
import { DOCKER_LIST, DOCKER_V2S2, headManifest, writeAuthFile } from '../support/push.js';
import { faults, startFaultProxy } from '../support/faults.js';
import { startRegistry, type Registry } from '../support/registry.js';

const tmp = tempDirs();
let registry: Registry;
let authRegistry: Registry;

beforeAll(async () => {
  [registry, authRegistry] = await Promise.all([
    startRegistry(),
    startRegistry({ auth: { username: 'ci', password: 's3cret-pass' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([registry.stop(), authRegistry.stop()]);
  await tmp.cleanup();
});

const env = { PATH: process.env.PATH, HOME: '/nonexistent-home', CI: 'true' };

function options(source: string, repository: string, o: Partial<PushOptions> = {}): PushOptions {
  return {
    source,
    repository,
    tag: 'build-1',
    format: 'v2s2',
    all: false,
    manifests: [],
    insecure: false,
    dryRun: false,
    ecr: false,
    ensureImmutable: false,
    createRepository: false,
    ...o,
  };
}

async function push(source: string, repository: string, o: Partial<PushOptions> = {}) {
  const logger = memoryLogger();
  const out = await runPush(options(source, repository, o), { logger, env, cwd: process.cwd() });
  return { ...out, logger };
}

async function failure(p: Promise<unknown>): Promise<DigestpinError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DigestpinError);
  return err as DigestpinError;
}

describe('push (in-process, real registry and skopeo)', () => {
  test('free tag: pushed as v2s2, digest is what the registry serves; re-run of the same image is a no-op', async () => {
    const repo = `${registry.host}/demo/app`;
    const first = await writeOciImage(await tmp.make(), { layers: [{ size: 4096, seed: 'same' }] });
    const r = await push(first.ref, repo);
    const head = await headManifest(registry, 'demo/app', 'build-1');
    expect(r.json).toEqual({
      repository: repo,
      tag: 'build-1',
      digest: head.digest,
      image: `${repo}@${head.digest}`,
      ref: `${repo}:build-1@${head.digest}`,
      format: 'v2s2',
      pushed: true,
      files: [],
    });
    expect(head.mediaType).toBe(DOCKER_V2S2);
    expect(r.text).toBe(`${repo}:build-1@${head.digest}`);

    // Same config, layers compressed differently: another manifest digest, same image.
    const rebuilt = await writeOciImage(await tmp.make(), {
      layers: [{ size: 4096, seed: 'same' }],
      gzipLevel: 9,
    });
    expect(rebuilt.configDigests).toEqual(first.configDigests);
    expect(rebuilt.manifestDigest).not.toBe(first.manifestDigest);
    const again = await push(rebuilt.ref, repo);
    expect(again.json).toMatchObject({ pushed: false, digest: head.digest });
    expect(again.logger.lines.join('\n')).toContain('nothing pushed');
  });

  test('different image onto an existing tag: TAG_EXISTS naming both, tag unchanged', async () => {
    const repo = `${registry.host}/demo/refuse`;
    const a = await writeOciImage(await tmp.make(), { layers: [{ size: 1024, random: true }] });
    const b = await writeOciImage(await tmp.make(), { layers: [{ size: 1024, random: true }] });
    const first = await push(a.ref, repo);
    const err = await failure(push(b.ref, repo));
    expect(err.code).toBe('TAG_EXISTS');
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain(first.json.digest);
    expect(err.message).toContain(b.configDigests.get('')!);
    expect((await headManifest(registry, 'demo/refuse', 'build-1')).digest).toBe(first.json.digest);
  });

  test('a bad DIGESTPIN_TIMEOUT_MS is refused before skopeo starts', async () => {
    const img = await writeOciImage(await tmp.make(), { layers: [{ size: 1024, random: true }] });
    // a skopeo that leaves a mark when it is started at all
    const dir = await tmp.make();
    const mark = path.join(dir, 'started');
    const wrapper = path.join(dir, 'skopeo');
    await writeFile(wrapper, `#!/bin/sh\ntouch '${mark}'\nexec skopeo "$@"\n`);
    await chmod(wrapper, 0o755);
    const run = (extra: NodeJS.ProcessEnv) =>
      runPush(options(img.ref, `${registry.host}/demo/badenv`), {
        logger: memoryLogger(),
        env: { ...env, DIGESTPIN_SKOPEO: wrapper, ...extra },
        cwd: process.cwd(),
      });
    const err = await failure(run({ DIGESTPIN_TIMEOUT_MS: 'soon' }));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toContain('DIGESTPIN_TIMEOUT_MS=soon');
    await expect(access(mark)).rejects.toThrow();
    // the same push with a good value does start it (the mark is a real witness)
    await run({ DIGESTPIN_TIMEOUT_MS: '20000' });
    await expect(access(mark)).resolves.toBeUndefined();
  });

  test('--format oci writes an OCI manifest', async () => {
    const img = await writeOciImage(await tmp.make(), { layers: [{ size: 1024, random: true }] });
    const r = await push(img.ref, `${registry.host}/demo/oci`, { format: 'oci' });
    const head = await headManifest(registry, 'demo/oci', 'build-1');
    expect(head.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(r.json).toMatchObject({ format: 'oci', pushed: true, digest: head.digest });
  });

  test('same config but the tag holds the other format: refused', async () => {
    const img = await writeOciImage(await tmp.make(), { layers: [{ size: 1024, random: true }] });
    await push(img.ref, `${registry.host}/demo/fmt`, { format: 'oci' });
    const err = await failure(push(img.ref, `${registry.host}/demo/fmt`));
    expect(err.code).toBe('TAG_EXISTS');
  });

  test('--all with a multi-platform index: the list digest; a re-run is a no-op', async () => {
    const img = await writeOciImage(await tmp.make(), {
      layers: [{ size: 2048, random: true }],
      platforms: ['linux/amd64', 'linux/arm64'],
    });
    const repo = `${registry.host}/demo/multi`;
    const r = await push(img.ref, repo, { all: true });
    const head = await headManifest(registry, 'demo/multi', 'build-1');
    expect(head.mediaType).toBe(DOCKER_LIST);
    expect(r.json).toMatchObject({ pushed: true, digest: head.digest });
    const again = await push(img.ref, repo, { all: true });
    expect(again.json).toMatchObject({ pushed: false, digest: head.digest });
  });

  test('--dry-run checks and pushes nothing', async () => {
    const img = await writeOciImage(await tmp.make(), { layers: [{ size: 1024, random: true }] });
    const r = await push(img.ref, `${registry.host}/demo/dry`, { dryRun: true });
    expect(r.json).toMatchObject({
      pushed: false,
      digest: '',
      ref: `${registry.host}/demo/dry:build-1`,
    });
    expect((await headManifest(registry, 'demo/dry', 'build-1')).status).toBe(404);
  });

  test('--manifests: pins the pushed ref; a malformed manifest fails before anything is pushed', async () => {
    const dir = await tmp.make();
    const repo = `${registry.host}/demo/pinned`;
    const deploy = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: app}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      `        - name: app`,
      `          image: ${repo}:old # keep this comment`,
      '        - name: side',
      '          image: nginx:1.27',
      '',
    ].join('\n');
    await writeFile(path.join(dir, 'deploy.yaml'), deploy);
    const img = await writeOciImage(await tmp.make(), { layers: [{ size: 1024, random: true }] });
    const logger = memoryLogger();
    const r = await runPush(options(img.ref, repo, { manifests: ['.'] }), {
      logger,
      env,
      cwd: dir,
    });
    expect(r.json.files).toEqual([{ path: 'deploy.yaml', changes: 1 }]);
    expect(await readFile(path.join(dir, 'deploy.yaml'), 'utf8')).toBe(
      deploy.replace(`${repo}:old`, r.json.ref),
    );

    const bad = await tmp.make();
    await writeFile(
      path.join(bad, 'broken.yaml'),
      `image: ${registry.host}/demo/never:x\n  - : [\n`,
    );
    const err = await failure(
      runPush(options(img.ref, `${registry.host}/demo/never`, { manifests: ['.'] }), {
        logger,
        env,
        cwd: bad,
      }),
    );
    expect(err.code).toBe('MALFORMED_YAML');
    expect((await headManifest(registry, 'demo/never', 'build-1')).status).toBe(404);
  });

  test('429 and 5xx are retried through the relay; a registry that keeps failing is exit 5', async () => {
    const proxy = await startFaultProxy(registry.url, [
      { name: 'head', method: 'HEAD', path: /\/blobs\//, count: 2, fault: faults.status(503) },
      {
        name: 'put',
        method: 'PUT',
        path: /\/manifests\/sha256:/,
        count: 1,
        fault: faults.tooManyRequests(0),
      },
    ]);
    try {
      const img = await writeOciImage(await tmp.make(), { layers: [{ size: 1024, random: true }] });
      const r = await push(img.ref, `${proxy.host}/demo/flaky`);
      expect(r.json.pushed).toBe(true);
      expect(proxy.hits('head')).toBe(2);
      expect(proxy.hits('put')).toBe(1);
      expect((await headManifest(registry, 'demo/flaky', 'build-1')).digest).toBe(r.json.digest);

      proxy.setRules([{ method: 'POST', path: /\/blobs\/uploads\//, fault: faults.status(500) }]);
      const other = await writeOciImage(await tmp.make(), {
        layers: [{ size: 1024, random: true }],
      });
      const logger = memoryLogger();
      const err = await failure(
        runPush(options(other.ref, `${proxy.host}/demo/flaky`, { tag: 'b2' }), {
          logger,
          env: { ...env, DIGESTPIN_RETRIES: '1' },
          cwd: process.cwd(),
        }),
      );
      expect(err.exitCode).toBe(5);
      expect((await headManifest(registry, 'demo/flaky', 'b2')).status).toBe(404);
    } finally {
      await proxy.stop();
    }
  });

  test('two pushes of different images racing for one tag never both succeed', async () => {
    const repo = `${registry.host}/demo/race`;
    const imgs = await Promise.all(
      [1, 2].map(async () =>
        writeOciImage(await tmp.make(), { layers: [{ size: 256 * 1024, random: true }] }),
      ),
    );
    const results = await Promise.allSettled(imgs.map((i) => push(i.ref, repo, { tag: 'race' })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r) => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    const reason = failed[0].reason as DigestpinError;
    expect(['TAG_EXISTS', 'CONCURRENT_OVERWRITE']).toContain(reason.code);
    const winner = ok[0].value;
    expect((await headManifest(registry, 'demo/race', 'race')).digest).toBe(winner.json.digest);
  });

  test.each([
    [
      'docker-archive',
      (f: string) => `docker-archive:${f}:app:dev`,
      (f: string) => `docker-archive:${f}`,
    ],
    ['oci-archive', (f: string) => `oci-archive:${f}:app`, (f: string) => `oci-archive:${f}:app`],
  ])(
    '%s source: pushed, and the re-run (layers recompressed) is a no-op',
    async (kind, write, src) => {
      const img = await writeOciImage(await tmp.make(), {
        layers: [{ size: 64 * 1024, random: true }],
      });
      const file = path.join(await tmp.make(), `${kind}.tar`);
      await execa('skopeo', ['copy', '--quiet', img.ref, write(file)]);
      const repo = `${registry.host}/demo/${kind}`;
      const first = await push(src(file), repo);
      expect(first.json.pushed).toBe(true);
      expect((await headManifest(registry, `demo/${kind}`, 'build-1')).digest).toBe(
        first.json.digest,
      );
      const again = await push(src(file), repo);
      expect(again.json).toMatchObject({ pushed: false, digest: first.json.digest });
      const other = await writeOciImage(await tmp.make(), {
        layers: [{ size: 1024, random: true }],
      });
      const otherFile = path.join(await tmp.make(), `other-${kind}.tar`);
      await execa('skopeo', ['copy', '--quiet', other.ref, write(otherFile)]);
      expect((await failure(push(src(otherFile), repo))).code).toBe('TAG_EXISTS');
    },
  );

  test('docker:// source (single and --all index): pushed, re-run is a no-op', async () => {
    const single = await writeOciImage(await tmp.make(), {
      layers: [{ size: 1024, random: true }],
    });
    const multi = await writeOciImage(await tmp.make(), {
      layers: [{ size: 1024, random: true }],
      platforms: ['linux/amd64', 'linux/arm64'],
    });
    await push(single.ref, `${registry.host}/src/single`, { format: 'oci' });
    await push(multi.ref, `${registry.host}/src/multi`, { format: 'oci', all: true });
    for (const [name, all] of [
      ['single', false],
      ['multi', true],
    ] as const) {
      const source = `docker://${registry.host}/src/${name}:build-1`;
      const first = await push(source, `${registry.host}/copy/${name}`, { all });
      expect(first.json.pushed).toBe(true);
      const again = await push(source, `${registry.host}/copy/${name}`, { all });
      expect(again.json).toMatchObject({ pushed: false, digest: first.json.digest });
    }
  });

  test.each([
    ['missing oci layout', (d: string) => `oci:${d}/nope:t`, 'SOURCE_NOT_FOUND'],
    ['missing docker archive', (d: string) => `docker-archive:${d}/nope.tar`, 'SOURCE_NOT_FOUND'],
    ['missing daemon image', () => 'app:dev', 'SOURCE_NOT_FOUND'],
  ])('%s → exit 6', async (_name, source, code) => {
    const err = await failure(push(source(await tmp.make()), `${registry.host}/demo/missing`));
    expect(err.code).toBe(code);
    expect(err.exitCode).toBe(6);
  });

  test('latest and bad references are usage errors', async () => {
    const img = await writeOciImage(await tmp.make(), { layers: [{ size: 1024, random: true }] });
    expect(
      (await failure(push(img.ref, `${registry.host}/demo/x`, { tag: 'latest' }))).exitCode,
    ).toBe(2);
    expect((await failure(push(img.ref, `${registry.host}/Demo/X`))).exitCode).toBe(2);
    expect((await failure(push(img.ref, `${registry.host}/demo/x:tag`))).code).toBe(
      'INVALID_REFERENCE',
    );
  });
});

describe('push (built CLI)', () => {
  test('htpasswd registry: good credentials 0, bad 4, none 4; no secret in any output', async () => {
    const dir = await tmp.make();
    const img = await writeOciImage(await tmp.make(), { layers: [{ size: 1024, random: true }] });
    const good = await writeAuthFile(dir, authRegistry);
    const bad = `${dir}/bad.json`;
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(
        bad,
        JSON.stringify({
          auths: { [authRegistry.host]: { auth: Buffer.from('ci:wrong-pass').toString('base64') } },
        }),
      ),
    );
    const repo = `${authRegistry.host}/demo/auth`;
    const cliEnv = { ...env, HOME: dir };
    const ok = await runCli(['push', img.ref, repo, '--tag', 'b1', '--authfile', good, '--json'], {
      env: cliEnv,
      extendEnv: false,
    });
    expect(ok.exitCode).toBe(0);
    expect(ok.json<{ pushed: boolean }>().pushed).toBe(true);
    const wrong = await runCli(
      ['push', img.ref, repo, '--tag', 'b2', '--authfile', bad, '--json'],
      { env: cliEnv, extendEnv: false },
    );
    expect(wrong.exitCode).toBe(4);
    const none = await runCli(['push', img.ref, repo, '--tag', 'b3', '--json'], {
      env: cliEnv,
      extendEnv: false,
    });
    expect(none.exitCode).toBe(4);
    for (const r of [ok, wrong, none])
      expect(r.stdout + r.stderr).not.toMatch(/s3cret-pass|wrong-pass/);
  });

  test('exit codes through the CLI: 3 on a different image, 2 on latest, 5 when the registry is down', async () => {
    const a = await writeOciImage(await tmp.make(), { layers: [{ size: 1024, random: true }] });
    const b = await writeOciImage(await tmp.make(), { layers: [{ size: 1024, random: true }] });
    const repo = `${registry.host}/cli/app`;
    const opts = { env, extendEnv: false };
    expect((await runCli(['push', a.ref, repo, '--tag', 'c1'], opts)).exitCode).toBe(0);
    const clash = await runCli(['push', b.ref, repo, '--tag', 'c1', '--json'], opts);
    expect(clash.exitCode).toBe(3);
    expect(clash.json<{ error: { code: string } }>().error.code).toBe('TAG_EXISTS');
    expect((await runCli(['push', a.ref, repo, '--tag', 'latest'], opts)).exitCode).toBe(2);
    const started = Date.now();
    const down = await runCli(['push', a.ref, '127.0.0.1:1/cli/app', '--tag', 'c1'], {
      ...opts,
      env: { ...env, DIGESTPIN_RETRIES: '0' },
    });
    expect(down.exitCode).toBe(5);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
