import { notImplemented } from '../errors.js';
import type { CommandContext, CommandOutcome } from './types.js';

export interface PushOptions {
  source: string;
  repository: string;
  tag?: string;
  format: 'v2s2' | 'oci';
  all: boolean;
  manifests: string[];
  authfile?: string;
  insecure: boolean;
  dryRun: boolean;
  ecr: boolean;
  region?: string;
  ensureImmutable: boolean;
  createRepository: boolean;
}

export interface PushResult {
  repository: string;
  tag: string;
  digest: string;
  image: string;
  ref: string;
  format: 'v2s2' | 'oci';
  pushed: boolean;
  files: { path: string; changes: number }[];
}

export function runPush(
  _opts: PushOptions,
  _ctx: CommandContext,
): Promise<CommandOutcome<PushResult>> {
  return Promise.reject(notImplemented('push'));
}
