import { notImplemented } from '../errors.js';
import type { CommandContext, CommandOutcome } from './types.js';

export interface ResolveOptions {
  references: string[];
  authfile?: string;
  insecure: boolean;
}

export interface ResolveResult {
  references: { reference: string; digest: string; pinned: string }[];
}

export function runResolve(
  _opts: ResolveOptions,
  _ctx: CommandContext,
): Promise<CommandOutcome<ResolveResult>> {
  return Promise.reject(notImplemented('resolve'));
}
