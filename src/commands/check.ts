/**
 * `digestpin check`: finds manifests, locates their images, runs the rules and reports in the
 * chosen format; exit 7 when an error-severity finding remains. `--fix` first rewrites legacy
 * registries in place (all files or none), then reports what is left.
 */
import { relative, sep } from 'node:path';
import { DigestpinError, ExitCode } from '../errors.js';
import { readManifestsInBatches } from '../manifests/limits.js';
import { unifiedDiff } from '../manifests/diff.js';
import { findManifestFiles } from '../manifests/find.js';
import { locateImages, type ImageField, type LocatedFile } from '../manifests/locate.js';
import { writeAllAtomically } from '../manifests/write.js';
import { parseReference } from '../reference.js';
import { formatReport, reportJson, type ReportFormat } from '../report/index.js';
import type { CheckReport, SkippedFile } from '../report/types.js';
import { countFindings, runRules, validateIgnore, type Finding } from '../rules/index.js';
import { planLegacyFixes } from './check-fix.js';
import type { CommandContext, CommandOutcome } from './types.js';

export type { ReportFormat } from '../report/index.js';
export type { Finding } from '../rules/index.js';

export interface CheckOptions {
  paths: string[];
  fix: boolean;
  dryRun: boolean;
  ignore: string[];
  format: ReportFormat;
}

export interface CheckResult {
  findings: Finding[];
  skipped: SkippedFile[];
  fixed: { path: string; changes: number }[];
}

/** A path as reported: relative to the working directory, forward slashes. */
function shownPath(cwd: string, file: string): string {
  return (relative(cwd, file) || file).split(sep).join('/');
}

/**
 * Reads and locates every file. A file that does not parse but contains template syntax is passed
 * over with a warning; any other malformed file fails the run (exit 2).
 */
async function locateAll(
  files: string[],
  ctx: CommandContext,
): Promise<{ located: LocatedFile[]; skipped: SkippedFile[] }> {
  const located: LocatedFile[] = [];
  const skipped: SkippedFile[] = [];
  await readManifestsInBatches(
    files,
    (file) => shownPath(ctx.cwd, file),
    async (file, shown, text) => {
      try {
        located.push({ ...(await locateImages(shown, text)), path: file });
      } catch (err) {
        if (!(
          err instanceof DigestpinError &&
          err.code === 'MALFORMED_YAML' &&
          text.includes('{{')
        ))
          throw err;
        const reason = `${err.message} (template syntax that is not YAML on its own; not checked)`;
        ctx.logger.warn(reason);
        skipped.push({ path: shown, reason });
      }
    },
  );
  return { located, skipped };
}

/** The rules a field is silenced for by --ignore or its inline comment. */
function ignoredFor(ignore: string[], rule: string): (field: ImageField) => boolean {
  return (field) => ignore.includes(rule) || field.ignore.includes(rule);
}

export async function runCheck(
  opts: CheckOptions,
  ctx: CommandContext,
): Promise<CommandOutcome<CheckResult>> {
  validateIgnore(opts.ignore);
  const files = await findManifestFiles(opts.paths, ctx.cwd);
  const { located, skipped } = await locateAll(files, ctx);

  let diff = '';
  const fixed: CheckReport['fixed'] = [];
  if (opts.fix) {
    const plans = located.map((f) =>
      planLegacyFixes(f, ignoredFor(opts.ignore, 'legacy-registry')),
    );
    const changed = plans.filter((p) => p.edits.length > 0 && p.newText !== p.text);
    for (const p of plans)
      for (const s of p.skipped) ctx.logger.warn(s.replace(p.path, shownPath(ctx.cwd, p.path)));
    diff = changed.map((p) => unifiedDiff(shownPath(ctx.cwd, p.path), p.text, p.edits)).join('');
    if (!opts.dryRun) {
      await writeAllAtomically(
        changed.map((p) => ({ path: p.path, text: p.newText, before: p.text })),
      );
      // Report what is left: locate the rewritten files again.
      for (const p of changed) {
        const i = located.findIndex((f) => f.path === p.path);
        located[i] = {
          ...(await locateImages(shownPath(ctx.cwd, p.path), p.newText)),
          path: p.path,
        };
      }
    }
    for (const p of changed)
      fixed.push({ path: shownPath(ctx.cwd, p.path), changes: p.changes.length });
  }

  const findings = runRules(
    located.map((f) => ({ path: shownPath(ctx.cwd, f.path), images: f.images })),
    { ignore: opts.ignore, parse: parseReference },
  );
  const report: CheckReport = { findings, files: files.length, skipped, fixed };
  const { errors } = countFindings(findings);
  const dry = opts.fix && opts.dryRun && opts.format === 'text' ? diff : '';
  return {
    json: reportJson(report),
    text: dry + formatReport(report, opts.format),
    exitCode: errors > 0 ? ExitCode.CHECK_FAILED : ExitCode.OK,
  };
}
