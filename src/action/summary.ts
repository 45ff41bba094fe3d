/**
 * The job summary: what was pushed (or found already there), the digest, the format and the files
 * pinned with their line counts; on failure the error code, message and hint. Every untrusted string
 * goes through markdown.ts.
 */
import type { PushResult } from '../commands/push.js';
import type { DigestpinError } from '../errors.js';
import type { CheckSummary } from './check.js';
import type { FileDiff } from './diff.js';
import { attestationLines } from './attestations.js';
import { code, text } from './markdown.js';

export interface SummaryInput {
  result: PushResult;
  /** Line diffs of the pinned files, when they could be computed. */
  diffs: FileDiff[];
  dryRun: boolean;
  /** The check over the manifests, when there were manifests to check. */
  check?: CheckSummary;
}

/** Fixed wording (no untrusted text), so it is not escaped. */
function outcome(result: PushResult, dryRun: boolean): string {
  if (dryRun) return 'dry run: nothing pushed, nothing written';
  if (result.pushed) return 'pushed';
  return 'no-op: the tag already held this image, nothing pushed';
}

/** One line about the check (its counts are numbers; the failure text is escaped). */
function checkLine(check: CheckSummary): string {
  if (check.failed) return `Check: not run (${text(check.failed)}).`;
  if (check.errors + check.warnings === 0) return 'Check: no findings in the manifests.';
  return (
    `Check: ${check.errors} error${check.errors === 1 ? '' : 's'}, ` +
    `${check.warnings} warning${check.warnings === 1 ? '' : 's'} in ${check.files} ` +
    `file${check.files === 1 ? '' : 's'}, shown as annotations (they do not fail this step).`
  );
}

/** Markdown for a successful run. */
export function renderSummary({ result, diffs, dryRun, check }: SummaryInput): string {
  const lines = [
    `## digestpin: ${outcome(result, dryRun)}`,
    '',
    '| | |',
    '| --- | --- |',
    `| ref | ${code(result.ref)} |`,
    `| digest | ${code(result.digest)} |`,
    `| tag | ${code(result.tag)} |`,
    `| format | ${text(result.format)} |`,
    `| pushed | ${result.pushed ? 'yes' : 'no'} |`,
    '',
    ...attestationLines(result, 'table'),
  ];
  if (result.files.length === 0) {
    lines.push('No manifest files were changed.');
  } else {
    lines.push('### Pinned files', '', '| file | lines changed |', '| --- | ---: |');
    for (const f of result.files) {
      const diff = diffs.find((d) => d.path === f.path);
      const changed = diff ? diff.lines.filter((l) => l.kind === '+').length : f.changes;
      lines.push(`| ${code(f.path)} | ${changed} |`);
    }
  }
  if (check) lines.push('', checkLine(check));
  return `${lines.join('\n')}\n`;
}

/** Markdown for a failed run. */
export function renderFailureSummary(error: DigestpinError): string {
  const lines = [
    `## digestpin: failed (${text(error.code)}, exit code ${error.exitCode})`,
    '',
    text(error.message),
  ];
  if (error.hint) lines.push('', `**hint:** ${text(error.hint)}`);
  return `${lines.join('\n')}\n`;
}
