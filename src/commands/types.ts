import type { CommandContext } from '../context.js';

/** Defined in src/context.ts, below the commands, so manifests/ can take one without importing up. */
export type { CommandContext };

/**
 * What a command returns: the JSON document of the contract, the text for humans, and the exit code
 * (0 unless the command reports a failure without throwing, e.g. check findings → 7).
 */
export interface CommandOutcome<J = unknown> {
  json: J;
  text: string;
  exitCode: number;
}
