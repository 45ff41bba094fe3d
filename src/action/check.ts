/**
 * Check findings as annotations: after pinning, the action runs `digestpin check` (the same
 * command code: file finding, image location, rules) over the `manifests` paths and shows each
 * finding as an error or warning annotation on its file, line and column. Findings never fail the
 * step (the push has already happened); `digestpin check` in its own step is the gate. A check that
 * cannot run (an unreadable or malformed file) is a warning.
 */
import * as core from '@actions/core';
import { runCheck } from '../commands/check.js';
import type { CommandContext } from '../commands/types.js';
import { toDigestpinError } from '../errors.js';
import { annotationsOf } from '../report/github.js';
import { countFindings } from '../rules/index.js';
import { safeText } from '../report/terminal.js';

/** What the job summary says about the check. */
export interface CheckSummary {
  errors: number;
  warnings: number;
  /** Files with at least one finding (or skipped). */
  files: number;
  /** Set when the check could not run. */
  failed?: string;
}

/** Runs the rules over `paths` and emits one annotation per finding; never throws. */
export async function annotateFindings(
  paths: string[],
  ctx: CommandContext,
): Promise<CheckSummary | undefined> {
  if (paths.length === 0) return undefined;
  try {
    const outcome = await runCheck(
      { paths, fix: false, dryRun: false, ignore: [], format: 'json' },
      // Skipped files become annotations below; the logger would only repeat them.
      { ...ctx, logger: { ...ctx.logger, warn: (m) => ctx.logger.debug(m) } },
    );
    const { findings, skipped } = outcome.json;
    for (const a of annotationsOf({ findings, skipped })) {
      const props = { file: a.file, startLine: a.line, startColumn: a.column, title: a.title };
      // the message is the annotation's text: controls shown escaped, no `##[` in it
      const message = safeText(a.message);
      if (a.level === 'error') core.error(message, props);
      else core.warning(message, props);
    }
    const { errors, warnings } = countFindings(findings);
    const files = new Set([...findings.map((f) => f.path), ...skipped.map((s) => s.path)]).size;
    core.info(
      `check: ${errors} error(s), ${warnings} warning(s) in ${files} file(s); ` +
        'shown as annotations, they do not fail this step.',
    );
    return { errors, warnings, files };
  } catch (err) {
    const e = toDigestpinError(err);
    const failed = `${e.code}: ${e.message}`;
    core.warning(safeText(`digestpin: the manifests were not checked: ${failed}`));
    return { errors: 0, warnings: 0, files: 0, failed };
  }
}
