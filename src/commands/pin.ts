import { pinFiles, type PinFilesResult } from '../manifests/pinning.js';
import { parseReference } from '../reference.js';
import { resolvePins, type ManifestHeads, type Unresolved } from './pin-resolve.js';
import type { CommandContext, CommandOutcome } from './types.js';
import { ecrHostCredentials } from '../registry/ecr/read-credentials.js';

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
  /** Text output lists every change, however many. */
  verbose?: boolean;
  /** Fail (NOTHING_PINNED, exit 2) when the paths hold no value of the ref's repository. */
  requirePin?: boolean;
}

export interface PinResult {
  ref?: string;
  files: { path: string; changes: { line: number; from: string; to: string }[] }[];
  /** --resolve: images whose digest could not be found, with the cause. */
  unresolved?: Unresolved[];
}

/** Past this many changes in one file, the text report prints one summary line for it. */
export const CHANGE_LINES_PER_FILE = 20;

/**
 * The human-readable report: one line per change (a summary line for a file with more than
 * CHANGE_LINES_PER_FILE, unless `verbose`), a total, and the diff for --dry-run.
 */
export function formatPinText(result: PinFilesResult, dryRun: boolean, verbose = false): string {
  const lines: string[] = [];
  let count = 0;
  for (const f of result.files) {
    count += f.changes.length;
    if (!verbose && f.changes.length > CHANGE_LINES_PER_FILE) {
      const first = f.changes[0]?.line ?? 0;
      const last = f.changes[f.changes.length - 1]?.line ?? 0;
      lines.push(
        `${f.path}: ${f.changes.length} changes, lines ${first}–${last} (--verbose or --json lists each)`,
      );
      continue;
    }
    for (const c of f.changes) lines.push(`${f.path}:${c.line}  ${c.from} → ${c.to}`);
  }
  const files = result.files.length;
  const summary = `${count} change${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
  if (dryRun) {
    return `${result.diff}${lines.join('\n')}${lines.length ? '\n' : ''}${summary} (dry run: nothing written)\n`;
  }
  return `${lines.join('\n')}${lines.length ? '\n' : ''}${summary}\n`;
}

/** --resolve; `heads` defaults to the registry client (tests pass a fake). */
export async function runPinResolve(
  opts: PinOptions,
  ctx: CommandContext,
  heads?: ManifestHeads,
): Promise<CommandOutcome<PinResult>> {
  // The registry client is loaded only for --resolve: a plain pin never speaks to a registry.
  const { RegistryClient } = await import('../registry/client.js');
  const client =
    heads ??
    new RegistryClient({
      authfile: opts.authfile,
      insecure: opts.insecure,
      env: ctx.env,
      logger: ctx.logger,
      credentials: ecrHostCredentials(ctx),
    });
  const r = await resolvePins(opts.paths, ctx, client, {
    dryRun: opts.dryRun,
    strict: opts.strict,
  });
  const failed = r.unresolved.map(
    (u) => `unresolved: ${u.message}${u.hint ? `\n  hint: ${u.hint}` : ''}\n`,
  );
  const strictFail = opts.strict && r.unresolved.length > 0;
  const text =
    failed.join('') +
    (strictFail
      ? `--strict: ${r.unresolved.length} image(s) could not be resolved; nothing written\n`
      : formatPinText(r, opts.dryRun, opts.verbose));
  return { json: { files: r.files, unresolved: r.unresolved }, text, exitCode: r.exitCode };
}

export async function runPin(
  opts: PinOptions,
  ctx: CommandContext,
): Promise<CommandOutcome<PinResult>> {
  if (opts.resolve) return runPinResolve(opts, ctx);
  const ref = opts.ref ?? '';
  const result = await pinFiles(ref, opts.paths, ctx, { dryRun: opts.dryRun });
  if (result.files.length === 0)
    await (
      await import('./no-pin.js')
    ).reportNoPin(parseReference(ref), opts.paths, ctx, Boolean(opts.requirePin));
  return {
    json: { ref, files: result.files },
    text: formatPinText(result, opts.dryRun, opts.verbose),
    exitCode: 0,
  };
}
