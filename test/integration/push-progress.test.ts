/**
 * Progress of a push (issue 14): over a slow link (the fault proxy passes blob bytes on at
 * 512 KiB/s) to a registry that asks for credentials (every byte through the relay), the built
 * CLI (`npm run build` first) prints on stderr a first line with the blobs and their size, a line
 * at least every 5 s with the bytes sent, and one per uploaded blob; stdout stays one clean JSON
 * document; --quiet prints none of it.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { cliPath, repoRoot, runCli, tempDirs } from '../support/cli.js';
import { faults, startFaultProxy, type FaultProxy } from '../support/faults.js';
import { writeBuildxArchive } from '../support/buildx.js';
import { writeOciImage } from '../support/image.js';
import { authJson } from '../support/push.js';
import { startRegistry, type Registry } from '../support/registry.js';
import { tagHolds } from '../support/tag-check.js';
import { makeCertificate, remoteLooking } from '../support/tls.js';

const tmp = tempDirs('digestpin-progress-');
const AUTH = { username: 'ci', password: 'progress-secret' };
const LAYER = 6 * 1024 * 1024;
const PLATFORMS_TWO = ['linux/amd64', 'linux/arm64'];
let registry: Registry;
let proxy: FaultProxy;
let authfile: string;

beforeAll(async () => {
  registry = await startRegistry({ auth: AUTH });
  proxy = await startFaultProxy(registry.url, [
    { method: 'PATCH', path: /\/blobs\/uploads\//, fault: faults.throttle(512 * 1024) },
  ]);
  authfile = path.join(await tmp.make(), 'auth.json');
  await writeFile(authfile, authJson(proxy.host, AUTH.username, AUTH.password), { mode: 0o600 });
});
afterAll(async () => {
  await proxy.stop();
  await registry.stop();
  await tmp.cleanup();
});

/** Runs a push and notes when each stderr line arrived (ms after the start). */
async function push(repo: string, extra: string[], source?: string) {
  const image = source
    ? { ref: source }
    : await writeOciImage(await tmp.make(), { layers: [{ size: LAYER, random: true }] });
  const started = Date.now();
  const lines: { at: number; text: string }[] = [];
  const child = execa(
    process.execPath,
    [
      cliPath,
      'push',
      '--json',
      '--tag',
      't1',
      '--authfile',
      authfile,
      ...extra,
      image.ref,
      `${proxy.host}/${repo}`,
    ],
    {
      cwd: repoRoot,
      reject: false,
      timeout: 90_000,
      env: { REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '' },
    },
  );
  let pending = '';
  child.stderr?.on('data', (d: Buffer) => {
    pending += d.toString();
    let i;
    while ((i = pending.indexOf('\n')) >= 0) {
      lines.push({ at: Date.now() - started, text: pending.slice(0, i) });
      pending = pending.slice(i + 1);
    }
  });
  const r = await child;
  return { r, lines, ms: Date.now() - started };
}

describe('push progress', () => {
  test('a throttled push shows a first line, a line at least every 5 s and one per blob; stdout is one JSON document', async () => {
    const { r, lines, ms } = await push('progress/shown', []);
    expect({ exit: r.exitCode, stderr: r.stderr }).toMatchObject({ exit: 0 });
    expect(ms).toBeGreaterThan(10_000); // the link is slow enough for several lines
    const json = JSON.parse(String(r.stdout)) as { digest: string; pushed: boolean };
    expect(json.pushed).toBe(true);
    expect(await tagHolds(registry, 'progress/shown', 't1')).toEqual({
      state: 'complete',
      digest: json.digest,
    });
    expect(String(r.stdout)).not.toMatch(/pushing|sent |blob /);

    const first = lines.findIndex((l) => /^pushing /.test(l.text));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(lines[first].text).toMatch(/: 2 blobs, 6\.0 MiB$/);
    const progress = lines.filter((l) =>
      /^sent [\d.]+ [KMG]?i?B \/ 6\.0 MiB \(\d+%\), /.test(l.text),
    );
    expect(progress.length).toBeGreaterThanOrEqual(2);
    // from the first line to the last blob line, no silence longer than 5 s (plus scheduling slack)
    const shown = lines.slice(first).filter((l) => /^(pushing|sent|blob) /.test(l.text));
    const gaps = shown.slice(1).map((l, k) => l.at - shown[k].at);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5_750);
    expect(lines.filter((l) => /^blob [0-9a-f]{12} uploaded \(\d\/2\)$/.test(l.text))).toHaveLength(
      2,
    );
  }, 120_000);

  test('--quiet: no progress lines', async () => {
    const { r, lines } = await push('progress/quiet', ['--quiet']);
    expect({ exit: r.exitCode, stderr: r.stderr }).toMatchObject({ exit: 0 });
    expect(JSON.parse(String(r.stdout))).toMatchObject({ pushed: true });
    expect(lines.filter((l) => /^(pushing|sent|blob) /.test(l.text))).toEqual([]);
  }, 120_000);
});

/** Blob lines of one push: the `(k/N)` of each, in order. */
function blobCounts(text: string[]): string[] {
  return text
    .map((l) => /^blob [0-9a-f]{12} (?:uploaded|already in the registry) \((\d+)\/(\d+)\)$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => `${m[1]}/${m[2]}`);
}

/** The progress lines of one push: one first line under `label`, blob counts 1..blobs. */
function expectOneProgress(text: string[], label: string, blobs: number) {
  expect(text.join('\n')).not.toMatch(/digestpin-platform/);
  expect(text.filter((l) => /^pushing /.test(l))).toEqual([
    expect.stringMatching(new RegExp(`^pushing ${label}: ${blobs} blobs?, `)),
  ]);
  expect(blobCounts(text)).toEqual(Array.from({ length: blobs }, (_, i) => `${i + 1}/${blobs}`));
}

