// pin vs sed vs yq: median wall time (including process start-up) of pinning one repository.
//   worst case: one ~3 MB file of 5,000 Deployments, two references each (one repeated value);
//   realistic:  one ~3 MB file of 5,000 Deployments with 10,000 distinct image values, small flow
//               maps and sequences, comments and quoted values, stdout read through a pipe;
//   gitops:     10,000 small files, 1% of them mention the image;
//   corpus:     every file of the manifest corpus, $DIGESTPIN_CORPUS or ../shared/corpus/manifests (pin `nginx`).
// sed (`sed -E -i 's#…#…#'`) is the lower bound: no YAML awareness. yq is /usr/bin/yq here, the
// Python jq wrapper (`yq --version` prints 0.0.0), not mikefarah's Go yq; it re-serialises the
// whole document (comments and quoting are lost), so it is a speed reference only.
// Usage: node bench/pin.mjs [runs]   (needs `npm run build` first; env BENCH_PIN_ONLY=realistic
// runs one scenario, BENCH_PIN_NO_YQ=1 leaves yq out, DIGESTPIN_BENCH_CLI=<path to cli.js> times
// another build)
import './env.mjs'; // first: the environment the tools run in
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './startup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 3);
const REPO = 'registry.example.com/team/app';
const DIGEST = `sha256:${'e'.repeat(64)}`;
const REF = `${REPO}:v2@${DIGEST}`;

function deployment(i, image) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  labels: {app: app-${i}}
spec:
  replicas: 2
  template:
    metadata:
      labels:
        app: app-${i}
    spec:
      initContainers:
        - name: init
          image: ${image} # init
      containers:
        - name: main
          image: "${image}"
          imagePullPolicy: IfNotPresent
          ports:
            - containerPort: 8080
          env:
            - name: FOO
              value: bar-${i}
`;
}

/**
 * A Deployment as real files write them: small flow maps and sequences, comments, quoted values,
 * and image values that differ from Deployment to Deployment (a tag per service).
 */
function realisticDeployment(i, repo) {
  return `# svc-${i}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-${i}
  labels: {app: svc-${i}}
spec:
  selector:
    matchLabels: {app: svc-${i}}
  template:
    metadata:
      labels: {app: svc-${i}}
    spec:
      initContainers:
        - name: migrate
          image: ${repo}:m${i}  # migrations
          args: ["--v=2"]
      containers:
        - name: main
          image: "${repo}:1.${i}"
          args: ["--port=8080"]
          ports:
            - {containerPort: 8080}
          resources: {requests: {cpu: 100m}}
          env:
            - {name: A, value: 'x ${i}'}
`;
}

/** Runs `prepare()` (untimed: fresh copy), then times `cmd`; median over `runs`. */
function time(prepare, cmd, args, opts = {}) {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const cwd = prepare();
    const argv = typeof args === 'function' ? args(cwd) : args;
    const t = process.hrtime.bigint();
    // stdout to a pipe (read by this process), as in CI logs: printing is part of the cost
    const r = spawnSync(cmd, argv, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
      ...opts,
    });
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0)
      return { ms: NaN, error: `${cmd} exited ${r.status}: ${String(r.stderr).slice(0, 200)}` };
  }
  return { ms: median(ms) };
}

function yamlFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return yamlFiles(path.join(dir, e.name));
    return /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : [];
  });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'digestpin-bench-'));
function fresh(source) {
  const dir = fs.mkdtempSync(path.join(tmp, 'run-'));
  fs.cpSync(source, path.join(dir, 'm'), { recursive: true });
  return dir;
}

// DIGESTPIN_BENCH_CLI: another build to compare (e.g. an older commit's dist/cli.js)
const cli = process.env.DIGESTPIN_BENCH_CLI ?? path.join(root, 'dist/cli.js');
// BENCH_PIN_ONLY=<prefix>: run only the scenarios whose name starts with it
const only = process.env.BENCH_PIN_ONLY;
const escaped = (s) => s.replace(/[.]/g, '\\.');
function sedArgs(repo, files, tag = 'v2') {
  // tag '&keep': keep each value's own tag (`\\2`), as pin does for a ref without a tag
  const to = tag === '&keep' ? `${repo}\\2@${DIGEST}` : `${repo}:${tag}@${DIGEST}`;
  return [
    '-E',
    '-i',
    `s#(image: *"?)${escaped(repo)}(:[^"@ ]*)?(@sha256:[0-9a-f]+)?#\\1${to}#`,
    ...files,
  ];
}
function yqFilter(repo) {
  const set = `if ((.image // "") | test("^${repo.replace(/[.]/g, '\\\\.')}([:@]|$)")) then .image = "${repo}:v2@${DIGEST}" else . end`;
  return `(.spec.template.spec.containers[]?, .spec.template.spec.initContainers[]?, .spec.containers[]?, .spec.initContainers[]?) |= (${set})`;
}

