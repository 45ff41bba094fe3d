import { notImplemented } from '../errors.js';
import type { CommandContext, CommandOutcome } from './types.js';

export type ReportFormat = 'text' | 'json' | 'github' | 'sarif';

export interface CheckOptions {
  paths: string[];
  fix: boolean;
  dryRun: boolean;
  ignore: string[];
  format: ReportFormat;
}

export interface Finding {
  path: string;
  line: number;
  column: number;
  rule: string;
  severity: 'error' | 'warning';
  image: string;
  message: string;
  fix: string;
}

export interface CheckResult {
  findings: Finding[];
}

export function runCheck(
  _opts: CheckOptions,
  _ctx: CommandContext,
): Promise<CommandOutcome<CheckResult>> {
  return Promise.reject(notImplemented('check'));
}
