// CLI start-up: median wall time of `node dist/cli.js --version` vs `node -e 0` (the floor), and
// whether a non-ECR command loads the AWS SDK (it must not). Usage: node bench/startup.mjs [runs]
import { withMachineExtraCa } from './env.mjs'; // first: the environment the tools run in
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 10);

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function time(args, env = process.env) {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore', env });
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  }
  return median(ms);
}

export function startup() {
  const floor = time(['-e', '0']);
  const version = time(['dist/cli.js', '--version']);
  const help = time(['dist/cli.js', 'check', '--help']);
  // the same two with this machine's NODE_EXTRA_CA_CERTS kept (bench/env.mjs)
  const withCa = withMachineExtraCa();
  const extraCa = withCa && {
    floor: time(['-e', '0'], withCa),
    version: time(['dist/cli.js', '--version'], withCa),
  };
  const chunks = fs.existsSync(path.join(root, 'dist/chunks'))
    ? fs.readdirSync(path.join(root, 'dist/chunks'))
    : [];
  const js = (dir) =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) =>
        e.isDirectory()
          ? js(path.join(dir, e.name))
          : e.name.endsWith('.js')
            ? [path.join(dir, e.name)]
            : [],
      );
  const distBytes = js(path.join(root, 'dist')).reduce((n, f) => n + fs.statSync(f).size, 0);
  const cliBytes = fs.statSync(path.join(root, 'dist/cli.js')).size;
  return { runs, floor, version, help, extraCa, chunks: chunks.length, distBytes, cliBytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = startup();
  console.log(`node -e 0                       ${r.floor.toFixed(1)} ms (median of ${r.runs})`);
  console.log(
    `node dist/cli.js --version      ${r.version.toFixed(1)} ms  (${(r.version / r.floor).toFixed(2)}× node -e 0)`,
  );
  console.log(`node dist/cli.js check --help   ${r.help.toFixed(1)} ms`);
  if (r.extraCa)
    console.log(
      `with this machine's NODE_EXTRA_CA_CERTS: node -e 0 ${r.extraCa.floor.toFixed(1)} ms, --version ${r.extraCa.version.toFixed(1)} ms (+${(r.extraCa.floor - r.floor).toFixed(1)} ms for every Node process; the other benches run without it)`,
    );
  console.log(
    `dist JavaScript                 ${(r.distBytes / 1024).toFixed(0)} KiB (cli.js ${(r.cliBytes / 1024).toFixed(0)} KiB)`,
  );
}
