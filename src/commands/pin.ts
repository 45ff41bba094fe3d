import { notImplemented } from '../errors.js';
import { pinFiles, type PinFilesResult } from '../manifests/pinning.js';
import type { CommandContext, CommandOutcome } from './types.js';

export { pinFiles } from '../manifests/pinning.js';

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

/** The human-readable report: one line per change, a summary, and the diff for --dry-run. */
export function formatPinText(result: PinFilesResult, dryRun: boolean): string {
  const lines: string[] = [];
  let count = 0;
  for (const f of result.files) {
    for (const c of f.changes) {
      lines.push(`${f.path}:${c.line}  ${c.from} → ${c.to}`);
      count++;
    }
  }
  const files = result.files.length;
  const summary = `${count} change${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
  if (dryRun) {
    return `${result.diff}${lines.join('\n')}${lines.length ? '\n' : ''}${summary} (dry run: nothing written)\n`;
  }
  return `${lines.join('\n')}${lines.length ? '\n' : ''}${summary}\n`;
}

export async function runPin(
  opts: PinOptions,
  ctx: CommandContext,
): Promise<CommandOutcome<PinResult>> {
  if (opts.resolve) throw notImplemented('pin --resolve');
  const ref = opts.ref ?? '';
  const result = await pinFiles(ref, opts.paths, ctx, { dryRun: opts.dryRun });
  return {
    json: { ref, files: result.files },
    text: formatPinText(result, opts.dryRun),
    exitCode: 0,
  };
}
