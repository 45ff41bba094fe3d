/**
 * A private containerd for pull tests: its own root, state and socket under a temp dir, a minimal
 * config (no CRI, native snapshotter), started as root and stopped afterwards. `ctr` talks to it
 * with `--address`. Where containerd cannot run (not installed, not root), `startContainerd` says
 * why instead of starting it, so the test can skip visibly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

export interface Containerd {
  address: string;
  /** `ctr --address <sock> --namespace digestpin-test <args>`; rejects with stderr on failure. */
  ctr(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

async function which(bin: string): Promise<boolean> {
  return (await execa('sh', ['-c', `command -v ${bin}`], { reject: false })).exitCode === 0;
}

/** A started containerd, or the reason it cannot be started here. */
export async function startContainerd(): Promise<Containerd | { unavailable: string }> {
  if (process.getuid?.() !== 0) return { unavailable: 'not root (containerd needs root)' };
  for (const bin of ['containerd', 'ctr'])
    if (!(await which(bin)))
      return { unavailable: `${bin} not installed (apt-get install -y containerd)` };
  const dir = await mkdtemp(path.join(tmpdir(), 'digestpin-containerd-'));
  const address = path.join(dir, 'containerd.sock');
  const config = path.join(dir, 'config.toml');
  await writeFile(
    config,
    [
      'version = 2',
      `root = "${dir}/root"`,
      `state = "${dir}/state"`,
      'disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.aufs",',
      '  "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper",',
      '  "io.containerd.snapshotter.v1.zfs", "io.containerd.internal.v1.tracing"]',
      '[grpc]',
      `  address = "${address}"`,
      '[ttrpc]',
      `  address = "${address}.ttrpc"`,
      '[debug]',
      `  address = "${address}.debug"`,
      '[metrics]',
      '  address = ""',
      '',
    ].join('\n'),
  );
  const log = path.join(dir, 'containerd.log');
  const { openSync } = await import('node:fs');
  const fd = openSync(log, 'w');
  const child: ChildProcess = spawn('containerd', ['--config', config], {
    stdio: ['ignore', fd, fd],
  });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 5000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    await rm(dir, { recursive: true, force: true });
  };
  const ctr = async (args: string[]) => {
    const r = await execa('ctr', ['--address', address, '--namespace', 'digestpin-test', ...args], {
      reject: false,
      timeout: 60_000,
    });
    if (r.exitCode !== 0)
      throw new Error(`ctr ${args.join(' ')} failed (exit ${r.exitCode}): ${r.stderr}`);
    return r.stdout;
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      const why = (await readFile(log, 'utf8').catch(() => '')).slice(-2000);
      await stop();
      return { unavailable: `containerd exited at start (${child.exitCode}): ${why}` };
    }
    const up = await access(address).then(
      () =>
        ctr(['version']).then(
          () => true,
          () => false,
        ),
      () => false,
    );
    if (up) return { address, ctr, stop };
    if (Date.now() > deadline) {
      const why = (await readFile(log, 'utf8').catch(() => '')).slice(-2000);
      await stop();
      return { unavailable: `containerd did not answer within 15 s: ${why}` };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
