// verify's pipelined HEADs against the real docker-registry 2.8.2: the built CLI gives the same
// JSON with DIGESTPIN_PIPELINE=0 and without; through the fault proxy about one HEAD per image,
// and HEADs the pipeline got a 503 for are asked again one by one; htpasswd good and bad
// credentials. Images are pushed over the distribution API in-process (faster than skopeo).
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { VerifyResult } from '../../src/report/types.js';
import { runCli, tempDirs } from '../support/cli.js';
import { faults, startFaultProxy, type FaultProxy } from '../support/faults.js';
import { DOCKER_V2S2, writeAuthFile } from '../support/push.js';
import { startRegistry, type Registry } from '../support/registry.js';
import { startTrustedTlsFront } from '../support/tls.js';

const OCI = 'application/vnd.oci.image.manifest.v1+json';
const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const tmp = tempDirs();
let home: string;
const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  HOME: home,
  DIGESTPIN_RETRIES: '1',
  REGISTRY_AUTH_FILE: '',
  XDG_RUNTIME_DIR: '',
  ...extra,
});
beforeAll(async () => {
  home = await tmp.make();
});
afterAll(() => tmp.cleanup());

/** Pushes one small random image (config + one layer) over the API; returns its digest. */
async function pushImage(registry: Registry, repo: string, mediaType: string): Promise<string> {
  const headers: Record<string, string> = registry.authorization
    ? { Authorization: registry.authorization }
    : {};
  const blob = async (bytes: Buffer) => {
    const start = await fetch(`${registry.url}/v2/${repo}/blobs/uploads/`, {
      method: 'POST',
      headers,
    });
    expect(start.status).toBe(202);
    const url = new URL(start.headers.get('location') ?? '', registry.url);
    url.searchParams.set('digest', sha(bytes));
    const put = await fetch(url, { method: 'PUT', headers, body: bytes });
    expect(put.status).toBe(201);
    return { size: bytes.length, digest: sha(bytes) };
  };
  const oci = mediaType === OCI;
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: [] },
    }),
  );
  const layer = randomBytes(64);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      config: {
        mediaType: oci
          ? 'application/vnd.oci.image.config.v1+json'
          : 'application/vnd.docker.container.image.v1+json',
        ...(await blob(config)),
      },
      layers: [
        {
          mediaType: oci
            ? 'application/vnd.oci.image.layer.v1.tar+gzip'
            : 'application/vnd.docker.image.rootfs.diff.tar.gzip',
          ...(await blob(layer)),
        },
      ],
    }),
  );
  const res = await fetch(`${registry.url}/v2/${repo}/manifests/${sha(manifest)}`, {
    method: 'PUT',
    headers: { ...headers, 'Content-Type': mediaType },
    body: manifest,
  });
  expect(res.status).toBe(201);
  return sha(manifest);
}

/** 10 images pushed into 3 repositories (v2s2 and OCI), plus 3 pinned digests nobody pushed. */
async function pushAll(registry: Registry): Promise<string[]> {
  const refs: string[] = [];
  for (let i = 0; i < 10; i++) {
    const repo = `team/app${i % 3}`;
    refs.push(`${repo}@${await pushImage(registry, repo, i % 4 === 1 ? OCI : DOCKER_V2S2)}`);
  }
  for (let i = 0; i < 3; i++) refs.splice(3 * i + 2, 0, `team/app${i}@sha256:${`${i}`.repeat(64)}`);
  return refs;
}

/** One Deployment listing every image on `host`; returns its folder. */
async function deployment(host: string, refs: string[]): Promise<string> {
  const dir = await tmp.make();
  const containers = refs.map((r, i) => `        - name: c${i}\n          image: ${host}/${r}`);
  const head = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: many', 'spec:'];
  const body = ['  template:', '    spec:', '      containers:', ...containers, ''];
  await writeFile(path.join(dir, 'deploy.yaml'), [...head, ...body].join('\n'));
  return dir;
}

const statuses = (refs: string[], ok = 'ok') =>
  refs.map((r) => (/@sha256:(\d)\1{63}$/.test(r) ? 'missing' : ok));

async function verify(cwd: string, extra: NodeJS.ProcessEnv = {}, args: string[] = []) {
  const r = await runCli(['verify', '--json', ...args, '.'], { cwd, env: env(extra) });
  return { exitCode: r.exitCode, json: r.json<VerifyResult>() };
}

