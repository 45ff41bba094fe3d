import type { Logger } from '../log.js';
import type { ProgressSink } from '../push/progress.js';

/** What every command gets besides its own options. */
export interface CommandContext {
  logger: Logger;
  /** Environment to read CI variables and credentials from (process.env unless a test says otherwise). */
  env: NodeJS.ProcessEnv;
  /** Working directory that relative paths are resolved against. */
  cwd: string;
  /** Where push progress goes; default: plain lines through `logger.info`. */
  progress?: ProgressSink;
}

/**
 * What a command returns: the JSON document of the contract, the text for humans, and the exit code
 * (0 unless the command reports a failure without throwing, e.g. check findings → 7).
 */
export interface CommandOutcome<J = unknown> {
  json: J;
  text: string;
  exitCode: number;
}

export function defaultContext(logger: Logger): CommandContext {
  return { logger, env: process.env, cwd: process.cwd() };
}
