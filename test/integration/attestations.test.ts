/**
 * push --all of a buildx-shaped OCI archive (two platforms, two provenance attestations), as
 * docker/build-push-action writes it with `outputs: type=oci,dest=app.tar`: a v2s2 list of the
 * platform images, the attestations pushed unchanged by digest and attached through the referrers
 * tag schema, and a real containerd pulling each platform of the pinned list.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runPush, type PushOptions } from '../../src/commands/push.js';
import { DigestpinError } from '../../src/errors.js';
import { memoryLogger } from '../support/logger.js';
import {
  writeBuildxArchive,
  writeBuildxImage,
  IN_TOTO,
  SLSA_PROVENANCE,
} from '../support/buildx.js';
import { githubEnv, inputEnv, readOutputs, runnerFiles } from '../support/action-env.js';
import { repoRoot, runCli, tempDirs } from '../support/cli.js';
import { execa } from 'execa';
import { startContainerd } from '../support/containerd.js';
import { faults, startFaultProxy } from '../support/faults.js';
import {
  DOCKER_LIST,
  DOCKER_V2S2,
  getManifest,
  headManifest,
  writeAuthFile,
} from '../support/push.js';
import { startRegistry, type Registry } from '../support/registry.js';

const tmp = tempDirs();
let registry: Registry;
// Started before the tests are collected, so that a machine where it cannot run shows the pull
// test as skipped (with the reason on the console) rather than as passed.
const containerd = await startContainerd();
if ('unavailable' in containerd)
  console.warn(`containerd pull test SKIPPED: ${containerd.unavailable}`);
const withContainerd = 'unavailable' in containerd ? test.skip : test;

beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  if (!('unavailable' in containerd)) await containerd.stop();
  await registry.stop();
  await tmp.cleanup();
});

const env = { PATH: process.env.PATH, HOME: '/nonexistent-home', CI: 'true' };
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

function options(source: string, repository: string, o: Partial<PushOptions> = {}): PushOptions {
  return {
    source,
    repository,
    tag: 'build-1',
    format: 'v2s2',
    all: true,
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

interface ListDoc {
  mediaType: string;
  manifests: {
    mediaType: string;
    digest: string;
    size: number;
    platform: { os: string; architecture: string };
  }[];
}

const PLATFORMS = ['linux/amd64', 'linux/arm64'];

describe('push --all of a buildx OCI archive with attestations', () => {
  test('v2s2: a list of the platform images only, pinned; attestations pushed unchanged by digest and found through the sha256-<digest> referrers tag; a re-run is a no-op', async () => {
    const img = await writeBuildxArchive(await tmp.make(), { platforms: PLATFORMS });
    const repo = `${registry.host}/buildx/app`;
    const r = await push(img.archiveRef, repo);

    const head = await headManifest(registry, 'buildx/app', 'build-1');
    expect(head.mediaType).toBe(DOCKER_LIST);
    expect(r.json).toMatchObject({ pushed: true, digest: head.digest, format: 'v2s2' });
    expect(r.json.ref).toBe(`${repo}:build-1@${head.digest}`);

    const list = (await getManifest(registry, 'buildx/app', head.digest!))
      .json as unknown as ListDoc;
    expect(list.mediaType).toBe(DOCKER_LIST);
    expect(list.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`)).toEqual(
      PLATFORMS,
    );
    // the same images: each platform's v2s2 manifest carries the source's config
    for (const m of list.manifests) {
      expect(m.mediaType).toBe(DOCKER_V2S2);
      const child = await getManifest(registry, 'buildx/app', m.digest);
      expect(child.mediaType).toBe(DOCKER_V2S2);
      const platform = `${m.platform.os}/${m.platform.architecture}`;
      expect((child.json.config as { digest: string }).digest).toBe(
        img.configDigests.get(platform),
      );
    }

    // attestations: left out of the list, reported, pushed byte for byte, attached
    const reported = r.json.attestations ?? [];
    expect(reported).toHaveLength(2);
    for (const platform of PLATFORMS) {
      const digest = img.attestations.get(platform)!;
      const v2s2 = list.manifests.find(
        (m) => `${m.platform.os}/${m.platform.architecture}` === platform,
      )!.digest;
      expect(reported).toContainEqual(
        expect.objectContaining({
          digest,
          platform_of: platform,
          type: SLSA_PROVENANCE,
          pushed: true,
          subject: v2s2,
          referrers_tag: `sha256-${v2s2.slice(7)}`,
        }),
      );
      const stored = await getManifest(registry, 'buildx/app', digest);
      expect(stored.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
      const layers = stored.json.layers as { mediaType: string; digest: string }[];
      expect(layers[0].mediaType).toBe(IN_TOTO);
      const blob = await fetch(`${registry.url}/v2/buildx/app/blobs/${layers[0].digest}`);
      expect(blob.status).toBe(200);
      expect(await blob.text()).toContain(SLSA_PROVENANCE);
      // the referrers tag schema: an OCI index at sha256-<hex of the v2s2 image>
      const referrers = await getManifest(registry, 'buildx/app', `sha256-${v2s2.slice(7)}`);
      expect(referrers.mediaType).toBe(OCI_INDEX);
      const entries = referrers.json.manifests as {
        digest: string;
        artifactType: string;
        annotations: Record<string, string>;
      }[];
      expect(entries).toEqual([
        expect.objectContaining({
          digest,
          artifactType: 'application/vnd.docker.attestation.manifest.v1+json',
          annotations: expect.objectContaining({
            'vnd.docker.reference.type': 'attestation-manifest',
            'vnd.docker.reference.digest': img.manifestDigests.get(platform),
            'in-toto.io/predicate-type': SLSA_PROVENANCE,
          }) as unknown,
        }),
      ]);
    }
    const said = r.logger.lines.join('\n');
    for (const d of img.attestations.values()) expect(said).toContain(d);
    expect(said).toMatch(/left out of the v2s2 list/);

    // the same build again: nothing pushed, same digest
    const again = await push(img.archiveRef, repo);
    expect(again.json).toMatchObject({ pushed: false, digest: head.digest });
    expect((await headManifest(registry, 'buildx/app', 'build-1')).digest).toBe(head.digest);
  });

  test('--attestations drop: the list only, no attestation in the registry; another build onto the tag is refused (exit 3) and the tag is unchanged', async () => {
    const img = await writeBuildxArchive(await tmp.make(), { platforms: PLATFORMS });
    const repo = `${registry.host}/buildx/drop`;
    const r = await push(img.archiveRef, repo, { attestations: 'drop' });
    const head = await headManifest(registry, 'buildx/drop', 'build-1');
    expect(head.mediaType).toBe(DOCKER_LIST);
    expect(r.json.digest).toBe(head.digest);
    expect(r.json.attestations).toEqual(
      PLATFORMS.map((p) =>
        expect.objectContaining({ digest: img.attestations.get(p), platform_of: p, pushed: false }),
      ),
    );
    for (const d of img.attestations.values())
      expect((await headManifest(registry, 'buildx/drop', d)).status).toBe(404);

    const other = await writeBuildxArchive(await tmp.make(), { platforms: PLATFORMS });
    const err = await push(other.archiveRef, repo).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DigestpinError);
    expect((err as DigestpinError).exitCode).toBe(3);
    expect((await headManifest(registry, 'buildx/drop', 'build-1')).digest).toBe(head.digest);
  });

  test('the tag is written last: platform images, attestations, referrers tags and the list are stored by digest first; the per-platform tags are never sent', async () => {
    const proxy = await startFaultProxy(registry.url, []);
    try {
      const img = await writeBuildxArchive(await tmp.make(), { platforms: PLATFORMS });
      const r = await push(img.archiveRef, `${proxy.host}/buildx/order`);
      const puts = proxy.requests
        .filter((q) => q.method === 'PUT' && q.path.includes('/manifests/'))
        .map((q) => q.path.replace('/v2/buildx/order/manifests/', ''));
      expect(puts.at(-1)).toBe('build-1');
      expect(puts.filter((p) => p === 'build-1')).toHaveLength(1);
      expect(puts.some((p) => p.startsWith('digestpin-platform'))).toBe(false);
      const before = puts.slice(0, -1);
      for (const d of img.attestations.values()) expect(before).toContain(d);
      expect(before).toContain(r.json.digest);
      expect(before.filter((p) => p.startsWith('sha256-'))).toHaveLength(2);
      // 2 platform images + 2 attestations + the list by digest, 2 referrers tags, the tag
      expect(puts).toHaveLength(8);
    } finally {
      await proxy.stop();
    }
  });

  test('a registry that refuses an attestation manifest: exit 5 with a hint, and the tag is not written', async () => {
    const img = await writeBuildxArchive(await tmp.make(), { platforms: PLATFORMS });
    const [first] = [...img.attestations.values()];
    const proxy = await startFaultProxy(registry.url, [
      {
        method: 'PUT',
        path: new RegExp(`/manifests/${first}$`),
        fault: faults.status(400, { errorCode: 'MANIFEST_INVALID', message: 'no in-toto here' }),
      },
    ]);
    try {
      const err = await push(img.archiveRef, `${proxy.host}/buildx/refused`).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(DigestpinError);
      const e = err as DigestpinError;
      expect(e.exitCode).toBe(5);
      expect(e.message).toContain(first);
      expect(e.message).toContain('no in-toto here');
      expect(e.hint).toContain('--attestations drop');
      expect((await headManifest(registry, 'buildx/refused', 'build-1')).status).toBe(404);
    } finally {
      await proxy.stop();
    }
  });

  test('a referrers tag that already lists another referrer keeps it; ours is added once', async () => {
    const img = await writeBuildxArchive(await tmp.make(), { platforms: PLATFORMS });
    const repo = `${registry.host}/buildx/merge`;
    // the same build without attestations first: the v2s2 image digests are known
    const first = await push(img.archiveRef, repo, { attestations: 'drop', tag: 'b0' });
    const list = (await getManifest(registry, 'buildx/merge', first.json.digest))
      .json as unknown as ListDoc;
    const amd64 = list.manifests[0].digest;
    const tag = `sha256-${amd64.slice(7)}`;
    // another referrer (docker-registry checks that an index's entries exist: a real manifest)
    const other = { ...list.manifests[1], artifactType: 'application/example.signature' };
    const seeded = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [other] });
    const put = await fetch(`${registry.url}/v2/buildx/merge/manifests/${tag}`, {
      method: 'PUT',
      headers: { 'content-type': OCI_INDEX },
      body: seeded,
    });
    expect(put.status).toBe(201);
    for (const t of ['b1', 'b2']) await push(img.archiveRef, repo, { tag: t });
    const merged = (await getManifest(registry, 'buildx/merge', tag)).json.manifests as {
      digest: string;
    }[];
    expect(merged.map((m) => m.digest)).toEqual([
      other.digest,
      img.attestations.get('linux/amd64'),
    ]);
  });

  // No registry offers a conditional PUT (DESIGN.md): when both builds make their fresh check of the
  // tag before either writes it — a window of one round trip, which two pushes in one process
  // that finish together can hit — both succeed and the later write wins. Each round must keep the
  // rule where it can be kept; two successes in every one of three rounds mean it is not kept.
  test('two different builds racing for one tag: one wins, the other exit 3, the tag holds the winner', async () => {
    const rounds: number[] = [];
    for (let round = 0; round < 3; round++) {
      const repo = `${registry.host}/buildx/race-${round}`;
      const builds = await Promise.all(
        [1, 2].map(async () => writeBuildxArchive(await tmp.make(), { platforms: PLATFORMS })),
      );
      const results = await Promise.allSettled(builds.map((b) => push(b.archiveRef, repo)));
      const ok = results.filter((r) => r.status === 'fulfilled');
      for (const f of results.filter((r) => r.status === 'rejected')) {
        const reason = f.reason as DigestpinError;
        expect(['TAG_EXISTS', 'CONCURRENT_OVERWRITE']).toContain(reason.code);
        expect(reason.exitCode).toBe(3);
      }
      expect(ok.length).toBeGreaterThanOrEqual(1);
      const holds = (await headManifest(registry, `buildx/race-${round}`, 'build-1')).digest;
      expect(ok.map((r) => r.value.json.digest)).toContain(holds);
      rounds.push(ok.length);
      if (ok.length === 1) break;
    }
    expect(rounds[rounds.length - 1]).toBe(1);
  });

  test('an attestation over 4 MiB (a large SBOM) in an oci-archive is pushed too', async () => {
    const img = await writeBuildxArchive(await tmp.make(), {
      platforms: PLATFORMS,
      attestationSize: 5 * 1024 * 1024,
    });
    const r = await push(img.archiveRef, `${registry.host}/buildx/large`);
    expect(r.json.pushed).toBe(true);
    for (const d of img.attestations.values()) {
      const m = await getManifest(registry, 'buildx/large', d);
      const [layer] = m.json.layers as { digest: string; size: number }[];
      expect(layer.size).toBeGreaterThan(5 * 1024 * 1024);
      const blob = await fetch(`${registry.url}/v2/buildx/large/blobs/${layer.digest}`, {
        method: 'HEAD',
      });
      expect(blob.status).toBe(200);
    }
  });

  test('a registry that answers the referrers API: a warning says that API will not list the attestations (they are still pushed and tagged)', async () => {
    const proxy = await startFaultProxy(registry.url, [
      {
        method: 'GET',
        path: /\/referrers\/sha256:/,
        fault: faults.status(200, {
          errorCode: null,
          headers: { 'Content-Type': OCI_INDEX },
        }),
      },
    ]);
    try {
      const img = await writeBuildxArchive(await tmp.make(), { platforms: PLATFORMS });
      const r = await push(img.archiveRef, `${proxy.host}/buildx/api`);
      expect(r.json.pushed).toBe(true);
      expect(r.logger.lines.filter((l) => l.includes('referrers API'))).toEqual([
        expect.stringMatching(/^warning: .* answers the OCI referrers API/),
      ]);
      // docker-registry itself has no such API: no warning there
      const plain = await push(img.archiveRef, `${registry.host}/buildx/api`, { tag: 'b2' });
      expect(plain.logger.lines.join('\n')).not.toContain('referrers API');
    } finally {
      await proxy.stop();
    }
  });

  test('an oci: layout source (with arm/v7: a variant) is pushed the same way', async () => {
    const dir = await tmp.make();
    const platforms = ['linux/amd64', 'linux/arm/v7'];
    const img = await writeBuildxImage(dir, { platforms, tag: 'ci' });
    const r = await push(`oci:${dir}:ci`, `${registry.host}/buildx/layout`);
    const list = (await getManifest(registry, 'buildx/layout', r.json.digest))
      .json as unknown as ListDoc;
    expect(list.mediaType).toBe(DOCKER_LIST);
    expect(list.manifests.map((m) => m.platform)).toEqual([
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm', variant: 'v7' },
    ]);
    for (const [i, p] of platforms.entries()) {
      const child = await getManifest(registry, 'buildx/layout', list.manifests[i].digest);
      expect((child.json.config as { digest: string }).digest).toBe(img.configDigests.get(p));
    }
    expect(r.json.attestations?.map((a) => a.platform_of)).toEqual(platforms);
  });

  test('a docker:// source holding a buildx index: the same v2s2 list, attestations copied to the destination; a re-run is a no-op', async () => {
    const img = await writeBuildxArchive(await tmp.make(), { platforms: PLATFORMS });
    // the buildx index as build-push-action's push: true leaves it in a registry
    await push(img.archiveRef, `${registry.host}/staging/app`, { format: 'oci', tag: 'ci' });
    const source = `docker://${registry.host}/staging/app:ci`;
    const repo = `${registry.host}/release/app`;
    const r = await push(source, repo);
    const head = await headManifest(registry, 'release/app', 'build-1');
    expect(head.mediaType).toBe(DOCKER_LIST);
    expect(r.json).toMatchObject({ pushed: true, digest: head.digest });
    const list = (await getManifest(registry, 'release/app', head.digest!))
      .json as unknown as ListDoc;
    for (const m of list.manifests) {
      const child = await getManifest(registry, 'release/app', m.digest);
      expect(child.mediaType).toBe(DOCKER_V2S2);
      const p = `${m.platform.os}/${m.platform.architecture}`;
      expect((child.json.config as { digest: string }).digest).toBe(img.configDigests.get(p));
      const referrers = await getManifest(registry, 'release/app', `sha256-${m.digest.slice(7)}`);
      expect((referrers.json.manifests as { digest: string }[]).map((e) => e.digest)).toEqual([
        img.attestations.get(p),
      ]);
    }
    for (const d of img.attestations.values())
      expect((await headManifest(registry, 'release/app', d)).status).toBe(200);
    const again = await push(source, repo);
    expect(again.json).toMatchObject({ pushed: false, digest: head.digest });
  });

  test('--dry-run: names the attestations it would leave out, pushes nothing', async () => {
    const img = await writeBuildxArchive(await tmp.make(), { platforms: PLATFORMS });
    const r = await push(img.archiveRef, `${registry.host}/buildx/dry`, { dryRun: true });
    expect(r.json).toMatchObject({ pushed: false, digest: '' });
    expect(r.json.attestations?.map((a) => [a.digest, a.pushed])).toEqual(
      PLATFORMS.map((p) => [img.attestations.get(p), false]),
    );
    expect(r.logger.lines.join('\n')).toContain('would leave out of the v2s2 list');
    for (const ref of ['build-1', ...img.attestations.values()])
      expect((await headManifest(registry, 'buildx/dry', ref)).status).toBe(404);
  });

  test('a registry that asks for credentials: the attestations, referrers tags and list are written with them', async () => {
    const auth = await startRegistry({ auth: { username: 'ci', password: 'att-pass' } });
    try {
      const dir = await tmp.make();
      const img = await writeBuildxArchive(dir, { platforms: PLATFORMS });
      const authfile = await writeAuthFile(dir, auth);
      const r = await push(img.archiveRef, `${auth.host}/buildx/auth`, { authfile });
      expect(r.json.pushed).toBe(true);
      expect((await headManifest(auth, 'buildx/auth', 'build-1')).digest).toBe(r.json.digest);
      for (const a of r.json.attestations ?? []) {
        expect((await headManifest(auth, 'buildx/auth', a.digest)).status).toBe(200);
        expect((await headManifest(auth, 'buildx/auth', a.referrers_tag!)).status).toBe(200);
      }
      expect(r.logger.lines.join('\n')).not.toContain('att-pass');
    } finally {
      await auth.stop();
    }
  });

  test('--format oci --all keeps the index as it is, attestations included', async () => {
    const img = await writeBuildxArchive(await tmp.make(), { platforms: PLATFORMS });
    const r = await push(img.archiveRef, `${registry.host}/buildx/oci`, { format: 'oci' });
    const head = await headManifest(registry, 'buildx/oci', 'build-1');
    expect(head.mediaType).toBe(OCI_INDEX);
    expect(r.json.digest).toBe(head.digest);
    expect(head.digest).toBe(img.indexDigest);
    const index = (await getManifest(registry, 'buildx/oci', head.digest!)).json;
    expect((index.manifests as { digest: string }[]).map((m) => m.digest)).toEqual(
      expect.arrayContaining([...img.attestations.values()]),
    );
    expect(r.json.attestations).toBeUndefined();
  });

  test('built CLI --json: attestations in the document, left-out line on stderr; --attestations with a bad value is exit 2', async () => {
    const img = await writeBuildxArchive(await tmp.make(), { platforms: PLATFORMS });
    const repo = `${registry.host}/buildx/cli`;
    const ok = await runCli(['push', img.archiveRef, repo, '--all', '--tag', 'c1', '--json'], {
      env,
      extendEnv: false,
    });
    expect(ok.exitCode).toBe(0);
    const doc = ok.json<{ digest: string; attestations: { digest: string }[] }>();
    expect(doc.digest).toBe((await headManifest(registry, 'buildx/cli', 'c1')).digest);
    expect(doc.attestations.map((a) => a.digest).sort()).toEqual(
      [...img.attestations.values()].sort(),
    );
    expect(ok.stderr).toContain('left out of the v2s2 list');

    // pinned into a manifest and verified on the registry
    const dir = await tmp.make();
    const deploy = `apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  containers:\n    - name: app\n      image: ${repo}:old\n`;
    await writeFile(path.join(dir, 'pod.yaml'), deploy);
    const pinned = await runCli(
      ['push', img.archiveRef, repo, '--all', '--tag', 'c3', '--manifests', 'pod.yaml', '--json'],
      { env, extendEnv: false, cwd: dir },
    );
    expect(pinned.exitCode).toBe(0);
    const ref = pinned.json<{ ref: string }>().ref;
    expect(ref).toBe(`${repo}:c3@${doc.digest}`); // same build: same list digest as c1
    expect(await readFile(path.join(dir, 'pod.yaml'), 'utf8')).toBe(
      deploy.replace(`${repo}:old`, ref),
    );
    const verified = await runCli(['verify', 'pod.yaml', '--json'], {
      env,
      extendEnv: false,
      cwd: dir,
    });
    expect(verified.exitCode).toBe(0);
    expect(verified.json<{ images: { status: string }[] }>().images).toEqual([
      expect.objectContaining({ status: 'ok' }),
    ]);
    const bad = await runCli(
      ['push', img.archiveRef, repo, '--all', '--tag', 'c2', '--attestations', 'maybe'],
      { env, extendEnv: false },
    );
    expect(bad.exitCode).toBe(2);
    expect((await headManifest(registry, 'buildx/cli', 'c2')).status).toBe(404);
  });

  test('the action (node dist/index.js, all-platforms): digest output is the list, the job summary lists the attestations left out', async () => {
    const img = await writeBuildxArchive(await tmp.make(), { platforms: PLATFORMS });
    const files = await runnerFiles();
    try {
      const work = await tmp.make();
      const repository = `${registry.host}/buildx/action`;
      const result = await execa(process.execPath, [path.join(repoRoot, 'dist', 'index.js')], {
        cwd: work,
        env: {
          PATH: process.env.PATH,
          HOME: work,
          ...(await githubEnv(files, {
            name: 'push',
            payload: {},
            repository: 'acme/shop',
            apiUrl: 'http://127.0.0.1:1',
          })),
          ...inputEnv({ source: img.archiveRef, repository, 'all-platforms': 'true' }),
        },
        extendEnv: false,
        reject: false,
        timeout: 120_000,
      });
      expect(result.exitCode).toBe(0);
      const outputs = await readOutputs(files);
      const head = await headManifest(registry, 'buildx/action', outputs.tag);
      expect(head.mediaType).toBe(DOCKER_LIST);
      expect(outputs.digest).toBe(head.digest);
      const summary = await readFile(files.summaryFile, 'utf8');
      expect(summary).toContain('Attestations left out of the v2s2 list &#40;2&#41;');
      for (const d of img.attestations.values()) expect(summary).toContain(d.slice(7));
    } finally {
      await files.cleanup();
    }
  });

  withContainerd(
    'containerd pulls the pinned v2s2 list for linux/amd64 and, with --platform linux/arm64, the arm64 image',
    async () => {
      if ('unavailable' in containerd) throw new Error(containerd.unavailable);
      const started = containerd;
      const img = await writeBuildxArchive(await tmp.make(), { platforms: PLATFORMS });
      const repo = `${registry.host}/buildx/pull`;
      const r = await push(img.archiveRef, repo);
      const list = (await getManifest(registry, 'buildx/pull', r.json.digest))
        .json as unknown as ListDoc;
      const digestOf = (p: string) =>
        list.manifests.find((m) => `${m.platform.os}/${m.platform.architecture}` === p)!.digest;
      const pulled: Record<string, string> = {};
      for (const platform of PLATFORMS) {
        const args = ['images', 'pull', '--plain-http', '--snapshotter', 'native'];
        if (platform !== 'linux/amd64' || process.arch !== 'x64') args.push('--platform', platform);
        // not there before this pull (the amd64 pull fetches no arm64 manifest, and back)
        expect(await started.ctr(['content', 'ls', '-q'])).not.toContain(digestOf(platform));
        await started.ctr([...args, r.json.image]);
        // the platform image and its layer are in containerd's content store now
        const content = await started.ctr(['content', 'ls', '-q']);
        expect(content).toContain(digestOf(platform));
        const child = await getManifest(registry, 'buildx/pull', digestOf(platform));
        for (const l of child.json.layers as { digest: string }[])
          expect(content).toContain(l.digest);
        pulled[platform] = digestOf(platform);
      }
      const images = await started.ctr(['images', 'ls']);
      expect(images).toContain(r.json.digest);
      console.log(
        `containerd pulled ${r.json.image} (v2s2 list): ${Object.entries(pulled)
          .map(([p, d]) => `${p} ${d}`)
          .join(', ')}`,
      );
    },
  );
});
