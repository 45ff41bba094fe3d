import { notImplemented } from '../errors.js';
import type { CommandContext, CommandOutcome } from './types.js';

export interface PinOptions {
  /** The ref to pin to (must carry @sha256:); undefined with --resolve. */
  ref?: string;
  paths: string[];
  resolve: boolean;
  strict: boolean;
  dryRun: boolean;
  authfile?: string;
  insecure: boolean;
}

export interface PinResult {
  ref?: string;
  files: { path: string; changes: { line: number; from: string; to: string }[] }[];
}

export function runPin(
  _opts: PinOptions,
  _ctx: CommandContext,
): Promise<CommandOutcome<PinResult>> {
  return Promise.reject(notImplemented('pin'));
}