/** `yqSample`: run yq on that many files only and scale its time to all files (yq is slow). */
function scenario(name, source, repo, ref, yqSample, sedTag) {
  const files = (dir) =>
    yamlFiles(path.join(dir, 'm')).filter((f) => !fs.readFileSync(f, 'utf8').includes('{{'));
  const fmt = (r) => (r.error ? `failed (${r.error})` : `${r.ms.toFixed(0)} ms`);
  if (only && !name.startsWith(only)) return;
  console.log(`\n${name}`);
  const pin = time(() => fresh(source), process.execPath, [cli, 'pin', ref, 'm']);
  console.log(`  digestpin pin  ${fmt(pin)}`);
  const sed = time(
    () => fresh(source),
    'sed',
    (cwd) => sedArgs(repo, files(cwd), sedTag),
  );
  console.log(`  sed -E -i      ${fmt(sed)}   pin/sed = ${(pin.ms / sed.ms).toFixed(1)}×`);
  if (process.env.BENCH_PIN_NO_YQ) return;
  let total = 0;
  const yq = time(
    () => fresh(source),
    'yq',
    (cwd) => {
      const all = files(cwd);
      total = all.length;
      return ['-y', '-i', yqFilter(repo), ...(yqSample ? all.slice(0, yqSample) : all)];
    },
  );
  const scale = yqSample && total > yqSample ? total / yqSample : 1;
  const note = scale > 1 ? ` (${yqSample} of ${total} files, scaled ×${scale.toFixed(0)})` : '';
  if (!yq.error) yq.ms *= scale;
  console.log(`  yq -y -i       ${fmt(yq)}   yq/pin = ${(yq.ms / pin.ms).toFixed(1)}×${note}`);
}

// worst case: one ~3 MB file
const worst = path.join(tmp, 'worst');
fs.mkdirSync(worst);
const docs = [];
for (let i = 0; i < 5000; i++) docs.push(deployment(i, `${REPO}:v1`));
fs.writeFileSync(path.join(worst, 'big.yaml'), docs.join('---\n'));
const size = fs.statSync(path.join(worst, 'big.yaml')).size;

// realistic: one ~3 MB file, 10,000 distinct image values, flow maps, comments, quoting
const real = path.join(tmp, 'realistic');
fs.mkdirSync(real);
const realDocs = [];
for (let i = 0; i < 5000; i++) realDocs.push(realisticDeployment(i, REPO));
fs.writeFileSync(path.join(real, 'big.yaml'), realDocs.join('---\n'));
const realSize = fs.statSync(path.join(real, 'big.yaml')).size;

// gitops: 10,000 files, 1% mention the image
const gitops = path.join(tmp, 'gitops');
for (let i = 0; i < 10000; i++) {
  const dir = path.join(gitops, `team-${i % 100}`);
  fs.mkdirSync(dir, { recursive: true });
  const image = i % 100 === 0 ? `${REPO}:v1` : `registry.example.com/team/svc-${i}:v1`;
  fs.writeFileSync(path.join(dir, `svc-${i}.yaml`), deployment(i, image));
}

console.log(
  `pin vs sed vs yq (median of ${runs} runs, wall time including start-up; node ${process.version})`,
);
console.log(
  'yq here is /usr/bin/yq, the Python jq wrapper (version 0.0.0), which re-serialises YAML.',
);
scenario(
  `worst case: 1 file, 5,000 Deployments, ${(size / 1e6).toFixed(1)} MB, 10,000 references`,
  worst,
  REPO,
  REF,
);
scenario(
  `realistic: 1 file, 5,000 Deployments, ${(realSize / 1e6).toFixed(1)} MB, 10,000 distinct image values, flow maps, comments, quoting; pin ${REPO}@sha256 (each tag kept), output to a pipe`,
  real,
  REPO,
  `${REPO}@${DIGEST}`,
  undefined,
  '&keep',
);
scenario('gitops: 10,000 files, 100 mention the image', gitops, REPO, REF, 200);
// The manifest corpus, where test/support/corpus.ts finds it (DIGESTPIN_CORPUS, from the repo root).
const corpus = process.env.DIGESTPIN_CORPUS || '../shared/corpus/manifests';
scenario(
  `corpus: ${corpus}, pin nginx`,
  path.resolve(root, corpus),
  'nginx',
  `nginx:1.27@${DIGEST}`,
);
fs.rmSync(tmp, { recursive: true, force: true });
