import type { Logger } from './log.js';
import type { ProgressSink } from './push/progress.js';

/**
 * What every command gets besides its own options, and what the library code it calls (manifests'
 * pin pipeline) reads: where to log, the environment, the working directory.
 */
export interface CommandContext {
  logger: Logger;
  /** Environment to read CI variables and credentials from (process.env unless a test says otherwise). */
  env: NodeJS.ProcessEnv;
  /** Working directory that relative paths are resolved against. */
  cwd: string;
  /** Where push progress goes; default: plain lines through `logger.info`. */
  progress?: ProgressSink;
}
