import { describe, expect, test } from '@jest/globals';
import { code, fence, hiddenMarker, text } from '../../../src/action/markdown.js';
import { renderFailureSummary, renderSummary } from '../../../src/action/summary.js';
import type { PushResult } from '../../../src/commands/push.js';
import { DigestpinError } from '../../../src/errors.js';

/** What GitHub would show: numeric character references decoded (they are never markup). */
const decode = (s: string) =>
  s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

const hostile = [
  '<img src=x onerror=alert(1)>',
  '[click](https://evil.example)',
  '![x](https://evil.example/t.png)',
  '| col | injected |',
  '`code` **bold** _it_ ~~s~~',
  '</code><script>x</script>',
  '<!-- hidden -->',
  'line1\nline2\r\n# heading',
  '&lt; already escaped',
];

describe('text and code', () => {
  test.each(hostile)('%j carries no markup and reads back as itself', (value) => {
    for (const out of [text(value), code(value).slice(6, -7)]) {
      // once the character references are removed, no markdown or HTML punctuation is left
      expect(out.replace(/&#\d+;/g, '')).not.toMatch(/[<>[\]()|`*_~!#&\\-]/);
      expect(out).not.toMatch(/[\r\n]/);
      expect(decode(out)).toBe(value.replace(/[\r\n]+/g, ' '));
    }
  });

  test('plain references stay readable', () => {
    expect(text('registry.example/app')).toBe('registry&#46;example&#47;app');
    expect(code('v2s2')).toBe('<code>v2s2</code>');
  });
});

describe('fence', () => {
  test.each([
    ['plain', '```'],
    ['a ``` b', '````'],
    ['x\n`````\ny', '``````'],
  ])('body %j gets a fence of %s', (body, ticks) => {
    expect(fence(body, 'diff')).toBe(`${ticks}diff\n${body}\n${ticks}`);
  });
});

test('hiddenMarker cannot be closed by its value', () => {
  expect(hiddenMarker('digestpin:a--b')).toBe('<!-- digestpin:a&#45;&#45;b -->');
  expect(hiddenMarker('x --> <b>')).not.toMatch(/-->.*-->/);
});

const result: PushResult = {
  repository: '127.0.0.1:5000/demo/app',
  tag: 'abc1234-17-1',
  digest: `sha256:${'a'.repeat(64)}`,
  image: `127.0.0.1:5000/demo/app@sha256:${'a'.repeat(64)}`,
  ref: `127.0.0.1:5000/demo/app:abc1234-17-1@sha256:${'a'.repeat(64)}`,
  format: 'v2s2',
  pushed: true,
  files: [
    { path: 'k8s/deploy.yaml', changes: 2 },
    { path: 'k8s/<img src=x>|x|.yaml', changes: 1 },
  ],
};

describe('renderSummary', () => {
  test('ref, digest, format, pushed and files with line counts', () => {
    const md = renderSummary({
      result,
      dryRun: false,
      diffs: [
        {
          path: 'k8s/deploy.yaml',
          lines: [
            { kind: '-', line: 3, text: 'a' },
            { kind: '+', line: 3, text: 'b' },
            { kind: '-', line: 9, text: 'c' },
            { kind: '+', line: 9, text: 'd' },
            { kind: '+', line: 10, text: 'e' },
          ],
        },
      ],
    });
    expect(md).toMatch(/^## digestpin: pushed\n/);
    expect(decode(md)).toContain(`| ref | <code>${result.ref}</code> |`);
    expect(decode(md)).toContain(`| digest | <code>${result.digest}</code> |`);
    expect(md).toContain('| format | v2s2 |');
    expect(md).toContain('| pushed | yes |');
    // 3 lines added per the diff; the second file has no diff, so push's own count is used.
    expect(md).toContain('| <code>k8s&#47;deploy&#46;yaml</code> | 3 |');
    expect(md).toContain(
      '| <code>k8s&#47;&#60;img src&#61;x&#62;&#124;x&#124;&#46;yaml</code> | 1 |',
    );
    expect(md).not.toContain('<img');
    // every table row has exactly its own cells: no injected pipes
    for (const row of md.split('\n').filter((l) => l.startsWith('| '))) {
      expect(row.split('|').length).toBe(4);
    }
  });

  test.each([
    [false, false, 'no-op: the tag already held this image, nothing pushed', 'no'],
    [true, false, 'dry run: nothing pushed, nothing written', 'no'],
  ])('pushed=%s dryRun=%s', (dryRun, pushed, heading, cell) => {
    const md = renderSummary({ result: { ...result, pushed, files: [] }, diffs: [], dryRun });
    expect(decode(md.split('\n')[0])).toBe(`## digestpin: ${heading}`);
    expect(md).toContain(`| pushed | ${cell} |`);
    expect(md).toContain('No manifest files were changed.');
  });

  test.each([
    [{ errors: 0, warnings: 0, files: 0 }, 'Check: no findings in the manifests.'],
    [
      { errors: 1, warnings: 0, files: 1 },
      'Check: 1 error, 0 warnings in 1 file, shown as annotations (they do not fail this step).',
    ],
    [
      { errors: 3, warnings: 1, files: 2 },
      'Check: 3 errors, 1 warning in 2 files, shown as annotations (they do not fail this step).',
    ],
    [{ errors: 0, warnings: 0, files: 0, failed: 'MALFORMED_YAML: a.yaml' }, 'Check: not run ('],
  ])('check line %j', (check, line) => {
    const md = renderSummary({ result, diffs: [], dryRun: false, check });
    expect(md.trimEnd().split('\n').at(-1)).toContain(line);
  });

  test('no check (no manifests): no check line', () => {
    expect(renderSummary({ result, diffs: [], dryRun: false })).not.toContain('Check:');
  });

  test('failure summary escapes message and hint', () => {
    const md = renderFailureSummary(
      new DigestpinError('TAG_EXISTS', 'tag t1 holds <b>sha256:x</b>', 'use a [new](x) tag'),
    );
    expect(md).toMatch(/^## digestpin: failed \(TAG&#95;EXISTS, exit code 3\)/);
    expect(md).not.toMatch(/<b>|\[new\]/);
    expect(decode(md)).toContain('tag t1 holds <b>sha256:x</b>');
    expect(decode(md)).toContain('**hint:** use a [new](x) tag');
  });
});
