import { notImplemented } from '../errors.js';
import type { CommandContext, CommandOutcome } from './types.js';

export interface GuardOptions {
  reference: string;
  authfile?: string;
  insecure: boolean;
  ecr: boolean;
  region?: string;
}

export interface GuardResult {
  repository: string;
  tag: string;
  exists: boolean;
  digest?: string;
}

export function runGuard(
  _opts: GuardOptions,
  _ctx: CommandContext,
): Promise<CommandOutcome<GuardResult>> {
  return Promise.reject(notImplemented('guard'));
}
