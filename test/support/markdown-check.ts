/**
 * Checks on rendered GitHub markdown built from untrusted strings (issue 8): split the way
 * CommonMark does (fenced code blocks vs the rest); outside fences only our own tags may appear.
 */
import { expect } from '@jest/globals';

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
export const shape = (md: string) =>
  outsideFences(md)
    .split('\n')
    .map((l) => /^(#+ |[-*+] |\| |\*\*|<\w+>|)/.exec(l)?.[0]);

/** Table rows have exactly their own cells (3 pipes); returns the markdown with those pipes gone. */
export function withoutTablePipes(md: string): string {
  return md
    .split('\n')
    .map((l) => {
      if (!l.startsWith('|')) return l;
      expect(l.split('|')).toHaveLength(4);
      return l.replace(/\|/g, ' ');
    })
    .join('\n');
}
