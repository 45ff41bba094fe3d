import { describe, expect, test } from '@jest/globals';
import { formatReport, reportJson } from '../../../src/report/index.js';
import { formatText, summaryLine } from '../../../src/report/text.js';
import { legacy, never, report } from './fixtures.js';

describe('text report', () => {
  test('one line per finding, the fix under it, then the summary', () => {
    expect(formatText(report())).toBe(
      [
        'k8s/deploy.yaml:21:16  error  legacy-registry  k8s.gcr.io/redis:e2e: k8s.gcr.io was frozen on 3 Apr 2023',
        '  fix: registry.k8s.io/redis:e2e',
        'k8s/deploy.yaml:25:26  warning  never-pull-policy  imagePullPolicy Never for app:dev',
        '  fix: imagePullPolicy: IfNotPresent',
        '2 problems (1 error, 1 warning) in 1 of 3 files',
        '',
      ].join('\n'),
    );
  });

  test('nothing but the summary when clean', () => {
    expect(formatText(report({ findings: [] }))).toBe('no problems in 3 files\n');
    expect(formatText(report({ findings: [], files: 1 }))).toBe('no problems in 1 file\n');
  });

  test.each([
    [
      report({ findings: [legacy], skipped: [{ path: 't.yaml', reason: 'r' }] }),
      '1 problem (1 error, 0 warnings) in 1 of 3 files, 1 skipped',
    ],
    [
      report({ findings: [never, { ...never, path: 'b.yaml' }] }),
      '2 problems (0 errors, 2 warnings) in 2 of 3 files',
    ],
    [
      report({
        findings: [],
        fixed: [
          { path: 'a.yaml', changes: 2 },
          { path: 'b.yaml', changes: 1 },
        ],
      }),
      'no problems in 3 files; fixed 3 images',
    ],
    [
      report({ findings: [never], fixed: [{ path: 'a.yaml', changes: 1 }] }),
      '1 problem (0 errors, 1 warning) in 1 of 3 files; fixed 1 image',
    ],
  ])('summary %#', (r, line) => {
    expect(summaryLine(r)).toBe(line);
  });

  test('formatReport dispatches; json has the DESIGN shape', () => {
    const r = report();
    expect(formatReport(r, 'text')).toBe(formatText(r));
    expect(JSON.parse(formatReport(r, 'json'))).toEqual({
      findings: [legacy, never],
      skipped: [],
      fixed: [],
    });
    expect(reportJson(r).findings[0]).toEqual({
      path: 'k8s/deploy.yaml',
      line: 21,
      column: 16,
      rule: 'legacy-registry',
      severity: 'error',
      image: 'k8s.gcr.io/redis:e2e',
      message: legacy.message,
      fix: 'registry.k8s.io/redis:e2e',
    });
    expect(formatReport(r, 'github')).toMatch(/^::error /);
    expect(JSON.parse(formatReport(r, 'sarif'))).toHaveProperty('version', '2.1.0');
  });
});
