import { describe, expect, test } from '@jest/globals';
import { artifactUri, buildSarif, formatSarif } from '../../../src/report/sarif.js';
import { RULES } from '../../../src/rules/index.js';
import { legacy, never, report } from './fixtures.js';
import { validate, type Obj } from '../../support/sarif.js';

describe('SARIF 2.1.0', () => {
  test('the log meets the schema constraints and GitHub code scanning needs', () => {
    const doc: unknown = JSON.parse(
      formatSarif(report({ skipped: [{ path: 'charts/t.yaml', reason: 'not YAML' }] })),
    );
    expect(validate(doc)).toEqual([]);
  });

  test('an empty run is valid too', () => {
    expect(validate(buildSarif(report({ findings: [] })))).toEqual([]);
  });

  test('the validator catches what it is meant to', () => {
    const doc = buildSarif(report()) as Obj & { runs: Obj[] };
    const broken = JSON.parse(JSON.stringify(doc));
    broken.version = '2.0.0';
    broken.runs[0].results[0].ruleIndex = 4;
    broken.runs[0].results[0].level = 'fatal';
    broken.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri =
      'C:\\k8s\\a b.yaml';
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    broken.runs[0].tool.driver.rules[1].id = 'unpinned-image';
    broken.runs[0].tool.driver.extra = 1;
    expect(validate(broken).sort()).toEqual(
      [
        '$.runs[0].tool.driver: unexpected property extra',
        '$.version must be 2.1.0',
        '$.runs[0]: rule ids are not unique',
        '$.runs[0].results[0].level: bad level fatal',
        '$.runs[0].results[0]: ruleIndex does not point to ruleId',
        '$.runs[0].results[0].locations[0]: uri C:\\k8s\\a b.yaml is not a relative forward-slash uri reference',
        '$.runs[0].results[0].locations[0].region.startLine: not an integer >= 1',
      ].sort(),
    );
  });

  test('results point at their rule, with level, message, fix and position', () => {
    const doc = buildSarif(report()) as {
      runs: [
        {
          tool: { driver: { rules: { id: string; defaultConfiguration: { level: string } }[] } };
          results: Obj[];
        },
      ];
    };
    const [run] = doc.runs;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(run.tool.driver.rules.map((r) => r.defaultConfiguration.level)).toEqual(
      RULES.map((r) => r.severity),
    );
    expect(run.results).toEqual([
      {
        ruleId: 'legacy-registry',
        ruleIndex: 3,
        level: 'error',
        message: { text: `${legacy.message}. Fix: ${legacy.fix}` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'k8s/deploy.yaml' },
              region: { startLine: 21, startColumn: 16 },
            },
          },
        ],
      },
      expect.objectContaining({
        ruleId: 'never-pull-policy',
        ruleIndex: 4,
        level: 'warning',
        message: { text: `${never.message}. Fix: ${never.fix}` },
      }),
    ]);
  });

  test.each([
    ['k8s/deploy.yaml', 'k8s/deploy.yaml'],
    ['k8s\\win\\deploy.yaml', 'k8s/win/deploy.yaml'],
    ['my charts/a#b%.yaml', 'my%20charts/a%23b%25.yaml'],
    ['../other/x.yaml', '../other/x.yaml'],
  ])('artifactUri(%p) = %p', (path, uri) => {
    expect(artifactUri(path)).toBe(uri);
  });
});
