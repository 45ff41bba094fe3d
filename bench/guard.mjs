// `digestpin guard` (is this tag free? exit 0, or 3 when it exists) against the same question
// asked with `skopeo inspect --raw` (exit 0 when the tag exists, 1 when it does not), both on a
// loopback docker-registry, alternating, N runs each. Target (issue 3): guard ≤ 150 ms median
// wall, Node start-up included. Usage: npm run build && node bench/guard.mjs [runs=10]
import './env.mjs'; // first: the environment the tools run in
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './startup.mjs';
import { seed, startRegistry } from './verify.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 10);

function timed(cmd, args, env, expected) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== expected)
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}, not ${expected}: ${r.stderr}`);
  return ms;
}

const dir = await mkdtemp(path.join(tmpdir(), 'digestpin-bench-guard-'));
const registry = await startRegistry(dir);
try {
  const [ref] = await seed(registry.url, registry.host, 1);
  const taken = ref.split('@')[0]; // host/bench/r0:t0
  const free = taken.replace(/:t0$/, ':free');
  const env = { ...process.env, HOME: dir, REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '' };
  const cli = path.join(root, 'dist', 'cli.js');
  const t = { guardFree: [], guardTaken: [], skopeoFree: [], skopeoTaken: [] };
  const skopeo = (name) => ['inspect', '--raw', '--tls-verify=false', `docker://${name}`];
  for (let i = 0; i <= runs; i++) {
    const row = [
      timed(process.execPath, [cli, 'guard', free], env, 0),
      timed(process.execPath, [cli, 'guard', taken], env, 3),
      timed('skopeo', skopeo(free), env, 1),
      timed('skopeo', skopeo(taken), env, 0),
    ];
    if (i === 0) continue; // warm-up
    t.guardFree.push(row[0]);
    t.guardTaken.push(row[1]);
    t.skopeoFree.push(row[2]);
    t.skopeoTaken.push(row[3]);
  }
  const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
  console.log(`medians of ${runs} runs, wall time including start-up`);
  console.log(
    `tag free:   digestpin guard ${m.guardFree.toFixed(0)} ms   skopeo inspect --raw ${m.skopeoFree.toFixed(0)} ms   ratio ${(m.guardFree / m.skopeoFree).toFixed(2)}×`,
  );
  console.log(
    `tag taken:  digestpin guard ${m.guardTaken.toFixed(0)} ms   skopeo inspect --raw ${m.skopeoTaken.toFixed(0)} ms   ratio ${(m.guardTaken / m.skopeoTaken).toFixed(2)}×`,
  );
  console.log('target: guard ≤ 150 ms median (tag free, the case a pipeline gate waits on)');
} finally {
  registry.child.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
}
