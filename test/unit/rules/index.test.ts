import { describe, expect, test } from '@jest/globals';
import { DigestpinError } from '../../../src/errors.js';
import { RULES, countFindings, runRules, validateIgnore } from '../../../src/rules/index.js';
import { RULE_IDS, type ImageInput, type ParsedImage } from '../../../src/rules/types.js';
import { D } from './context.js';

// A small stand-in for reference.ts: enough grammar for these tables (lowercase names only).
function parse(value: string): ParsedImage {
  const m =
    /^(?:([a-z0-9.-]+\.[a-z]+(?::\d+)?|localhost(?::\d+)?)\/)?([a-z0-9._/-]+)(?::([\w][\w.-]*))?(?:@(sha256:[0-9a-f]{64}))?$/i.exec(
      value,
    );
  if (!m || /[A-Z]/.test(m[2])) throw new Error(`${value}: invalid reference format`);
  return { domain: m[1] ?? 'docker.io', path: m[2], tag: m[3], digest: m[4] };
}

const image = (value: string, line: number, extra: Partial<ImageInput> = {}): ImageInput => ({
  kind: 'container',
  value,
  line,
  column: 16,
  ignore: [],
  ...extra,
});

const rulesOf = (images: ImageInput[], ignore: string[] = []) =>
  runRules([{ path: 'a.yaml', images }], { ignore, parse }).map((f) => `${f.line}:${f.rule}`);

describe('runRules', () => {
  test('RULES follows RULE_IDS, each with its documentation', () => {
    expect(RULES.map((r) => r.id)).toEqual([...RULE_IDS]);
    for (const r of RULES) {
      expect(r.summary.length).toBeGreaterThan(10);
      expect(r.description.length).toBeGreaterThan(40);
      expect(r.help.length).toBeGreaterThan(10);
    }
  });

  test.each([
    ['nginx', ['1:unpinned-image', '1:mutable-tag']],
    ['nginx:latest', ['1:unpinned-image', '1:mutable-tag']],
    ['nginx:1.27', ['1:unpinned-image']],
    [`nginx:1.27@${D}`, []],
    [`nginx:latest@${D}`, ['1:latest-with-digest']],
    ['k8s.gcr.io/redis:e2e', ['1:unpinned-image', '1:legacy-registry']],
    [`k8s.gcr.io/pause:3.9@${D}`, ['1:legacy-registry']],
    ['Nginx:1.27', ['1:invalid-reference']],
    ['k8s.gcr.io/Redis', ['1:invalid-reference']],
    ['{{ .Values.image }}', []],
    ['repo/{{ .Values.name }}:1', []],
  ])('%s → %j', (value, expected) => {
    expect(rulesOf([image(value, 1)])).toEqual(expected);
  });

  test('an invalid reference with imagePullPolicy Never reports invalid-reference alone', () => {
    const img = image('Bad', 1, { pullPolicy: { value: 'Never', line: 2, column: 26 } });
    expect(rulesOf([img])).toEqual(['1:invalid-reference']);
  });

  test('never-pull-policy is reported at the policy line, findings sorted by position', () => {
    const img = image(`app:1@${D}`, 5, { pullPolicy: { value: 'Never', line: 3, column: 26 } });
    const findings = runRules([{ path: 'a.yaml', images: [image('nginx:1', 9), img] }], {
      ignore: [],
      parse,
    });
    expect(findings.map((f) => [f.line, f.column, f.rule, f.severity, f.image])).toEqual([
      [3, 26, 'never-pull-policy', 'warning', `app:1@${D}`],
      [9, 16, 'unpinned-image', 'error', 'nginx:1'],
    ]);
    expect(findings[1]).toMatchObject({ path: 'a.yaml', fix: 'digestpin pin --resolve a.yaml' });
  });

  test('--ignore drops a rule for the run', () => {
    expect(rulesOf([image('nginx', 1), image('k8s.gcr.io/x:1', 2)], ['unpinned-image'])).toEqual([
      '1:mutable-tag',
      '2:legacy-registry',
    ]);
  });

  test('an inline digestpin-ignore drops the rules it names on that image only', () => {
    const images = [
      image('nginx', 1, { ignore: ['unpinned-image', 'mutable-tag'] }),
      image('nginx', 2, { ignore: ['mutable-tag'] }),
      image('nginx', 3),
    ];
    expect(rulesOf(images)).toEqual(['2:unpinned-image', '3:unpinned-image', '3:mutable-tag']);
  });

  test('an unknown --ignore rule is a usage error naming the rules', () => {
    expect(() => rulesOf([], ['unpinned'])).toThrow(DigestpinError);
    let caught: unknown;
    try {
      validateIgnore(['unpinned', 'mutable-tag']);
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: 'USAGE', message: '--ignore unpinned: no such rule' });
    expect((caught as DigestpinError).hint).toContain('legacy-registry');
  });

  test('a parser throwing a non-Error still yields invalid-reference', () => {
    const findings = runRules([{ path: 'a.yaml', images: [image('x', 1)] }], {
      ignore: [],
      parse: () => {
        throw 'x: broken'; // eslint-disable-line @typescript-eslint/only-throw-error
      },
    });
    expect(findings.map((f) => f.rule)).toEqual(['invalid-reference']);
    expect(findings[0].message).toMatch(/^x: broken: /);
  });

  test('countFindings', () => {
    const findings = runRules(
      [{ path: 'a.yaml', images: [image(`nginx:latest@${D}`, 1), image('nginx', 2)] }],
      { ignore: [], parse },
    );
    expect(countFindings(findings)).toEqual({ errors: 2, warnings: 1 });
  });
});
