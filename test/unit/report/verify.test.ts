import { describe, expect, test } from '@jest/globals';
import type { VerifyImage, VerifyResult } from '../../../src/report/types.js';
import {
  buildSarif,
  formatGithub,
  formatText,
  formatVerify,
  summaryLine,
} from '../../../src/report/verify.js';
import { validate } from '../../support/sarif.js';

const D = `sha256:${'d'.repeat(64)}`;
const E = `sha256:${'e'.repeat(64)}`;

function image(over: Partial<VerifyImage>): VerifyImage {
  return {
    image: `127.0.0.1:5000/app@${D}`,
    status: 'ok',
    message: 'present (application/vnd.docker.distribution.manifest.v2+json, 527 bytes)',
    hint: '',
    locations: [{ path: 'k8s/deploy.yaml', line: 20, column: 16 }],
    ...over,
  };
}

function result(images: VerifyImage[], unpinned = 0): VerifyResult {
  return { images, files: 3, unpinned, skipped: [] };
}

const missing = image({
  image: `127.0.0.1:5000/gone@${E}`,
  status: 'missing',
  message: 'manifest unknown: 127.0.0.1:5000 has no gone@…',
  hint: 'Push the image, or fix the pin: digestpin pin --resolve k8s/deploy.yaml',
  locations: [
    { path: 'k8s/deploy.yaml', line: 30, column: 16 },
    { path: 'k8s/job.yaml', line: 7, column: 12 },
  ],
});

describe('text', () => {
  test('all ok: one summary line, nothing else', () => {
    expect(formatText(result([image({}), image({ image: 'x' })], 4))).toBe(
      '2 pinned images in 3 files: all present; 4 unpinned images not verified (digestpin check reports them)\n',
    );
  });

  test.each([
    [result([]), 'no pinned images in 3 files'],
    [result([image({})]), '1 pinned image in 3 files: all present'],
    [
      result([image({}), missing, image({ status: 'unauthorized' })], 1),
      '3 pinned images in 3 files: 1 ok, 1 missing, 1 unauthorized; 1 unpinned image not verified (digestpin check reports them)',
    ],
  ])('summary %#', (r, line) => {
    expect(summaryLine(r)).toBe(line);
  });

  test('a problem: image, status, message, hint, every location', () => {
    expect(formatText(result([image({}), missing]))).toBe(
      [
        `missing  127.0.0.1:5000/gone@${E}`,
        '  manifest unknown: 127.0.0.1:5000 has no gone@…',
        '  fix: Push the image, or fix the pin: digestpin pin --resolve k8s/deploy.yaml',
        '  used at: k8s/deploy.yaml:30, k8s/job.yaml:7',
        '2 pinned images in 3 files: 1 ok, 1 missing',
        '',
      ].join('\n'),
    );
  });

  test('tag drift is listed but same tags are not', () => {
    const img = image({
      tags: [
        { tag: 'v1', status: 'same', digest: D, message: 'same', locations: [] },
        {
          tag: 'v2',
          status: 'drift',
          digest: E,
          message: `127.0.0.1:5000/app:v2 now points to ${E}`,
          locations: [{ path: 'a.yaml', line: 2, column: 3 }],
        },
      ],
    });
    expect(formatText(result([img]))).toBe(
      `tag drift  127.0.0.1:5000/app:v2 now points to ${E}  (a.yaml:2)\n` +
        '1 pinned image in 3 files: all present; 1 tag drifted\n',
    );
  });
});

describe('github', () => {
  test('one ::error per location of a failing image, nothing for ok ones', () => {
    const out = formatGithub(result([image({}), missing])).split('\n');
    expect(out).toEqual([
      `::error file=k8s/deploy.yaml,line=30,col=16,title=digestpin verify%3A missing::127.0.0.1:5000/gone@${E}: manifest unknown: 127.0.0.1:5000 has no gone@…%0Afix: Push the image, or fix the pin: digestpin pin --resolve k8s/deploy.yaml`,
      `::error file=k8s/job.yaml,line=7,col=12,title=digestpin verify%3A missing::127.0.0.1:5000/gone@${E}: manifest unknown: 127.0.0.1:5000 has no gone@…%0Afix: Push the image, or fix the pin: digestpin pin --resolve k8s/deploy.yaml`,
      '2 pinned images in 3 files: 1 ok, 1 missing',
      '',
    ]);
  });

  test('values from manifests cannot end the command or start another', () => {
    const evil = image({
      image: 'evil%0A::warning::x',
      status: 'error',
      message: 'line1\r\n::error::injected 100%',
      hint: 'h',
      locations: [{ path: 'dir,x:y/a%.yaml', line: 1, column: 1 }],
    });
    const [first, summary] = formatGithub(result([evil])).split('\n');
    expect(first).toBe(
      '::error file=dir%2Cx%3Ay/a%25.yaml,line=1,col=1,title=digestpin verify%3A error::evil%250A::warning::x: line1%0D%0A::error::injected 100%25%0Afix: h',
    );
    expect(first.split('\n')).toHaveLength(1);
    expect(summary.startsWith('::')).toBe(false);
  });

  test('drift is a notice', () => {
    const img = image({
      tags: [
        {
          tag: 'v2',
          status: 'drift',
          message: 'moved',
          locations: [{ path: 'a.yaml', line: 2, column: 3 }],
        },
      ],
    });
    expect(formatGithub(result([img]))).toContain(
      '::notice file=a.yaml,line=2,col=3,title=digestpin verify%3A tag drift::moved',
    );
  });
});

describe('sarif', () => {
  test('valid 2.1.0 shape: one result per failing image with all its locations', () => {
    const img = image({
      tags: [
        { tag: 'v2', status: 'drift', message: 'moved', locations: missing.locations.slice(1) },
      ],
    });
    const log = buildSarif(result([img, missing, { ...missing, status: 'unreachable' }])) as {
      version: string;
      $schema: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          locations: {
            physicalLocation: {
              artifactLocation: { uri: string };
              region: { startLine: number; startColumn: number };
            };
          }[];
        }[];
      }[];
    };
    expect(validate(log)).toEqual([]);
    expect(validate(buildSarif(result([])))).toEqual([]);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('digestpin');
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(run.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['verify-tag-drift', 'note'],
      ['verify-missing', 'error'],
      ['verify-unreachable', 'error'],
    ]);
    for (const r of run.results) expect(ids[r.ruleIndex]).toBe(r.ruleId);
    expect(run.results[1].locations.map((l) => l.physicalLocation.artifactLocation.uri)).toEqual([
      'k8s/deploy.yaml',
      'k8s/job.yaml',
    ]);
    expect(run.results[1].locations[1].physicalLocation.region).toEqual({
      startLine: 7,
      startColumn: 12,
    });
  });

  test('formatVerify dispatches on the format', () => {
    const r = result([missing]);
    expect(formatVerify(r, 'text')).toBe(formatText(r));
    expect(formatVerify(r, 'github')).toBe(formatGithub(r));
    expect(JSON.parse(formatVerify(r, 'sarif'))).toEqual(buildSarif(r));
    expect(JSON.parse(formatVerify(r, 'json'))).toEqual(r);
  });
});
