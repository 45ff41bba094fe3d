// The test harness against the real thing: docker-registry 2.8.2 on loopback (plain and with
// htpasswd), OCI layouts written in-process, pushed with real `skopeo copy --format v2s2`, read
// back by HEAD/GET; and the built CLI's --help / --version.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runCli, repoRoot, tempDirs } from '../support/cli.js';
import { faults, startFaultProxy, type FaultProxy } from '../support/faults.js';
import { writeOciImage } from '../support/image.js';
import {
  DOCKER_LIST,
  DOCKER_V2S2,
  getManifest,
  headManifest,
  skopeoPush,
  writeAuthFile,
} from '../support/push.js';
import { startRegistry, type Registry } from '../support/registry.js';

const sha256 = (b: Buffer): string => 'sha256:' + createHash('sha256').update(b).digest('hex');
const tmp = tempDirs();
afterAll(() => tmp.cleanup());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('registry without auth', () => {
  let registry: Registry;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(() => registry?.stop());

  test('a single-platform OCI image pushed as v2s2 reads back with the --digestfile digest', async () => {
    const dir = await tmp.make();
    const image = await writeOciImage(path.join(dir, 'layout'), {
      layers: [{ size: 300_000 }, { size: 10, seed: 'small' }],
      tag: 't1',
      labels: { 'org.example': 'yes' },
    });
    const digest = await skopeoPush(image.ref, `${registry.host}/demo/app:t1`, {
      digestfile: path.join(dir, 'digest'),
    });
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    // v2s2 conversion rewrites the manifest, so the digest differs from the OCI one
    expect(digest).not.toBe(image.manifestDigest);

    const head = await headManifest(registry, 'demo/app', 't1');
    expect(head).toMatchObject({ status: 200, digest, mediaType: DOCKER_V2S2 });
    const byDigest = await headManifest(registry, 'demo/app', digest);
    expect(byDigest.status).toBe(200);

    const got = await getManifest(registry, 'demo/app', 't1');
    expect(sha256(got.bytes)).toBe(digest);
    // the config blob survives the conversion byte-for-byte
    expect((got.json.config as { digest: string }).digest).toBe(image.configDigests.get(''));
    expect(got.json.layers).toHaveLength(2);

    expect((await headManifest(registry, 'demo/app', 'nope')).status).toBe(404);
  });

  test('the same options write the same digests; random layers differ', async () => {
    const [a, b, c] = await Promise.all([tmp.make(), tmp.make(), tmp.make()]);
    const opts = { layers: [{ size: 5000 }], tag: 'x' };
    const first = await writeOciImage(a, opts);
    const second = await writeOciImage(b, opts);
    const random = await writeOciImage(c, { layers: [{ size: 5000, random: true }], tag: 'x' });
    expect(second.manifestDigest).toBe(first.manifestDigest);
    expect(random.manifestDigest).not.toBe(first.manifestDigest);
    // blobs are content-addressed and the layer is a gzip of the requested size plus tar overhead
    const layer = first.layers[0];
    const blob = await readFile(path.join(a, 'blobs', 'sha256', layer.digest.slice(7)));
    expect(sha256(blob)).toBe(layer.digest);
    expect(blob.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect((await stat(path.join(a, 'index.json'))).isFile()).toBe(true);
  });

  test('a multi-platform index pushed with --all becomes a Docker manifest list', async () => {
    const dir = await tmp.make();
    const image = await writeOciImage(path.join(dir, 'layout'), {
      platforms: ['linux/amd64', 'linux/arm64/v8'],
      layers: [{ size: 2048 }],
      tag: 'multi',
    });
    expect(image.indexDigest).toBe(image.manifestDigest);
    const digest = await skopeoPush(image.ref, `${registry.host}/demo/multi:m1`, {
      all: true,
      digestfile: path.join(dir, 'digest'),
    });
    const head = await headManifest(registry, 'demo/multi', 'm1');
    expect(head).toMatchObject({ status: 200, digest, mediaType: DOCKER_LIST });

    const list = await getManifest(registry, 'demo/multi', digest);
    type Entry = {
      digest: string;
      platform: { os: string; architecture: string; variant?: string };
    };
    const entries = list.json.manifests as Entry[];
    const platforms = entries.map((m) =>
      [m.platform.os, m.platform.architecture, m.platform.variant].filter(Boolean).join('/'),
    );
    expect(platforms).toEqual(['linux/amd64', 'linux/arm64/v8']);
    for (const [i, entry] of entries.entries()) {
      const instance = await getManifest(registry, 'demo/multi', entry.digest);
      expect(instance.mediaType).toBe(DOCKER_V2S2);
      const config = (instance.json.config as { digest: string }).digest;
      expect(config).toBe(image.configDigests.get(platforms[i]));
    }
  });

  test('stop() kills the process, removes the folder and can be called twice', async () => {
    const extra = await startRegistry();
    expect(alive(extra.pid)).toBe(true);
    await Promise.all([extra.stop(), extra.stop()]);
    await extra.stop();
    expect(alive(extra.pid)).toBe(false);
    await expect(stat(extra.dir)).rejects.toThrow();
    await expect(fetch(`${extra.url}/v2/`)).rejects.toThrow();
  });
});

describe('registry start-up', () => {
  test('a port taken meanwhile is retried on another free port', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const registry = await startRegistry({ port: taken });
      try {
        expect(registry.port).not.toBe(taken);
        expect(readFileSync(registry.logFile, 'utf8')).toMatch(/address already in use/);
        expect((await fetch(`${registry.url}/v2/`)).status).toBe(200);
      } finally {
        await registry.stop();
      }
    } finally {
      blocker.close();
    }
  });

  test('a registry that does not come up fails with the log tail and leaves nothing', async () => {
    const before = new Set(readdirSync(tmpdir()));
    await expect(startRegistry({ startTimeoutMs: 1 })).rejects.toThrow(
      /did not answer GET http:\/\/127\.0\.0\.1:\d+\/v2\/ within 1 ms[^]*log tail/,
    );
    const added = readdirSync(tmpdir()).filter((n) => !before.has(n));
    expect(added.filter((n) => n.startsWith('digestpin-registry-'))).toEqual([]);
  });
});

