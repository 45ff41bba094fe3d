/**
 * Runs the built CLI (`node dist/cli.js`, resolved from the repo root) as a subprocess, the way
 * users and Jenkins run it, plus temp-dir helpers with cleanup. Build first: `npm run build`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws with stdout/stderr in the message when it is not JSON). */
  json<T = unknown>(): T;
}

export interface RunCliOptions {
  /** Extra environment variables (merged over process.env unless `extendEnv: false`). */
  env?: NodeJS.ProcessEnv;
  extendEnv?: boolean;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
}

export async function runCli(args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  const result = await execa(process.execPath, [cliPath, ...args], {
    reject: false,
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? {},
    extendEnv: options.extendEnv ?? true,
    input: options.input ?? '',
    timeout: options.timeoutMs ?? 60000,
    stripFinalNewline: false,
  });
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  return {
    exitCode: result.exitCode ?? -1,
    stdout,
    stderr,
    json<T>(): T {
      try {
        return JSON.parse(stdout) as T;
      } catch {
        throw new Error(
          `digestpin ${args.join(' ')} did not print JSON (exit ${result.exitCode}).\n` +
            `stdout:\n${stdout}\nstderr:\n${stderr}`,
        );
      }
    },
  };
}

/** Temp dirs that are removed together: `const tmp = tempDirs(); … afterAll(tmp.cleanup)`. */
export function tempDirs(prefix = 'digestpin-test-'): {
  make(): Promise<string>;
  cleanup(): Promise<void>;
} {
  const dirs: string[] = [];
  return {
    async make() {
      const dir = await mkdtemp(path.join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    async cleanup() {
      await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}

/** Creates a temp dir, runs `fn` with it and removes it afterwards (also when `fn` throws). */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'digestpin-test-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
