// Push overhead: `digestpin push` (the built CLI: Node start-up, tag check, relay, post-push HEAD)
// against a plain `skopeo copy --format v2s2` of the same kind of image, alternating in one run, on
// the path real registries take — HTTPS (a generated certificate, verified by both tools) with
// htpasswd credentials, where skopeo sends the blob bytes of an image over 16 MiB straight to the
// registry and digestpin's relay keeps the manifests and the tag (also timed with every blob byte
// through the relay, DIGESTPIN_RELAY_BLOBS=1: the path of --insecure, loopback registries and
// small images) — on loopback and 20 ms away (bench/far-proxy.mjs), and on a plain-HTTP loopback
// registry without credentials (blob bytes go straight to it). Every run pushes FRESH random
// content (skopeo's blob-info cache would mount known blobs instead of uploading them). Figures
// are ratios against tools run in the same process tree and environment, and the machine's
// `node -e 0` time in the same run, so that machines can be compared.
// Targets (issue 14): HTTPS+auth 256 MiB ratio <= 1.10 (aim 1.05); 1 MiB overhead <= 2.5 × node -e 0.
// Where the machine sets NODE_EXTRA_CA_CERTS (bench/env.mjs takes it out of every tool's
// environment), digestpin is also timed with it kept (extra_ca).
// Usage: npm run build && node bench/push.mjs [runs=9] [sizesMiB=256,1]
import { withMachineExtraCa } from './env.mjs'; // first: the environment the tools run in
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { median } from './startup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 9);
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

