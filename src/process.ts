/**
 * Runs a child process through execa and collects its output, with a timeout, cancellation and a
 * forced kill after a grace period; children still running when digestpin exits or is
 * interrupted get SIGTERM. execa is imported on first use, and `preloadProcessRunner()` lets a
 * command start that import early, so its module loading overlaps the registry round trips that
 * come before the first skopeo run instead of adding to them (docs/decisions/lazy-loading.md).
 */

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  /** Milliseconds until SIGTERM (the result says timedOut). */
  timeoutMs: number;
  /** SIGKILL this long after a SIGTERM the process ignored. */
  forceKillAfterMs?: number;
  /** Aborting sends SIGTERM (the result says isCanceled). */
  signal?: AbortSignal;
  /**
   * Called once the child has been started (or has failed to), before its result is awaited;
   * with its pid when it started.
   */
  onSpawn?: (pid: number | undefined) => void;
}

export interface RunResult {
  /** Undefined when the process could not start or was killed by a signal. */
  exitCode?: number;
  stdout: Buffer;
  stderr: Buffer;
  timedOut: boolean;
  isCanceled: boolean;
  /** Why it failed to start (`spawn skopeo ENOENT`), or how it ended. */
  message: string;
  /** The spawn error's code (ENOENT, EACCES) when it could not start. */
  errorCode?: string;
}

interface Running extends PromiseLike<unknown> {
  kill(signal: NodeJS.Signals): boolean;
}
const live = new Set<Running>();
/** Bumped by killLiveChildren, so a run still loading execa is ended as soon as it starts. */
let killEpoch = 0;
let exitHookInstalled = false;
let execaModule: Promise<typeof import('execa')> | undefined;

/** Starts loading execa (idempotent); `runProcess` awaits the same import. */
export function preloadProcessRunner(): Promise<typeof import('execa')> {
  execaModule ??= import('execa');
  return execaModule;
}

/** Sends SIGTERM to every child still running (on exit and on SIGINT/SIGTERM of digestpin). */
export function killLiveChildren(): void {
  killEpoch++;
  for (const child of live) child.kill('SIGTERM');
  live.clear();
}

/**
 * Stops every child still running: SIGTERM, then SIGKILL to those still there after `graceMs`.
 * Resolves once each has ended (or been sent SIGKILL).
 */
export async function stopLiveChildren(graceMs: number): Promise<void> {
  const children = [...live];
  killLiveChildren();
  if (children.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const ended = Promise.all(children.map((c) => Promise.resolve(c).catch(() => undefined)));
  const late = new Promise<'late'>(
    (resolve) => (timer = setTimeout(() => resolve('late'), graceMs)),
  );
  if ((await Promise.race([ended, late])) === 'late') for (const c of children) c.kill('SIGKILL');
  clearTimeout(timer);
}

export async function runProcess(file: string, args: string[], o: RunOptions): Promise<RunResult> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', killLiveChildren);
  }
  const epoch = killEpoch;
  const { execa } = await preloadProcessRunner();
  const child = execa(file, args, {
    env: o.env,
    extendEnv: false,
    stdin: 'ignore',
    encoding: 'buffer',
    reject: false,
    timeout: o.timeoutMs,
    forceKillAfterDelay: o.forceKillAfterMs ?? false,
    ...(o.signal ? { cancelSignal: o.signal } : {}),
  });
  live.add(child);
  if (epoch !== killEpoch) child.kill('SIGTERM');
  o.onSpawn?.(child.pid);
  const r = await child;
  live.delete(child);
  const command = [file, ...args].join(' ');
  const spawnFailed = r.failed && r.exitCode === undefined && !r.signal;
  const code = (r as { code?: unknown }).code;
  return {
    ...(r.exitCode !== undefined && !spawnFailed ? { exitCode: r.exitCode } : {}),
    stdout: Buffer.from(r.stdout ?? new Uint8Array()),
    stderr: Buffer.from(r.stderr ?? new Uint8Array()),
    timedOut: r.timedOut,
    isCanceled: r.isCanceled,
    message: spawnFailed
      ? `${(r as { originalMessage?: string }).originalMessage ?? r.shortMessage ?? 'spawn failed'}: ${command}`
      : r.signal
        ? `Command was killed with ${r.signal}: ${command}`
        : `Command failed with exit code ${String(r.exitCode)}: ${command}`,
    ...(spawnFailed && typeof code === 'string' ? { errorCode: code } : {}),
  };
}
