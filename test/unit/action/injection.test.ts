// Untrusted strings (issue 8): file names, image paths, manifest lines and error text in the PR
// comment and the job summary cannot open a link, an image, an HTML element, a mention, a table
// cell, or end the hidden marker or a code fence. The rendered markdown is split the way
// CommonMark does (fenced code blocks vs the rest); outside fences only our own tags may appear.
import { describe, expect, test } from '@jest/globals';
import { markerFor, renderComment } from '../../../src/action/comment.js';
import { shellQuote } from '../../../src/shell.js';
import { renderDiff, type FileDiff } from '../../../src/action/diff.js';
import { renderFailureSummary, renderSummary } from '../../../src/action/summary.js';
import type { PushResult } from '../../../src/commands/push.js';
import { DigestpinError } from '../../../src/errors.js';
import {
  HOSTILE,
  expectInert,
  outsideFences,
  shape,
  withoutTablePipes,
} from '../../support/markdown-check.js';

const digest = `sha256:${'e'.repeat(64)}`;

function hostileResult(s: string): PushResult {
  const repository = `127.0.0.1:5000/${s}`;
  return {
    repository,
    tag: `t-${s}`,
    digest,
    image: `${repository}@${digest}`,
    ref: `${repository}:t-${s}@${digest}`,
    format: s,
    pushed: true,
    files: [{ path: `k8s/${s}.yaml`, changes: 1 }],
  } as PushResult;
}

function hostileDiffs(s: string, lines = 2): FileDiff[] {
  return [
    {
      path: `k8s/${s}.yaml`,
      lines: Array.from({ length: lines }, (_, i) => ({
        kind: i % 2 === 0 ? ('-' as const) : ('+' as const),
        line: 10,
        text: `        image: ${s}`,
      })),
    },
  ];
}

describe.each(HOSTILE.map((s) => [JSON.stringify(s), s]))('hostile string %s', (_name, s) => {
  test.each([2, 60])('PR comment (%i diff lines)', (n) => {
    const md = renderComment(hostileResult(s), hostileDiffs(s, n));
    expectInert(md);
    expect(shape(md)).toEqual(shape(renderComment(hostileResult('safe'), hostileDiffs('safe', n))));
    expect(md.startsWith(`${markerFor(hostileResult(s).repository)}\n`)).toBe(true);
    expect(outsideFences(md).match(/-->/g)).toHaveLength(1);
    expect(md.split('\n')[0]).toBe(markerFor(hostileResult(s).repository));
  });

  test('job summary (table rows keep their cells)', () => {
    const md = renderSummary({
      result: hostileResult(s),
      diffs: hostileDiffs(s),
      dryRun: false,
      check: { errors: 0, warnings: 0, files: 0, failed: s },
    });
    expectInert(withoutTablePipes(md));
    const safe = renderSummary({
      result: hostileResult('safe'),
      diffs: hostileDiffs('safe'),
      dryRun: false,
      check: { errors: 0, warnings: 0, files: 0, failed: 'safe' },
    });
    expect(shape(md)).toEqual(shape(safe));
  });

  test('failure summary', () => {
    const md = renderFailureSummary(new DigestpinError('TAG_EXISTS', s, s));
    expectInert(md);
    expect(shape(md)).toEqual(
      shape(renderFailureSummary(new DigestpinError('TAG_EXISTS', 's', 's'))),
    );
  });
});

test('the fence around a diff is longer than any backtick run inside it', () => {
  const s = '``````` not a fence end';
  const md = renderComment(hostileResult('x'), hostileDiffs(`\n${s}\n`));
  expect(outsideFences(md)).not.toContain('not a fence end');
});

test.each([
  ['k8s/deploy.yaml', 'k8s/deploy.yaml'],
  ["it's here.yaml", `'it'\\''s here.yaml'`],
  ['a\n::error::x.yaml', "$'a\\x0a::error::x.yaml'"],
  ["tab\t'\\.yaml", "$'tab\\x09\\'\\\\.yaml'"],
])('shellQuote(%j) = %s (one line, bash reads back the same word)', (word, quoted) => {
  expect(shellQuote(word)).toBe(quoted);
});

test('diff headers quote a path with a line break (no fake diff lines)', () => {
  const diff = renderDiff([
    { path: 'a\n+        image: evil\n.yaml', lines: [{ kind: '+', line: 1, text: 'x' }] },
  ]);
  expect(diff.split('\n')).toEqual([
    '--- "a/a\\n+        image: evil\\n.yaml"',
    '+++ "b/a\\n+        image: evil\\n.yaml"',
    '@@ line 1 @@',
    '+x',
  ]);
});
