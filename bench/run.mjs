// `npm run bench`: every benchmark, one after the other in one run on this machine, each printing
// digestpin next to the alternative and the ratio. Needs `npm run build`, skopeo and docker-registry.
// Usage: node bench/run.mjs [only…]   e.g. `node bench/run.mjs pin startup`
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineExtraCa } from './env.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benches = [
  [
    'push',
    'push vs plain `skopeo copy`: HTTPS + htpasswd registry, and plain HTTP (fresh random content each run)',
  ],
  ['relay', "the push relay's byte path alone: its CPU time per 256 MiB, plain HTTP and HTTPS"],
  ['pin', 'pin vs sed and yq'],
  ['verify', 'verify vs a `skopeo inspect --raw` loop'],
  ['guard', 'guard vs `skopeo inspect --raw` of the tag'],
  ['startup', 'CLI start-up and dist size'],
];
const only = process.argv.slice(2);
const skopeo =
  spawnSync('skopeo', ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? 'skopeo missing';

console.log(`digestpin benchmarks — ${new Date().toISOString().slice(0, 10)}`);
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
    `${os.type()} ${os.release()}, node ${process.version}, ${skopeo}, load ${os.loadavg()[0].toFixed(1)}`,
);
// the yardstick for comparing figures from machines of different speed: every bench states its
// results as ratios, and this says how fast this machine starts Node
const nodeStarts = Array.from({ length: 9 }, () => {
  const t = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - t) / 1e6;
}).sort((a, b) => a - b);
console.log(
  `node -e 0 here: ${nodeStarts[4].toFixed(1)} ms (median of 9), load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
if (machineExtraCa)
  console.log(
    `NODE_EXTRA_CA_CERTS is set here (${machineExtraCa}); the tools run without it (bench/env.mjs), rows marked extra_ca keep it`,
  );
let failed = 0;
for (const [name, title] of benches) {
  if (only.length && !only.includes(name)) continue;
  const script = path.join(root, 'bench', `${name}.mjs`);
  console.log(`\n## ${title}  (bench/${name}.mjs)`);
  if (!fs.existsSync(script)) {
    console.log('(not present)');
    failed++;
    continue;
  }
  const r = spawnSync(process.execPath, [script], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.log(`bench/${name}.mjs failed (exit ${r.status})`);
    failed++;
  }
}
process.exitCode = failed ? 1 : 0;