describe('registry with htpasswd auth', () => {
  let registry: Registry;
  beforeAll(async () => {
    registry = await startRegistry({ auth: { username: 'ci', password: 's3cret:pw' } });
  });
  afterAll(() => registry?.stop());

  test('push with an auth file; anonymous and wrong-password HEADs get 401', async () => {
    const dir = await tmp.make();
    const image = await writeOciImage(path.join(dir, 'layout'), { tag: 'a' });
    const authfile = await writeAuthFile(dir, registry);
    expect((await stat(authfile)).mode & 0o777).toBe(0o600);
    const digest = await skopeoPush(image.ref, `${registry.host}/demo/app:t1`, {
      authfile,
      digestfile: path.join(dir, 'digest'),
    });

    const head = await headManifest(registry, 'demo/app', 't1');
    expect(head).toMatchObject({ status: 200, digest, mediaType: DOCKER_V2S2 });

    const anonymous = await headManifest(registry, 'demo/app', 't1', { anonymous: true });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="digestpin-test"/);
    const wrong = 'Basic ' + Buffer.from('ci:wrong').toString('base64');
    expect((await headManifest(registry, 'demo/app', 't1', { authorization: wrong })).status).toBe(
      401,
    );
  });

  test('skopeo without credentials is refused', async () => {
    const dir = await tmp.make();
    const image = await writeOciImage(path.join(dir, 'layout'), { tag: 'a' });
    const anonymous = await writeAuthFile(dir, { ...registry, auth: undefined });
    await expect(
      skopeoPush(image.ref, `${registry.host}/demo/app:t2`, {
        authfile: anonymous,
        digestfile: path.join(dir, 'digest'),
      }),
    ).rejects.toThrow(/unauthorized|authentication required/i);
  });
});

describe('fault proxy in front of the registry', () => {
  let registry: Registry;
  let proxy: FaultProxy;
  beforeAll(async () => {
    registry = await startRegistry();
    proxy = await startFaultProxy(registry.url);
  });
  afterAll(async () => {
    await proxy?.stop();
    await registry?.stop();
  });

  async function image(): Promise<{ ref: string; digestfile: string }> {
    const dir = await tmp.make();
    const img = await writeOciImage(path.join(dir, 'layout'), {
      layers: [{ size: 200_000, random: true }],
    });
    return { ref: img.ref, digestfile: path.join(dir, 'digest') };
  }

  test('skopeo pushes through it, uploads included', async () => {
    proxy.setRules([]);
    const { ref, digestfile } = await image();
    const digest = await skopeoPush(ref, `${proxy.host}/demo/app:ok`, { digestfile });
    expect((await headManifest(registry, 'demo/app', 'ok')).digest).toBe(digest);
    const uploads = proxy.requests.filter((r) => /\/blobs\/uploads\/./.test(r.path));
    expect(uploads.map((r) => r.method)).toContain('PUT');
  });

  test('a 500 on the manifest PUT fails the push and leaves no tag', async () => {
    proxy.setRules([{ method: 'PUT', path: /\/manifests\//, fault: faults.status(500) }]);
    const { ref, digestfile } = await image();
    await expect(skopeoPush(ref, `${proxy.host}/demo/app:e500`, { digestfile })).rejects.toThrow(
      /500|unknown/i,
    );
    expect(proxy.hits('0')).toBeGreaterThanOrEqual(1);
    expect((await headManifest(registry, 'demo/app', 'e500')).status).toBe(404);
  });

  test('a connection reset mid-upload fails the push', async () => {
    proxy.setRules([{ path: /\/blobs\/uploads\/./, fault: faults.resetAfter(50_000) }]);
    const { ref, digestfile } = await image();
    await expect(skopeoPush(ref, `${proxy.host}/demo/app:reset`, { digestfile })).rejects.toThrow(
      /reset|EOF|broken pipe|closed/i,
    );
    expect((await headManifest(registry, 'demo/app', 'reset')).status).toBe(404);
  });
});

describe('built CLI', () => {
  test('--help lists every command', async () => {
    const result = await runCli(['--help']);
    expect(result.exitCode).toBe(0);
    for (const command of ['push', 'guard', 'pin', 'check', 'verify', 'resolve', 'demo']) {
      expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  test('--version prints the package.json version', async () => {
    const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8'));
    const result = await runCli(['--version']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });
});
