// verify of 200 distinct pinned images (40 repositories × 5, in 20 manifest files) in a loopback
// docker-registry, side by side with a shell loop of `skopeo inspect --raw` over the same 200
// references (the cheapest skopeo existence check, REGISTRY-FACTS §2). Prints both wall times
// (median of N runs) and the ratio; the target is ≥ 15×.
// Usage: npm run build && node bench/verify.mjs [runs=3] [images=200]
import './env.mjs'; // first: the environment the tools run in
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './startup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 3);
const count = Number(process.argv[3] ?? 200);
const PER_REPO = 5;
const PER_FILE = 10;
/** One-way delay of the "remote registry" row (0 leaves the row out): BENCH_ONE_WAY_MS. */
const ONE_WAY_MS = Number(process.env.BENCH_ONE_WAY_MS ?? 5);

const sha256 = (b) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export async function startRegistry(dir) {
  const port = await freePort();
  const config = path.join(dir, 'config.yml');
  await writeFile(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${JSON.stringify(path.join(dir, 'storage'))}`,
      'http:',
      `  addr: 127.0.0.1:${port}`,
      `  secret: ${randomBytes(16).toString('hex')}`,
      '',
    ].join('\n'),
  );
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`${url}/v2/`);
      await res.arrayBuffer();
      if (res.ok) return { child, url, host: `127.0.0.1:${port}` };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('docker-registry did not start');
}

async function check(res, what) {
  const body = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${body}`);
}

async function putBlob(url, repo, bytes) {
  const digest = sha256(bytes);
  const start = await fetch(`${url}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  await check(start, `blob upload start in ${repo}`);
  const location = new URL(start.headers.get('location'), url);
  location.searchParams.set('digest', digest);
  const res = await fetch(location, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: bytes,
  });
  await check(res, `blob upload to ${repo}`);
  return { digest, size: bytes.length };
}

/** Seeds `n` distinct v2s2 images: one shared small layer, a distinct config each. */
export async function seed(url, host, n = count) {
  const layer = randomBytes(1024);
  const refs = [];
  for (let r = 0; r * PER_REPO < n; r++) {
    const repo = `bench/r${r}`;
    const l = await putBlob(url, repo, layer);
    for (let i = 0; i < PER_REPO && refs.length < n; i++) {
      const config = Buffer.from(
        JSON.stringify({
          architecture: 'amd64',
          os: 'linux',
          config: { Labels: { n: `${r}-${i}` } },
          rootfs: { type: 'layers', diff_ids: [sha256(layer)] },
        }),
      );
      const c = await putBlob(url, repo, config);
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
          config: { mediaType: 'application/vnd.docker.container.image.v1+json', ...c },
          layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', ...l }],
        }),
      );
      const res = await fetch(`${url}/v2/${repo}/manifests/t${i}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/vnd.docker.distribution.manifest.v2+json' },
        body: manifest,
      });
      await check(res, `manifest ${repo}:t${i}`);
      refs.push(`${host}/${repo}:t${i}@${sha256(manifest)}`);
    }
  }
  return refs;
}

