/**
 * The registry request settings read from the environment, checked: a command can validate them
 * before it starts anything (push does, before skopeo), without loading the registry client.
 */
import { DigestpinError } from '../errors.js';

function envInt(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new DigestpinError(
      'INVALID_INPUT',
      `${name}=${raw} is not an integer ≥ ${min}`,
      `Set ${name} to a whole number, or unset it.`,
    );
  return n;
}

/** DIGESTPIN_TIMEOUT_MS (per request, default 30 s) and DIGESTPIN_RETRIES (default 3). */
export function requestSettings(env: NodeJS.ProcessEnv): { timeoutMs: number; retries: number } {
  return {
    timeoutMs: envInt(env, 'DIGESTPIN_TIMEOUT_MS', 1) ?? 30_000,
    retries: envInt(env, 'DIGESTPIN_RETRIES', 0) ?? 3,
  };
}