function answers(url) {
  return new Promise((resolve) => {
    const req = https.get(url, { rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
  });
}

/**
 * docker-registry on a free port. `secure`: TLS with a generated certificate (valid for 0.0.0.0,
 * which reaches 127.0.0.1 but is not a loopback name, so both tools use and verify https) and
 * htpasswd credentials; returns the host the tools push to and what they need to get in.
 */
async function startRegistry(dir, secure) {
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const lines = [
    'version: 0.1',
    'log: {level: error}',
    `storage: {filesystem: {rootdirectory: ${dir}/storage}}`,
  ];
  let access = {};
  if (secure) {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'certs', 'ca.crt');
    fs.mkdirSync(path.dirname(cert));
    spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=digestpin-bench',
        '-addext',
        'subjectAltName=IP:0.0.0.0',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const user = 'bench';
    const password = crypto.randomBytes(12).toString('hex');
    const htpasswd = spawnSync('htpasswd', ['-niB', user], { input: password, encoding: 'utf8' });
    fs.writeFileSync(path.join(dir, 'htpasswd'), htpasswd.stdout);
    lines.push(`http: {addr: 127.0.0.1:${port}, tls: {certificate: ${cert}, key: ${key}}}`);
    lines.push(`auth: {htpasswd: {realm: bench, path: ${path.join(dir, 'htpasswd')}}}`);
    const host = `0.0.0.0:${port}`;
    const authfile = path.join(dir, 'auth.json');
    const auth = Buffer.from(`${user}:${password}`).toString('base64');
    fs.writeFileSync(authfile, JSON.stringify({ auths: { [host]: { auth } } }), { mode: 0o600 });
    access = { host, authfile, cert, certDir: path.dirname(cert) };
  } else {
    lines.push(`http: {addr: 127.0.0.1:${port}}`);
    access = { host: `127.0.0.1:${port}` };
  }
  const config = path.join(dir, 'config.yml');
  fs.writeFileSync(config, lines.join('\n') + '\n');
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = secure
      ? await answers(`https://127.0.0.1:${port}/v2/`)
      : await fetch(`http://127.0.0.1:${port}/v2/`).then(
          (r) => r.ok,
          () => false,
        );
    if (up) return { ...access, child, storage: path.join(dir, 'storage') };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error('docker-registry did not start');
}

/**
 * The registry as a CI runner sees one `rttMs` away: bench/far-proxy.mjs in its own process (the
 * bench waits in spawnSync while the tools run), in front of 127.0.0.1:`port`.
 */
async function farProxy(port, rttMs) {
  const child = spawn(
    process.execPath,
    [path.join(root, 'bench', 'far-proxy.mjs'), String(port), String(rttMs / 2)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const listening = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(Number(String(d).trim())));
    child.once('exit', (code) => reject(new Error(`far-proxy exited ${code}`)));
  });
  return { port: listening, close: () => child.kill() };
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
const registries = {
  https: await startRegistry(path.join(work, 'https'), true),
  http: await startRegistry(path.join(work, 'http'), false),
};
const secure = registries.https;
// the same registry 20 ms away (round trip), named 0.0.0.0:PORT like it: same certificate and
// credentials, under the far name too
const FAR_RTT_MS = 20;
const far = await farProxy(Number(secure.host.split(':')[1]), FAR_RTT_MS);
const farHost = `0.0.0.0:${far.port}`;
{
  const auth = JSON.parse(fs.readFileSync(secure.authfile, 'utf8'));
  auth.auths[farHost] = auth.auths[secure.host];
  fs.writeFileSync(secure.authfile, JSON.stringify(auth), { mode: 0o600 });
}
// the far one shares the https registry's process and storage
registries.far = { ...secure, host: farHost };
// digestpin trusts the bench's certificate through NODE_EXTRA_CA_CERTS, as a user with a private
// CA does; with extra_ca, the machine's own bundle comes first in the same file
const benchCaEnv = { ...process.env, NODE_EXTRA_CA_CERTS: secure.cert };
const machineEnv = withMachineExtraCa();
let extraCaEnv;
if (machineEnv) {
  const both = path.join(work, 'machine-and-bench-ca.pem');
  fs.writeFileSync(
    both,
    [fs.readFileSync(machineEnv.NODE_EXTRA_CA_CERTS), fs.readFileSync(secure.cert)].join('\n'),
  );
  extraCaEnv = { ...process.env, NODE_EXTRA_CA_CERTS: both };
}

function skopeoArgs(reg, src, repo) {
  const args = ['copy', '--quiet', '--format', 'v2s2'];
  if (reg.authfile) args.push('--dest-authfile', reg.authfile, '--dest-cert-dir', reg.certDir);
  else args.push('--dest-tls-verify=false');
  return [...args, src, `docker://${repo}:t`];
}
function digestpinArgs(reg, src, repo) {
  return [
    'dist/cli.js',
    'push',
    src,
    repo,
    '--tag',
    't',
    ...(reg.authfile ? ['--authfile', reg.authfile] : []),
  ];
}

const tools = {
  'skopeo https': (src, repo) => timed('skopeo', skopeoArgs(secure, src, repo)),
  'digestpin https': (src, repo) =>
    timed(process.execPath, digestpinArgs(secure, src, repo), benchCaEnv),
  'digestpin https relayed': (src, repo) =>
    timed(process.execPath, digestpinArgs(secure, src, repo), {
      ...benchCaEnv,
      DIGESTPIN_RELAY_BLOBS: '1',
    }),
  ...(extraCaEnv && {
    'digestpin https extra_ca': (src, repo) =>
      timed(process.execPath, digestpinArgs(secure, src, repo), extraCaEnv),
  }),
  'skopeo far': (src, repo) => timed('skopeo', skopeoArgs(registries.far, src, repo)),
  'digestpin far': (src, repo) =>
    timed(process.execPath, digestpinArgs(registries.far, src, repo), benchCaEnv),
  'digestpin far relayed': (src, repo) =>
    timed(process.execPath, digestpinArgs(registries.far, src, repo), {
      ...benchCaEnv,
      DIGESTPIN_RELAY_BLOBS: '1',
    }),
  'skopeo http': (src, repo) => timed('skopeo', skopeoArgs(registries.http, src, repo)),
  'digestpin http': (src, repo) =>
    timed(process.execPath, digestpinArgs(registries.http, src, repo)),
  'node -e 0': () => timed(process.execPath, ['-e', '0']),
};
const registryOf = (tool) =>
  tool.includes('far')
    ? registries.far
    : tool.includes('https')
      ? registries.https
      : registries.http;

const rows = [];
let floor = [];
try {
  for (const mib of sizes) {
    const times = Object.fromEntries(Object.keys(tools).map((t) => [t, []]));
    for (let i = 0; i < runs; i++) {
      // a fresh order every run: a rotation would have each tool always follow the same one
      for (const tool of shuffled(Object.keys(tools))) {
        if (tool === 'node -e 0') {
          times[tool].push(tools[tool]());
          continue;
        }
        const dir = fs.mkdtempSync(path.join(work, 'img-'));
        const src = writeImage(dir, mib * 1024 * 1024);
        const repo = `${registryOf(tool).host}/bench/${tool.replaceAll(' ', '-')}-${mib}-${i}`;
        // Flush the image just written and the registry's earlier writes, so that the kernel's
        // periodic writeback does not land in the middle of one tool's run and not the other's.
        spawnSync('sync');
        times[tool].push(tools[tool](src, repo));
        fs.rmSync(dir, { recursive: true, force: true });
        // Every run pushes to a new repository: drop what the registries stored, so that runs
        // do not get slower as gigabytes accumulate (the registry recreates its folders on write).
        for (const r of [registries.https, registries.http])
          fs.rmSync(r.storage, { recursive: true, force: true });
      }
    }
    floor = floor.concat(times['node -e 0']);
    const node0 = median(times['node -e 0']);
    const row = (label, d, s) => ({
      path: label,
      size: `${mib} MiB`,
      runs,
      skopeo_ms: Math.round(median(s)),
      digestpin_ms: Math.round(median(d)),
      ratio: +(median(d) / median(s)).toFixed(3),
      // each digestpin run over the skopeo run of its round: less swayed by the machine drifting
      paired_ratio: +median(d.map((x, k) => x / s[k])).toFixed(3),
      overhead_ms: Math.round(median(d) - median(s)),
      overhead_in_node_e0: +((median(d) - median(s)) / node0).toFixed(2),
    });
    rows.push(row('https+auth', times['digestpin https'], times['skopeo https']));
    if (extraCaEnv)
      rows.push(
        row('https+auth extra_ca', times['digestpin https extra_ca'], times['skopeo https']),
      );
    rows.push(
      row('https+auth, blobs via relay', times['digestpin https relayed'], times['skopeo https']),
    );
    rows.push(
      row(`https+auth, ${FAR_RTT_MS} ms away`, times['digestpin far'], times['skopeo far']),
    );
    rows.push(
      row(
        `https+auth, ${FAR_RTT_MS} ms away, blobs via relay`,
        times['digestpin far relayed'],
        times['skopeo far'],
      ),
    );
    rows.push(row('http, no auth', times['digestpin http'], times['skopeo http']));
    if (process.env.BENCH_VERBOSE)
      for (const [tool, xs] of Object.entries(times))
        console.log(`${mib} MiB ${tool}: ${xs.map((x) => Math.round(x)).join(' ')}`);
  }
} finally {
  far.close();
  for (const r of [registries.https, registries.http]) r.child.kill();
  fs.rmSync(work, { recursive: true, force: true });
}
console.table(rows);
console.log(
  `node -e 0 on this machine, same run: ${median(floor).toFixed(1)} ms (overhead_in_node_e0 = (digestpin - skopeo) / that). ` +
    `load average: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
console.log(
  'targets: https+auth 256 MiB ratio <= 1.10 (aim 1.05); 1 MiB overhead <= 2.5 × node -e 0.\n' +
    'https+auth: TLS verified by both tools, htpasswd credentials, blob bytes straight from skopeo to the registry\n' +
    '  (through the relay for an image of 16 MiB or less);\n' +
    'blobs via relay: the same with DIGESTPIN_RELAY_BLOBS=1 (the path of --insecure, loopback registries, small images);\n' +
    `${FAR_RTT_MS} ms away: the same HTTPS registry behind a relay that adds ${FAR_RTT_MS / 2} ms each way (latency, not bandwidth);\n` +
    'http, no auth: plain-HTTP loopback registry, blob bytes go straight to it.',
);
if (machineEnv)
  console.log(
    "Tools run without this machine's NODE_EXTRA_CA_CERTS (bench/env.mjs says why); extra_ca: digestpin with it kept.",
  );
