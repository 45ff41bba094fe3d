/**
 * The relative links of our own markdown (README, CONTRIBUTING, docs/), and the anchors a file
 * offers, the way GitHub renders them; links inside fenced code blocks are not links.
 */
import { outsideFences } from './markdown-check.js';

/** `[text](target)` targets outside fences that point into the repository (no scheme, no `//`). */
export function relativeLinks(md: string): string[] {
  const links: string[] = [];
  for (const m of outsideFences(md).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = (m[1] ?? '').replace(/^<(.*)>$/, '$1');
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
    links.push(target);
  }
  return links;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of every heading outside fences (duplicates get GitHub's -1, -2, … suffixes). */
export function anchorsOf(md: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of outsideFences(md).split('\n')) {
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const base = headingAnchor(h[1] ?? '');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}
