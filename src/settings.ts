/**
 * The registry request settings read from the environment, checked: a command can validate them
 * before it starts anything (push does, before skopeo), without loading the registry client.
 */
import { DigestpinError } from './errors.js';

/**
 * A whole-number setting from the environment: undefined when unset or empty, INVALID_INPUT
 * (naming `what` it must be, with `hint`) when it is not a whole number ≥ `min`.
 */
export function envInt(
  env: NodeJS.ProcessEnv,
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

/** DIGESTPIN_TIMEOUT_MS (per request, default 30 s) and DIGESTPIN_RETRIES (default 3). */
export function requestSettings(env: NodeJS.ProcessEnv): { timeoutMs: number; retries: number } {
  return {
    timeoutMs: envInt(env, 'DIGESTPIN_TIMEOUT_MS', 1) ?? 30_000,
    retries: envInt(env, 'DIGESTPIN_RETRIES', 0) ?? 3,
  };
}
