/** The check reporters behind `--format text|json|github|sarif`. */
import { formatGithub } from './github.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';
import type { CheckReport } from './types.js';

export type { CheckReport, SkippedFile } from './types.js';
export type ReportFormat = 'text' | 'json' | 'github' | 'sarif';

/** The JSON document of DESIGN.md (check), with what was skipped and fixed besides. */
export function reportJson(report: CheckReport): {
  findings: CheckReport['findings'];
  skipped: CheckReport['skipped'];
  fixed: CheckReport['fixed'];
} {
  return { findings: report.findings, skipped: report.skipped, fixed: report.fixed };
}

/** The text printed on stdout for a format (json is printed by the CLI from the outcome's json). */
export function formatReport(report: CheckReport, format: ReportFormat): string {
  switch (format) {
    case 'github':
      return formatGithub(report);
    case 'sarif':
      return formatSarif(report);
    case 'json':
      return `${JSON.stringify(reportJson(report), null, 2)}\n`;
    case 'text':
      return formatText(report);
  }
}
