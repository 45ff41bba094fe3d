import { countFindings } from '../rules/index.js';
import type { CheckReport } from './types.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The summary line: what was found (or not) in how many files. */
export function summaryLine(report: CheckReport): string {
  const { errors, warnings } = countFindings(report.findings);
  const files = plural(report.files, 'file');
  const skipped = report.skipped.length > 0 ? `, ${report.skipped.length} skipped` : '';
  const fixed = report.fixed.reduce((n, f) => n + f.changes, 0);
  const fixes = report.fixed.length > 0 ? `; fixed ${plural(fixed, 'image')}` : '';
  if (report.findings.length === 0) return `no problems in ${files}${skipped}${fixes}`;
  const inFiles = new Set(report.findings.map((f) => f.path)).size;
  return (
    `${plural(report.findings.length, 'problem')} (${plural(errors, 'error')}, ` +
    `${plural(warnings, 'warning')}) in ${inFiles} of ${files}${skipped}${fixes}`
  );
}

/** `path:line:col  severity  rule  message`, the fix under it, then the summary line. */
export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    lines.push(`${f.path}:${f.line}:${f.column}  ${f.severity}  ${f.rule}  ${f.message}`);
    lines.push(`  fix: ${f.fix}`);
  }
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}
