/**
 * `digestpin demo`: the whole flow against a registry it starts itself, with nothing but skopeo and
 * docker-registry on the machine. It builds an image in-process (an OCI layout), starts the
 * distribution registry on a free loopback port with htpasswd auth, then runs the same command
 * code as the CLI: check → push (pins the manifest) → re-run (a no-op) → a different image onto
 * the same tag (refused) → verify → check again. Everything lives in one temporary folder that is
 * removed at the end (unless --keep).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeOciImage } from '../demo/image.js';
import { startRegistry } from '../demo/registry.js';
import { DigestpinError } from '../errors.js';
import { silentLogger } from '../log.js';
import { writeAuthFile } from '../push/skopeo.js';
import { runCheck } from './check.js';
import { runPush, type PushOptions, type PushResult } from './push.js';
import type { CommandContext, CommandOutcome } from './types.js';
import { runVerify } from './verify/index.js';

export interface DemoOptions {
  keep: boolean;
}

export interface DemoStep {
  step: string;
  ok: boolean;
  detail: string;
}

export interface DemoResult {
  registry: string;
  ref: string;
  steps: DemoStep[];
  manifest: string;
  folder?: string;
}

const DEMO_USER = { username: 'demo', password: 'demo-password' };

function manifestText(host: string): string {
  return `# A deployment as a team would write it: a floating tag, a retired registry.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  replicas: 2
  selector:
    matchLabels: {app: demo}
  template:
    metadata:
      labels: {app: demo}
    spec:
      containers:
        - name: app
          image: "${host}/demo/app:latest" # rewritten by digestpin push
          ports:
            - containerPort: 8080
        - name: metrics
          image: k8s.gcr.io/pause:3.9   # digestpin check flags this registry
`;
}

export async function runDemo(
  opts: DemoOptions,
  ctx: CommandContext,
): Promise<CommandOutcome<DemoResult>> {
  const folder = await mkdtemp(path.join(tmpdir(), 'digestpin-demo-'));
  const say = (m: string) => ctx.logger.info(m);
  const steps: DemoStep[] = [];
  const record = (step: string, ok: boolean, detail: string) => {
    steps.push({ step, ok, detail });
    say(`${ok ? '✓' : '✗'} ${step}: ${detail}`);
  };
  const quiet: CommandContext = { ...ctx, logger: silentLogger };
  say(`digestpin demo in ${folder}`);
  const registry = await startRegistry({ auth: DEMO_USER });
  try {
    record('registry', true, `docker-registry on ${registry.url} with htpasswd auth`);
    const authfile = await writeAuthFile(folder, { host: registry.host, ...DEMO_USER });

    const image = await writeOciImage(path.join(folder, 'image'), {
      layers: [{ size: 1 << 20, random: true }],
      tag: 'dev',
      labels: { 'org.opencontainers.image.title': 'digestpin demo' },
    });
    record('build', true, `OCI layout ${image.ref} (1 MiB layer, written in-process)`);

    const k8s = path.join(folder, 'k8s');
    await mkdir(k8s);
    const manifest = path.join(k8s, 'deployment.yaml');
    await writeFile(manifest, manifestText(registry.host));
    const before = await runCheck(
      { paths: [k8s], fix: false, dryRun: false, ignore: [], format: 'text' },
      { ...quiet, cwd: folder },
    );
    const rules = [...new Set(before.json.findings.map((f) => f.rule))].join(', ');
    record('check (before)', before.exitCode === 7, `exit ${before.exitCode}: ${rules}`);

    const pushOpts: PushOptions = {
      source: image.ref,
      repository: `${registry.host}/demo/app`,
      tag: `demo-{date}{time}`,
      format: 'v2s2',
      all: false,
      manifests: [k8s],
      authfile,
      insecure: false,
      dryRun: false,
      ecr: false,
      ensureImmutable: false,
      createRepository: false,
    };
    const pushed: PushResult = (await runPush(pushOpts, { ...quiet, cwd: folder })).json;
    record('push', pushed.pushed, `${pushed.ref} (v2s2), pinned ${pushed.files.length} file`);

    const again = (await runPush({ ...pushOpts, tag: pushed.tag }, { ...quiet, cwd: folder })).json;
    record(
      're-run',
      !again.pushed && again.digest === pushed.digest,
      `same image, tag ${again.tag} already holds it: pushed=${again.pushed}, nothing uploaded`,
    );

    const other = await writeOciImage(path.join(folder, 'other'), {
      layers: [{ size: 1 << 16, random: true }],
      tag: 'dev',
    });
    try {
      await runPush(
        { ...pushOpts, source: other.ref, tag: pushed.tag, manifests: [] },
        { ...quiet, cwd: folder },
      );
      record('overwrite refused', false, 'a different image was pushed onto the tag');
    } catch (err) {
      const refused = err instanceof DigestpinError && err.code === 'TAG_EXISTS';
      if (!refused) throw err;
      record('overwrite refused', true, `different image onto ${pushed.tag}: exit ${err.exitCode}`);
    }

    const verified = await runVerify(
      {
        paths: [k8s],
        format: 'text',
        tagConsistency: true,
        authfile,
        insecure: false,
        concurrency: 8,
      },
      { ...quiet, cwd: folder },
    );
    const ok = verified.json.images.filter((i) => i.status === 'ok').length;
    record('verify', verified.exitCode === 0, `${ok} pinned image(s) present in the registry`);

    const after = await runCheck(
      { paths: [k8s], fix: false, dryRun: false, ignore: [], format: 'text' },
      { ...quiet, cwd: folder },
    );
    const left = [...new Set(after.json.findings.map((f) => f.rule))].join(', ') || 'none';
    record('check (after)', true, `remaining: ${left} (fix with: digestpin check --fix k8s/)`);

    const text = await readFile(manifest, 'utf8');
    const failed = steps.filter((s) => !s.ok);
    const result: DemoResult = {
      registry: registry.host,
      ref: pushed.ref,
      steps,
      manifest: text,
      ...(opts.keep && { folder }),
    };
    return {
      json: result,
      text: [
        `k8s/deployment.yaml after digestpin push:`,
        '',
        text,
        failed.length
          ? `demo: ${failed.length} step(s) did not behave as expected`
          : `demo: all ${steps.length} steps as expected${opts.keep ? ` (kept ${folder})` : ''}`,
      ].join('\n'),
      exitCode: failed.length ? 1 : 0,
    };
  } finally {
    await registry.stop();
    if (!opts.keep) await rm(folder, { recursive: true, force: true });
  }
}
