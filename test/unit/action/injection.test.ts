// Untrusted strings (issue 8): file names, image paths, manifest lines and error text in the PR
// comment and the job summary cannot open a link, an image, an HTML element, a mention, a table
// cell, or end the hidden marker or a code fence. The rendered markdown is split the way
// CommonMark does (fenced code blocks vs the rest); outside fences only our own tags may appear.
import { describe, expect, test } from '@jest/globals';
import { markerFor, renderComment, shellQuote } from '../../../src/action/comment.js';
import { renderDiff, type FileDiff } from '../../../src/action/diff.js';
import { renderFailureSummary, renderSummary } from '../../../src/action/summary.js';
import type { PushResult } from '../../../src/commands/push.js';
import { DigestpinError } from '../../../src/errors.js';

export const HOSTILE = [
  '[x](http://evil.example)',
  '![t](http://evil.example/t.png)',
  '<img src=x onerror=alert(1)>',
  '@octocat @org/team',
  '`tick` ```fence',
  'a|b|c',
  '--> <!-- x',
  'line\n::error::injected\n```\n# heading\n<script>x</script>',
  'https://evil.example/autolink www.evil.example',
  '&lt;entity&gt; &#60;',
  '*bold* _it_ ~~s~~ \\',
];

/** The markdown outside fenced code blocks (CommonMark: a fence closes with ≥ as many ticks). */
export function outsideFences(md: string): string {
  const out: string[] = [];
  let open = 0;
  for (const line of md.split('\n')) {
    const ticks = /^ {0,3}(`{3,})/.exec(line)?.[1].length ?? 0;
    if (open === 0 && ticks > 0) open = ticks;
    else if (open > 0 && ticks >= open && /^ {0,3}`+\s*$/.test(line)) open = 0;
    else if (open === 0) out.push(line);
  }
  expect(open).toBe(0); // every fence is closed
  return out.join('\n');
}

const OUR_TAGS = /<\/?(code|details|summary)>/g;

/** Nothing a hostile string carries is live markup outside the fences. */
export function expectInert(md: string): void {
  const prose = outsideFences(md);
  // the only HTML comment is the marker on the first line (comments) — and it is closed once
  const comments = prose.match(/<!--/g) ?? [];
  expect(comments.length).toBeLessThanOrEqual(1);
  if (comments.length === 1) expect(prose.split('\n')[0]).toMatch(/^<!-- [^<>]* -->$/);
  const rest = prose.replace(/^<!-- [^<>]* -->$/m, '').replace(OUR_TAGS, '');
  expect(rest).not.toMatch(/[<>[\]`@\\|]|https?:|www\./);
}

/** The block structure outside fences: how each line starts (`## `, `- `, `| `, `<details>`…). */
const shape = (md: string) =>
  outsideFences(md)
    .split('\n')
    .map((l) => /^(#+ |[-*+] |\| |\*\*|<\w+>|)/.exec(l)?.[0]);

/** Table rows have exactly their own cells (3 pipes); returns the markdown with those pipes gone. */
function withoutTablePipes(md: string): string {
  return md
    .split('\n')
    .map((l) => {
      if (!l.startsWith('|')) return l;
      expect(l.split('|')).toHaveLength(4);
      return l.replace(/\|/g, ' ');
    })
    .join('\n');
}

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
