/**
 * SIGINT, SIGTERM, SIGHUP and SIGQUIT (Ctrl-C, a Jenkins abort, `timeout`, a closed terminal, a
 * cancelled Actions run) end a run the same way: child processes (skopeo) are stopped — SIGTERM,
 * then SIGKILL after a grace period — the entry reports the interruption (the CLI prints one
 * `INTERRUPTED` JSON error document with `--json`), and the process exits with 128 + the signal's
 * number (130, 143, 129, 131). Temporary folders (the auth files skopeo reads) are removed by their
 * owners' `exit` handlers, which process.exit runs. A second signal while stopping exits at once.
 */
import os from 'node:os';
import { DigestpinError } from './errors.js';
import { stopLiveChildren } from './process.js';

export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;
export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number];

/** 128 + the signal's number, as a shell reports a process killed by it. */
export function interruptExitCode(signal: InterruptSignal): number {
  return 128 + os.constants.signals[signal];
}

/** The error a run ends with when it is interrupted. */
export function interruptedError(signal: InterruptSignal): DigestpinError {
  return new DigestpinError(
    'INTERRUPTED',
    `interrupted by ${signal}: the run was stopped (skopeo stopped, temporary files removed)`,
    'Nothing was pinned. A push may have uploaded blobs but no tag; run it again: an image already under the tag is reported, not pushed twice.',
  );
}

let interrupted = false;

/** Whether a signal is ending the run: the command's own failure (skopeo killed) is not reported. */
export function isInterrupted(): boolean {
  return interrupted;
}

/** Resolves once everything written to `stream` so far has been handed to the OS. */
function written(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) resolve();
    else stream.write('', () => resolve());
  });
}

/**
 * Exits with `code` once stdout and stderr are written out (a pipe is asynchronous on some
 * systems: exiting at once could cut a JSON document short).
 */
export async function exitWhenWritten(code?: number): Promise<never> {
  await Promise.all([written(process.stdout), written(process.stderr)]);
  // process.exit(undefined) would reset process.exitCode to 0: pass a code only when there is one
  if (code === undefined) process.exit();
  process.exit(code);
}

/** Milliseconds a child gets between SIGTERM and SIGKILL. */
const STOP_GRACE_MS = 3000;

let reporter: ((signal: InterruptSignal, error: DigestpinError) => void) | undefined;

/**
 * Installs the handlers (once per process; a later call only replaces `report`). `report` runs
 * after the children have stopped and before the exit.
 */
export function onInterrupt(
  report: (signal: InterruptSignal, error: DigestpinError) => void,
): void {
  const first = reporter === undefined;
  reporter = report;
  if (!first) return;
  let stopping = false;
  const handle = (signal: InterruptSignal) => {
    const code = interruptExitCode(signal);
    if (stopping) process.exit(code);
    stopping = true;
    interrupted = true;
    stopLiveChildren(STOP_GRACE_MS)
      .catch(() => undefined)
      .then(() => reporter?.(signal, interruptedError(signal)))
      .catch(() => undefined)
      .finally(() => exitWhenWritten(code));
  };
  for (const signal of INTERRUPT_SIGNALS) process.on(signal, handle);
}
