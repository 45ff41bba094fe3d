/**
 * Every DIGESTPIN_* environment variable, one function each, parsed and checked here and nowhere
 * else. Each takes the environment (a command's `ctx.env`, or `process.env`), so a command can
 * validate a setting before it starts anything (push does, before skopeo) without loading the
 * module that uses it. An invalid number is INVALID_INPUT (exit 2) naming the variable and value.
 */
import { DigestpinError } from './errors.js';

type Env = NodeJS.ProcessEnv;

/**
 * A whole-number setting: undefined when unset or empty, INVALID_INPUT (naming `what` it must be,
 * with `hint`) when it is not a whole number ≥ `min`.
 */
function envInt(
  env: Env,
  name: string,
  min: number,
  what = 'an integer',
  hint = `Set ${name} to a whole number, or unset it.`,
): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new DigestpinError('INVALID_INPUT', `${name}=${raw} is not ${what} ≥ ${min}`, hint);
  return n;
}

/** DIGESTPIN_TIMEOUT_MS: the time limit of one registry request, in ms (≥ 1; default 30 s). */
export function requestTimeoutMs(env: Env): number {
  return envInt(env, 'DIGESTPIN_TIMEOUT_MS', 1) ?? 30_000;
}

/** DIGESTPIN_RETRIES: retries of a failed registry request after the first attempt (≥ 0; default 3). */
export function requestRetries(env: Env): number {
  return envInt(env, 'DIGESTPIN_RETRIES', 0) ?? 3;
}

/** DIGESTPIN_TIMEOUT_MS and DIGESTPIN_RETRIES together, as the registry client takes them. */
export function requestSettings(env: Env): { timeoutMs: number; retries: number } {
  return { timeoutMs: requestTimeoutMs(env), retries: requestRetries(env) };
}

/**
 * DIGESTPIN_PUSH_TIMEOUT_MS: skopeo's `--command-timeout` for the skopeo runs of a push (the copy,
 * and reading the source), in ms (≥ 1000; default 30 minutes).
 */
export function pushTimeoutMs(env: Env): number {
  return (
    envInt(
      env,
      'DIGESTPIN_PUSH_TIMEOUT_MS',
      1000,
      'a whole number of milliseconds',
      'Set it to e.g. 600000 (10 minutes), or unset it.',
    ) ?? 30 * 60_000
  );
}

/**
 * DIGESTPIN_STALL_MS: how long a push may move no bytes before the stuck part is stopped, in ms
 * (≥ 1000; default 2 minutes). A request the relay forwards that sends and receives nothing for
 * that long is ended, and sent again by the relay when it has no streamed body; a skopeo run that
 * reads and writes less than 16 KiB (it and its children, with their sockets' send queues) and waits
 * on no request through the relay (its own upload straight to the registry, a source read, a
 * `skopeo inspect` of the source) is stopped. A stopped run or a streamed upload is run again as a dropped connection is (twice at
 * most); a stall that lasts fails with TIMEOUT (exit 5).
 */
export function stallMs(env: Env): number {
  return (
    envInt(
      env,
      'DIGESTPIN_STALL_MS',
      1000,
      'a whole number of milliseconds',
      'Set it to e.g. 300000 (5 minutes), or unset it.',
    ) ?? 120_000
  );
}

/**
 * DIGESTPIN_SKOPEO: the skopeo binary to run (a path, or a name looked up in PATH); unset or
 * empty means `skopeo`.
 */
export function skopeoBinary(env: Env): string {
  return env.DIGESTPIN_SKOPEO || 'skopeo';
}

/**
 * DIGESTPIN_RELAY_BLOBS: `1` sends push's blob uploads through the loopback relay even where they
 * could go straight to the registry; `0` sends them straight wherever skopeo can (an HTTPS
 * registry it verifies, a plain-HTTP one without credentials; not --insecure or loopback hosts),
 * however small the image; any other value (or none) leaves that choice to push, which relays the
 * bytes of a small OCI layout (`RELAY_SMALL_IMAGE_BYTES` in push/relayed-push.ts).
 */
export function relayBlobs(env: Env): 'always' | 'straight where possible' | 'by size' {
  if (env.DIGESTPIN_RELAY_BLOBS === '1') return 'always';
  if (env.DIGESTPIN_RELAY_BLOBS === '0') return 'straight where possible';
  return 'by size';
}

/**
 * DIGESTPIN_PIPELINE: `0` makes verify confirm pinned digests one request at a time instead of
 * pipelining its HEADs on keep-alive connections; any other value (or none) pipelines.
 */
export function pipelineHeads(env: Env): boolean {
  return env.DIGESTPIN_PIPELINE !== '0';
}

/** DIGESTPIN_DEBUG: `1` turns on debug logs and stack traces, as `--verbose` does. */
export function debugWanted(env: Env): boolean {
  return env.DIGESTPIN_DEBUG === '1';
}
