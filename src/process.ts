/**
 * Runs a child process and collects its output, with a timeout, cancellation and a forced kill
 * after a grace period. Used by src/skopeo.ts instead of execa, whose ~250 KB bundle took ~23 ms
 * to load on every push. Children still running when digestpin exits or is interrupted are sent
 * SIGTERM (as execa's cleanup did).
 */
import { spawn } from 'node:child_process';

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  /** Milliseconds until SIGTERM (the result says timedOut). */
  timeoutMs: number;
  /** SIGKILL this long after a SIGTERM the process ignored. */
  forceKillAfterMs?: number;
  /** Aborting sends SIGTERM (the result says isCanceled). */
  signal?: AbortSignal;
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

const live = new Set<ReturnType<typeof spawn>>();
let exitHookInstalled = false;

/** Sends SIGTERM to every child still running (on exit and on SIGINT/SIGTERM of digestpin). */
export function killLiveChildren(): void {
  for (const child of live) child.kill('SIGTERM');
  live.clear();
}

export function runProcess(file: string, args: string[], o: RunOptions): Promise<RunResult> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', killLiveChildren);
  }
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    let isCanceled = false;
    let startError: (Error & { code?: string }) | undefined;
    let forceTimer: NodeJS.Timeout | undefined;
    const child = spawn(file, args, { env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    const terminate = () => {
      child.kill('SIGTERM');
      if (o.forceKillAfterMs !== undefined && !forceTimer)
        forceTimer = setTimeout(() => child.kill('SIGKILL'), o.forceKillAfterMs);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      terminate();
    }, o.timeoutMs);
    const onAbort = () => {
      isCanceled = true;
      terminate();
    };
    if (o.signal?.aborted) onAbort();
    else o.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (c: Buffer) => stdout.push(c));
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    child.once('error', (err: Error & { code?: string }) => {
      startError ??= err;
    });
    child.once('close', (code, sig) => {
      live.delete(child);
      clearTimeout(timer);
      clearTimeout(forceTimer);
      o.signal?.removeEventListener('abort', onAbort);
      const command = [file, ...args].join(' ');
      resolve({
        ...(code !== null && !startError ? { exitCode: code } : {}),
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr),
        timedOut,
        isCanceled,
        message: startError
          ? `${startError.message}: ${command}`
          : sig
            ? `Command was killed with ${sig}: ${command}`
            : `Command failed with exit code ${String(code)}: ${command}`,
        ...(startError?.code ? { errorCode: startError.code } : {}),
      });
    });
  });
}
