import { notImplemented } from '../errors.js';
import type { ReportFormat } from './check.js';
import type { CommandContext, CommandOutcome } from './types.js';

export interface VerifyOptions {
  paths: string[];
  format: ReportFormat;
  requireFormat?: 'v2s2' | 'oci';
  tagConsistency: boolean;
  authfile?: string;
  insecure: boolean;
  concurrency: number;
}

export type VerifyStatus = 'ok' | 'missing' | 'unauthorized' | 'unreachable' | 'error';

export interface VerifyResult {
  images: {
    image: string;
    status: VerifyStatus;
    message: string;
    hint: string;
    locations: { path: string; line: number }[];
  }[];
}

export function runVerify(
  _opts: VerifyOptions,
  _ctx: CommandContext,
): Promise<CommandOutcome<VerifyResult>> {
  return Promise.reject(notImplemented('verify'));
}
