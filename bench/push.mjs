// Push overhead: `digestpin push` (built CLI: Node start-up, pre-check, relay, post-push HEAD)
// against a plain `skopeo copy --format v2s2` of the same kind of image to the same loopback
// registry, alternating in one run. Every run pushes FRESH random content (skopeo's blob-info
// cache would mount known blobs instead of uploading them). Targets (issue 8): 256 MiB ratio of
// medians <= 1.10; 1 MiB median difference <= 150 ms.
// Also times digestpin with every blob byte through the relay (DIGESTPIN_RELAY_BLOBS=1), the
// path HTTPS and authenticated registries take, and — on a machine that sets NODE_EXTRA_CA_CERTS,
// which bench/env.mjs takes out of every tool's environment — digestpin with it kept.
// Usage: npm run build && node bench/push.mjs [runs=15] [sizesMiB=256,1]
import { withMachineExtraCa } from './env.mjs'; // first: the environment the tools run in
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { median } from './startup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 15);
const sizes = (process.argv[3] ?? '256,1').split(',').map(Number);

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startRegistry(dir) {
  const port = await freePort();
  const config = path.join(dir, 'config.yml');
  fs.writeFileSync(
    config,
    `version: 0.1\nlog: {level: error}\nstorage: {filesystem: {rootdirectory: ${dir}/storage}}\nhttp: {addr: 127.0.0.1:${port}}\n`,
  );
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/v2/`)).ok)
        return { host: `127.0.0.1:${port}`, child };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error('docker-registry did not start');
}

// A one-layer OCI layout with fresh random content (gzip level 0: random data does not compress,
// and generating must not dominate the run).
function writeImage(dir, bytes) {
  const blobs = path.join(dir, 'blobs', 'sha256');
  fs.mkdirSync(blobs, { recursive: true });
  const put = (buf) => {
    const hex = crypto.createHash('sha256').update(buf).digest('hex');
    fs.writeFileSync(path.join(blobs, hex), buf);
    return { digest: `sha256:${hex}`, size: buf.length };
  };
  const header = Buffer.alloc(512);
  header.write('data.bin');
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${bytes.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('0', 156);
  header.write('ustar\x0000', 257);
  header.fill(' ', 148, 156);
  header.write(
    `${header
      .reduce((a, b) => a + b, 0)
      .toString(8)
      .padStart(6, '0')}\0 `,
    148,
  );
  const tar = Buffer.concat([
    header,
    crypto.randomBytes(bytes),
    Buffer.alloc((512 - (bytes % 512)) % 512),
    Buffer.alloc(1024),
  ]);
  const diffId = `sha256:${crypto.createHash('sha256').update(tar).digest('hex')}`;
  const layer = put(zlib.gzipSync(tar, { level: 0 }));
  const config = put(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: {},
        rootfs: { type: 'layers', diff_ids: [diffId] },
      }),
    ),
  );
  const manifest = put(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
      }),
    ),
  );
  fs.writeFileSync(path.join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  fs.writeFileSync(
    path.join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...manifest,
          annotations: { 'org.opencontainers.image.ref.name': 'bench' },
        },
      ],
    }),
  );
  return `oci:${dir}:bench`;
}

// Deterministic (mulberry32, fixed seed) so that two bench runs use the same orders.
let seed = 0x5eed;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function shuffled(xs) {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function timed(cmd, args, env = process.env) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'digestpin-bench-'));
const registry = await startRegistry(work);
const rows = [];
try {
  for (const mib of sizes) {
    const extraCaEnv = withMachineExtraCa();
    const times = { skopeo: [], digestpin: [], relayed: [], ...(extraCaEnv && { extra_ca: [] }) };
    const order = Object.keys(times);
    for (let i = 0; i < runs; i++) {
      // a fresh order every run: a rotation would have each tool always follow the same one
      // (and a run right after 256 MiB went through the relay starts on a busier machine)
      for (const tool of shuffled(order)) {
        const dir = fs.mkdtempSync(path.join(work, 'img-'));
        const src = writeImage(dir, mib * 1024 * 1024);
        const repo = `${registry.host}/bench/${tool}-${mib}-${i}`;
        // Flush the image just written and the registry's earlier writes, so that the kernel's
        // periodic writeback does not land in the middle of one tool's run and not the other's.
        spawnSync('sync');
        if (tool === 'skopeo')
          times.skopeo.push(
            timed('skopeo', [
              'copy',
              '--quiet',
              '--format',
              'v2s2',
              '--dest-tls-verify=false',
              src,
              `docker://${repo}:t`,
            ]),
          );
        else
          times[tool].push(
            timed(
              process.execPath,
              ['dist/cli.js', 'push', src, repo, '--tag', 't'],
              tool === 'relayed'
                ? { ...process.env, DIGESTPIN_RELAY_BLOBS: '1' }
                : tool === 'extra_ca'
                  ? extraCaEnv
                  : process.env,
            ),
          );
        fs.rmSync(dir, { recursive: true, force: true });
        // Every run pushes to a new repository: drop what the registry stored, so that runs do
        // not get slower as gigabytes accumulate (the registry recreates its folders on write).
        fs.rmSync(path.join(work, 'storage'), { recursive: true, force: true });
      }
    }
    const s = median(times.skopeo);
    const d = median(times.digestpin);
    const r = median(times.relayed);
    const e = extraCaEnv && median(times.extra_ca);
    rows.push({
      size: `${mib} MiB`,
      runs,
      skopeo_ms: Math.round(s),
      digestpin_ms: Math.round(d),
      ratio: +(d / s).toFixed(3),
      // the same runs paired round by round (each digestpin run over the skopeo run of its round):
      // less swayed by the machine drifting between rounds
      paired_ratio: +median(times.digestpin.map((x, k) => x / times.skopeo[k])).toFixed(3),
      diff_ms: Math.round(d - s),
      blobs_via_relay_ms: Math.round(r),
      relay_ratio: +(r / s).toFixed(3),
      relay_diff_ms: Math.round(r - s),
      ...(e && {
        extra_ca_ms: Math.round(e),
        extra_ca_ratio: +(e / s).toFixed(3),
        extra_ca_diff_ms: Math.round(e - s),
      }),
    });
    if (process.env.BENCH_VERBOSE)
      for (const [tool, xs] of Object.entries(times))
        console.log(`${mib} MiB ${tool}: ${xs.map((x) => Math.round(x)).join(' ')}`);
  }
} finally {
  registry.child.kill();
  fs.rmSync(work, { recursive: true, force: true });
}
console.table(rows);
console.log(
  `targets: 256 MiB ratio <= 1.10; 1 MiB diff <= 150 ms. load average: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  'digestpin: blob uploads go straight to a plain-HTTP registry without credentials (this bench);\n' +
    'blobs_via_relay: DIGESTPIN_RELAY_BLOBS=1, every byte through the relay (as for HTTPS or authenticated registries).',
);
if (withMachineExtraCa())
  console.log(
    "Tools run without this machine's NODE_EXTRA_CA_CERTS (bench/env.mjs says why); extra_ca: digestpin with it kept.",
  );
