/**
 * SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif): one run, the tool's
 * rules with their documentation, one result per finding located by a relative, forward-slash URI.
 */
import { RULES } from '../rules/index.js';
import type { Rule } from '../rules/types.js';
import { VERSION } from '../version.js';
import type { CheckReport } from './types.js';

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/digestpin/digestpin';

/** A file path as a relative URI reference: forward slashes, each segment percent-encoded. */
export function artifactUri(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment)))
    .join('/');
}

/** `legacy-registry` → `LegacyRegistry` (SARIF rule names). */
export function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase());
}

/** A result location: the file as a relative URI and the 1-based line and column. */
export function sarifLocation(path: string, line: number, column: number): Record<string, unknown> {
  return {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(path) },
      region: { startLine: line, startColumn: column },
    },
  };
}

/** The one-run SARIF log digestpin writes for check and verify. */
export function sarifLog(
  rules: Record<string, unknown>[],
  results: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'digestpin', informationUri: INFORMATION_URI, version: VERSION, rules },
        },
        ...extra,
        results,
      },
    ],
  };
}

function ruleDescriptor(rule: Rule): Record<string, unknown> {
  const name = pascalCase(rule.id);
  return {
    id: rule.id,
    name,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.description },
    help: { text: rule.help, markdown: rule.help },
    helpUri: `${INFORMATION_URI}#${rule.id}`,
    defaultConfiguration: { level: rule.severity },
    properties: {
      tags: ['kubernetes', 'containers', 'reliability'],
      precision: 'very-high',
      'problem.severity': rule.severity,
    },
  };
}

/** The SARIF log as an object (JSON.stringify it to write the file). */
export function buildSarif(report: CheckReport): Record<string, unknown> {
  const index = new Map(RULES.map((r, i) => [r.id as string, i]));
  const results = report.findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: index.get(f.rule) ?? -1,
    level: f.severity,
    message: { text: `${f.message}. Fix: ${f.fix}` },
    locations: [sarifLocation(f.path, f.line, f.column)],
  }));
  const notifications = report.skipped.map((s) => ({
    level: 'warning',
    message: { text: s.reason },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(s.path) } } }],
  }));
  return sarifLog(RULES.map(ruleDescriptor), results, {
    invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
  });
}

export function formatSarif(report: CheckReport): string {
  return `${JSON.stringify(buildSarif(report), null, 2)}\n`;
}