async function writeManifests(dir, refs) {
  for (let f = 0; f * PER_FILE < refs.length; f++) {
    const images = refs.slice(f * PER_FILE, (f + 1) * PER_FILE);
    const containers = images.map((image, i) => `        - name: c${i}\n          image: ${image}`);
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: app${f}`,
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      ...containers,
      '',
    ].join('\n');
    await writeFile(path.join(dir, `deploy${f}.yaml`), text);
  }
}

/**
 * A TCP proxy that delays every chunk by `oneWayMs` in each direction: a registry `2 × oneWayMs`
 * away, as a remote one is. Constant delays keep the byte order. It runs in a child process: the
 * timed runs use spawnSync, which would stall a proxy in this one.
 */
const DELAY_PROXY = `
const { connect, createServer } = require('node:net');
const [host, port] = process.argv[1].split(':');
const oneWayMs = Number(process.argv[2]);
const server = createServer((client) => {
  const upstream = connect(Number(port), host);
  const relay = (from, to) => {
    from.on('data', (chunk) => setTimeout(() => to.destroyed || to.write(chunk), oneWayMs));
    from.on('end', () => setTimeout(() => to.end(), oneWayMs));
    from.on('error', () => to.destroy());
  };
  relay(client, upstream);
  relay(upstream, client);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/**
 * A stand-in registry that answers every manifest HEAD by digest at once (200, that digest): what
 * verify costs on its own, with the registry's work taken out. Also in a child process.
 */
const INSTANT_REGISTRY = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  const m = /\\/manifests\\/(sha256:[0-9a-f]{64})$/.exec(req.url);
  res.writeHead(m ? 200 : 404, {
    'content-length': m ? 528 : 0,
    ...(m && {
      'docker-content-digest': m[1],
      'content-type': 'application/vnd.docker.distribution.manifest.v2+json',
    }),
  });
  res.end();
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/** Runs one of the helper servers above in a child process; resolves with it and its host. */
async function startHelper(script, ...args) {
  const child = spawn(process.execPath, ['-e', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(Number(String(d).trim())));
    child.once('exit', (code) => reject(new Error(`helper server exited ${code}`)));
  });
  return { child, host: `127.0.0.1:${port}` };
}

function startDelayProxy(target, oneWayMs) {
  return startHelper(DELAY_PROXY, target, String(oneWayMs));
}

/** CPU time (user + system) the registry process has used so far, in ms (Linux /proc). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function timed(cmd, args, opts) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { ...opts, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

export async function benchVerify() {
  const dir = await mkdtemp(path.join(tmpdir(), 'digestpin-bench-verify-'));
  const registry = await startRegistry(dir);
  try {
    const refs = await seed(registry.url, registry.host);
    const manifests = path.join(dir, 'manifests');
    await mkdir(manifests);
    await writeManifests(manifests, refs);
    const refsFile = path.join(dir, 'refs.txt');
    // skopeo 1.9.3 refuses tag+digest references; the digest alone names the same manifest.
    const byDigest = refs.map((r) => `docker://${r.replace(/:t\d+@/, '@')}`);
    await writeFile(refsFile, `${byDigest.join('\n')}\n`);
    const env = { ...process.env, HOME: dir, REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '' };
    const cli = path.join(root, 'dist', 'cli.js');

    // One warm-up each (page cache, registry's first-request costs), then the measured runs.
    const verify = () =>
      timed(process.execPath, [cli, 'verify', '--json', manifests], { env, cwd: dir });
    const loop = () =>
      timed(
        'bash',
        [
          '-c',
          'while read -r ref; do skopeo inspect --raw --tls-verify=false "$ref" >/dev/null || exit 1; done < "$1"',
          'loop',
          refsFile,
        ],
        { env, cwd: dir },
      );
    const first = JSON.parse(verify().stdout);
    const ok = first.images.filter((i) => i.status === 'ok').length;
    if (ok !== refs.length) throw new Error(`verify saw ${ok} ok of ${refs.length}`);
    loop();
    const v = [];
    const s = [];
    const registryCpu = [];
    const startup = [];
    for (let i = 0; i < runs; i++) {
      const before = cpuMs(registry.child.pid);
      v.push(verify().ms);
      registryCpu.push(cpuMs(registry.child.pid) - before);
      s.push(loop().ms);
      startup.push(timed(process.execPath, [cli, '--version'], { env }).ms);
    }
    // The same 200 images behind 10 ms of round-trip time, as a registry in another region is:
    // pipelined (the default) next to one request at a time per connection (DIGESTPIN_PIPELINE=0)
    // and the skopeo loop.
    // verify's own part: the same manifests against a registry that answers at once
    const instant = await startHelper(INSTANT_REGISTRY);
    let own;
    try {
      const stub = path.join(dir, 'stub');
      await mkdir(stub);
      await writeManifests(
        stub,
        refs.map((r) => r.replace(registry.host, instant.host)),
      );
      const ownRuns = [];
      for (let i = 0; i < runs; i++)
        ownRuns.push(
          timed(process.execPath, [cli, 'verify', '--json', stub], { env, cwd: dir }).ms,
        );
      own = median(ownRuns);
    } finally {
      instant.child.kill();
    }
    const latency = { rttMs: 2 * ONE_WAY_MS };
    if (ONE_WAY_MS > 0) {
      const proxy = await startDelayProxy(registry.host, ONE_WAY_MS);
      try {
        const far = path.join(dir, 'far');
        await mkdir(far);
        const farRefs = refs.map((r) => r.replace(registry.host, proxy.host));
        await writeManifests(far, farRefs);
        const farFile = path.join(dir, 'far.txt');
        await writeFile(
          farFile,
          `${farRefs.map((r) => `docker://${r.replace(/:t\d+@/, '@')}`).join('\n')}\n`,
        );
        const farVerify = (extra) =>
          timed(process.execPath, [cli, 'verify', '--json', far], {
            env: { ...env, ...extra },
            cwd: dir,
          });
        const lv = [];
        const lo = [];
        for (let i = 0; i < runs; i++) {
          lv.push(farVerify({}).ms);
          lo.push(farVerify({ DIGESTPIN_PIPELINE: '0' }).ms);
        }
        latency.verify = median(lv);
        latency.oneByOne = median(lo);
        latency.skopeo = timed(
          'bash',
          [
            '-c',
            'while read -r ref; do skopeo inspect --raw --tls-verify=false "$ref" >/dev/null || exit 1; done < "$1"',
            'loop',
            farFile,
          ],
          { env, cwd: dir },
        ).ms;
      } finally {
        proxy.child.kill();
      }
    }
    return {
      images: refs.length,
      runs,
      verify: median(v),
      skopeo: median(s),
      registryCpu: median(registryCpu),
      startup: median(startup),
      own,
      latency,
    };
  } finally {
    registry.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_HOLD) {
  // Debugging aid: seed, print the manifests folder, keep the registry up for BENCH_HOLD seconds.
  const dir = await mkdtemp(path.join(tmpdir(), 'digestpin-bench-verify-'));
  const registry = await startRegistry(dir);
  const refs = await seed(registry.url, registry.host);
  await mkdir(path.join(dir, 'manifests'));
  await writeManifests(path.join(dir, 'manifests'), refs);
  console.log(path.join(dir, 'manifests'));
  await new Promise((r) => setTimeout(r, Number(process.env.BENCH_HOLD) * 1000));
  registry.child.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await benchVerify();
  const ratio = r.skopeo / r.verify;
  console.log(`images                              ${r.images} distinct, pinned in manifests`);
  console.log(
    `digestpin verify                    ${r.verify.toFixed(0)} ms (median of ${r.runs})`,
  );
  console.log(
    `skopeo inspect --raw loop           ${r.skopeo.toFixed(0)} ms (median of ${r.runs})`,
  );
  console.log(`ratio                               ${ratio.toFixed(1)}× (target ≥ 15×)`);
  console.log(`  floor: node dist/cli.js --version ${r.startup.toFixed(0)} ms`);
  console.log(
    `  verify against an instant stub     ${r.own.toFixed(0)} ms (digestpin's own part; ${(r.skopeo / r.own).toFixed(1)}× the loop)`,
  );
  console.log(
    `  registry CPU for one verify       ${r.registryCpu.toFixed(0)} ms (2 cores shared)`,
  );
  const l = r.latency;
  if (l.verify !== undefined) {
    console.log(`same images, registry ${l.rttMs} ms round trip away (a TCP delay proxy):`);
    console.log(
      `  digestpin verify (pipelined)      ${l.verify.toFixed(0)} ms (median of ${r.runs})`,
    );
    console.log(
      `  DIGESTPIN_PIPELINE=0 (8 at a time) ${l.oneByOne.toFixed(0)} ms (median of ${r.runs}), ${(l.oneByOne / l.verify).toFixed(1)}× slower`,
    );
    console.log(
      `  skopeo inspect --raw loop         ${l.skopeo.toFixed(0)} ms (one run), ratio ${(l.skopeo / l.verify).toFixed(1)}×`,
    );
  }
}