describe('plain registry', () => {
  let registry: Registry;
  let refs: string[];
  beforeAll(async () => {
    registry = await startRegistry();
    refs = await pushAll(registry);
  });
  afterAll(() => registry.stop());

  test('same JSON with DIGESTPIN_PIPELINE=0 and without', async () => {
    const cwd = await deployment(registry.host, refs);
    const piped = await verify(cwd);
    const single = await verify(cwd, { DIGESTPIN_PIPELINE: '0' });
    expect(refs).toHaveLength(13);
    expect(piped).toEqual(single);
    expect(piped.exitCode).toBe(6);
    expect(piped.json.images.map((i) => i.status)).toEqual(statuses(refs));
    expect(piped.json.images.map((i) => i.image)).toEqual(refs.map((r) => `${registry.host}/${r}`));
  });

  describe('through the fault proxy', () => {
    let proxy: FaultProxy;
    beforeAll(async () => {
      proxy = await startFaultProxy(registry.url);
    });
    afterAll(() => proxy.stop());
    const manifestHeads = () =>
      proxy.requests.filter((r) => r.method === 'HEAD' && r.path.includes('/manifests/'));

    test('one HEAD per present image, two per absent one; none without the pipeline either', async () => {
      const cwd = await deployment(proxy.host, refs);
      proxy.requests.length = 0;
      const piped = await verify(cwd);
      expect(piped.json.images.map((i) => i.status)).toEqual(statuses(refs));
      // the absent ones: a 404 in the pipeline, then asked again one by one
      expect(manifestHeads()).toHaveLength(refs.length + 3);
      // besides them only the registry ping, sent while the files were still being read
      expect(
        proxy.requests.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.path}`),
      ).toEqual(['GET /v2/']);
      proxy.requests.length = 0;
      await verify(cwd, { DIGESTPIN_PIPELINE: '0' });
      expect(manifestHeads()).toHaveLength(refs.length);
    });

    test('over https with a trusted certificate (NODE_EXTRA_CA_CERTS): pipelined too', async () => {
      // TLS in front of the fault proxy: its request log still shows every HEAD
      const front = await startTrustedTlsFront(proxy.port, await tmp.make());
      try {
        const cwd = await deployment(front.host, refs);
        proxy.requests.length = 0;
        const r = await verify(cwd, { NODE_EXTRA_CA_CERTS: front.cert });
        expect(r.json.images.map((i) => i.status)).toEqual(statuses(refs));
        expect(manifestHeads()).toHaveLength(refs.length + 3);
      } finally {
        await front.stop();
      }
    });

    test('503s to a few pipelined HEADs: asked again one by one, all end ok', async () => {
      const cwd = await deployment(proxy.host, refs);
      const targets = [refs[4], refs[7], refs[12]];
      const escaped = targets.map((t) => t.split('@')[1]).join('|');
      proxy.setRules([
        {
          name: '503',
          method: 'HEAD',
          path: new RegExp(escaped),
          count: 3,
          fault: faults.status(503),
        },
      ]);
      proxy.requests.length = 0;
      try {
        const r = await verify(cwd);
        expect(r.json.images.map((i) => i.status)).toEqual(statuses(refs));
        expect(proxy.hits('503')).toBe(3);
        for (const t of targets)
          expect(manifestHeads().filter((h) => h.path.endsWith(t.split('@')[1]))).toHaveLength(2);
      } finally {
        proxy.setRules([]);
      }
    });
  });
});

describe('registry behind htpasswd', () => {
  let registry: Registry;
  let refs: string[];
  beforeAll(async () => {
    registry = await startRegistry({ auth: { username: 'ci', password: 'S3cret-pw' } });
    refs = await pushAll(registry);
  });
  afterAll(() => registry.stop());

  test('good credentials → the same JSON as one by one; bad ones → unauthorized, exit 4', async () => {
    const cwd = await deployment(registry.host, refs);
    const authfile = await writeAuthFile(await tmp.make(), registry);
    const piped = await verify(cwd, {}, ['--authfile', authfile]);
    expect(piped.json.images.map((i) => i.status)).toEqual(statuses(refs));
    expect(piped).toEqual(await verify(cwd, { DIGESTPIN_PIPELINE: '0' }, ['--authfile', authfile]));

    // through a proxy: the pipelined HEADs carry the credentials and confirm the present images
    const proxy = await startFaultProxy(registry.url);
    try {
      const login = Buffer.from('ci:S3cret-pw').toString('base64');
      const proxied = path.join(await tmp.make(), 'proxied.json');
      await writeFile(proxied, JSON.stringify({ auths: { [proxy.host]: { auth: login } } }));
      const via = await verify(await deployment(proxy.host, refs), {}, ['--authfile', proxied]);
      expect(via.json.images.map((i) => i.status)).toEqual(statuses(refs));
      const heads = proxy.requests.filter((r) => r.method === 'HEAD');
      // the ping (sent while the files were read) learns the challenge (401): every HEAD then
      // carries the credentials from the start, one per image (and again for the absent ones)
      expect(proxy.requests[0]).toMatchObject({ method: 'GET', path: '/v2/' });
      expect(proxy.requests[0].headers.authorization).toBeUndefined();
      expect(heads).toHaveLength(refs.length + 3);
      expect(heads.every((h) => h.headers.authorization === `Basic ${login}`)).toBe(true);
    } finally {
      await proxy.stop();
    }

    const bad = path.join(await tmp.make(), 'bad.json');
    const auth = Buffer.from('ci:wrong').toString('base64');
    await writeFile(bad, JSON.stringify({ auths: { [registry.host]: { auth } } }));
    const denied = await verify(cwd, {}, ['--authfile', bad]);
    expect(denied.exitCode).toBe(4);
    expect(denied.json.images.map((i) => i.status)).toEqual(refs.map(() => 'unauthorized'));
    expect(denied).toEqual(await verify(cwd, { DIGESTPIN_PIPELINE: '0' }, ['--authfile', bad]));
  });
});