describe('progress of a push made of several images (push --all of a buildx archive)', () => {
  // three platforms, each with a provenance attestation: 3 × (config + layer) + 3 × (config +
  // in-toto statement) = 12 distinct blobs
  const PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/s390x'];

  test('v2s2: one first line for the whole list, under the tag pushed; every platform image and attestation blob counted once; periodic lines all along, bytes never going back', async () => {
    // 3 × 1.5 MiB at 512 KiB/s: about 9 s, the last platforms well past the first 5 s
    const img = await writeBuildxArchive(await tmp.make(), {
      platforms: PLATFORMS,
      layerSize: 1536 * 1024,
    });
    const { r, lines } = await push('progress/list', ['--all'], img.archiveRef);
    expect({ exit: r.exitCode, stderr: r.stderr }).toMatchObject({ exit: 0 });
    expect(JSON.parse(String(r.stdout))).toMatchObject({ pushed: true });
    expectOneProgress(
      lines.map((l) => l.text),
      `${proxy.host}/progress/list:t1`,
      12,
    );
    const shown = lines.filter((l) => /^(pushing|sent|blob) /.test(l.text));
    const gaps = shown.slice(1).map((l, k) => l.at - shown[k].at);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5_750);
    const sent = lines
      .map((l) => /^sent ([\d.]+) (B|KiB|MiB) \//.exec(l.text))
      .filter((m) => m !== null)
      .map((m) => Number(m[1]) * { B: 1, KiB: 1024, MiB: 1024 * 1024 }[m[2] as 'B']);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    // the periodic line goes on once the first platform's copy (its config and layer) is done
    const text = lines.map((l) => l.text);
    const firstCopyDone = text.findIndex((l) => l.endsWith('(2/12)'));
    expect(text.findLastIndex((l) => l.startsWith('sent '))).toBeGreaterThan(firstCopyDone);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
  }, 120_000);

  test('a layer every platform image shares is counted once', async () => {
    const img = await writeBuildxArchive(await tmp.make(), {
      platforms: PLATFORMS,
      layerSize: 64 * 1024,
      sharedLayerSeed: `shared-${Date.now()}`,
    });
    const { r, lines } = await push('progress/shared', ['--all'], img.archiveRef);
    expect({ exit: r.exitCode, stderr: r.stderr }).toMatchObject({ exit: 0 });
    // 3 configs + 1 shared layer + 3 × 2 attestation blobs
    expectOneProgress(
      lines.map((l) => l.text),
      `${proxy.host}/progress/shared:t1`,
      10,
    );
  }, 120_000);

  test('--format oci: the attestation manifests skopeo copies with the index are in the count', async () => {
    const img = await writeBuildxArchive(await tmp.make(), {
      platforms: PLATFORMS,
      layerSize: 64 * 1024,
    });
    const { r, lines } = await push('progress/index', ['--all', '--format', 'oci'], img.archiveRef);
    expect({ exit: r.exitCode, stderr: r.stderr }).toMatchObject({ exit: 0 });
    expectOneProgress(
      lines.map((l) => l.text),
      `${proxy.host}/progress/index:t1`,
      12,
    );
  }, 120_000);
});

describe('every blob counted on every path to an HTTPS registry', () => {
  let tlsRegistry: Registry;
  let work: string;
  let cert: string;
  beforeAll(async () => {
    work = await tmp.make();
    const files = await makeCertificate(work, '0.0.0.0');
    cert = files.cert;
    tlsRegistry = await startRegistry({
      auth: AUTH,
      tls: { certificate: files.cert, key: files.key },
    });
  }, 30_000);
  afterAll(async () => {
    await tlsRegistry?.stop();
  });

  async function run(host: string, args: string[], env: NodeJS.ProcessEnv = {}) {
    const auth = path.join(work, `auth-${host.replace(/\W/g, '_')}.json`);
    await writeFile(auth, authJson(host, AUTH.username, AUTH.password), { mode: 0o600 });
    return runCli(['push', '--tag', 't1', '--authfile', auth, ...args], {
      env: { ...env, REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '' },
    });
  }

  test('uploads straight from skopeo to the registry (a verified certificate): each named once, a shared layer too', async () => {
    const host = remoteLooking(tlsRegistry.port);
    const img = await writeBuildxArchive(await tmp.make(), {
      platforms: PLATFORMS_TWO,
      layerSize: 64 * 1024,
      sharedLayerSeed: `direct-${Date.now()}`,
    });
    const r = await run(host, ['--all', img.archiveRef, `${host}/progress/direct`], {
      NODE_EXTRA_CA_CERTS: cert,
      DIGESTPIN_RELAY_BLOBS: '0', // straight uploads however small the image
    });
    expect({ exit: r.exitCode, stderr: r.stderr }).toMatchObject({ exit: 0 });
    // 2 configs + 1 shared layer + 2 × 2 attestation blobs
    expectOneProgress(r.stderr.split('\n'), `${host}/progress/direct:t1`, 7);
  }, 120_000);

  test('a loopback registry whose certificate is not verified (requests through the registry client)', async () => {
    const host = tlsRegistry.host;
    const image = await writeOciImage(await tmp.make(), {
      layers: [{ size: 64 * 1024, random: true }],
    });
    const r = await run(host, [image.ref, `${host}/progress/unverified`]);
    expect({ exit: r.exitCode, stderr: r.stderr }).toMatchObject({ exit: 0 });
    expectOneProgress(r.stderr.split('\n'), `${host}/progress/unverified:t1`, 2);
  }, 120_000);
});
