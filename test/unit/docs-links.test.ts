/**
 * Every relative link of the README, CONTRIBUTING.md, SECURITY.md and docs/ resolves: the file or
 * folder exists in the repository, and an `#anchor` names a heading of the target.
 */
import { describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { anchorsOf, headingAnchor, relativeLinks } from '../support/markdown-links.js';

const root = resolve(import.meta.dirname, '../..');

function markdownUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? markdownUnder(join(dir, e.name))
      : e.name.endsWith('.md')
        ? [join(dir, e.name)]
        : [],
  );
}

const files = [
  ...['README.md', 'CONTRIBUTING.md', 'SECURITY.md'].map((f) => join(root, f)),
  ...markdownUnder(join(root, 'docs')),
].filter((f) => existsSync(f));

describe.each(files.map((f) => [relative(root, f), f]))('%s', (_name, file) => {
  const md = readFileSync(file, 'utf8');
  const links = relativeLinks(md);
  test.each(links.length > 0 ? links : ['#'])('%s resolves', (link) => {
    if (link === '#') return;
    const [path = '', anchor] = link.split('#');
    const target = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
    expect([link, relative(root, target).startsWith('..')]).toEqual([link, false]);
    expect([link, existsSync(target)]).toEqual([link, true]);
    if (anchor !== undefined && anchor !== '') {
      expect(statSync(target).isFile()).toBe(true);
      expect([link, anchorsOf(readFileSync(target, 'utf8')).has(anchor)]).toEqual([link, true]);
    }
  });
});

test('the link reader sees links and anchors as GitHub does', () => {
  const md =
    '# Exit codes\n\nSee [a](docs/a.md#x), [b](https://example.com), [c](<x>)\n\n```\n[d](no.md)\n```\n\n## Exit codes\n## What `pin` reads: files\n';
  expect(relativeLinks(md)).toEqual(['docs/a.md#x', 'x']);
  expect([...anchorsOf(md)]).toEqual(['exit-codes', 'exit-codes-1', 'what-pin-reads-files']);
  expect(headingAnchor('How push keeps a tag from being overwritten')).toBe(
    'how-push-keeps-a-tag-from-being-overwritten',
  );
});
