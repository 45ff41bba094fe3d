// yaml-nodes.ts stands in for the `yaml` library on the fast path (so that pin, check and verify do
// not load it): its guards and line counter must answer exactly as the library's do.
import { describe, expect, test } from '@jest/globals';
import * as yaml from 'yaml';
import { fastParse } from '../../../src/manifests/fastparse.js';
import { isAlias, isMap, isScalar, isSeq, LineCounter } from '../../../src/manifests/yaml-nodes.js';

const TEXT = `a: &x [1, {b: c}]
d: *x
e:
  - f
  - 'g'
h: |
  block
`;

/** Every node of a parsed document, and some values that are no node at all. */
function everything(): unknown[] {
  const doc = yaml.parseDocument(TEXT);
  const out: unknown[] = [null, undefined, 0, 'a: b', {}, [], { items: [] }, doc];
  yaml.visit(doc, (_key, node) => {
    out.push(node);
  });
  const fast = fastParse('k: v\nl:\n  - m\n', new LineCounter());
  if (!fast) throw new Error('fast path declined its own kind of text');
  const walk = (n: unknown): void => {
    out.push(n);
    const items = (n as { items?: unknown[] } | null)?.items;
    for (const item of items ?? []) {
      out.push(item);
      const pair = item as { key?: unknown; value?: unknown };
      if (pair.value !== undefined) walk(pair.value);
      else walk(item);
    }
  };
  fast.forEach(walk);
  return out;
}

describe('yaml-nodes', () => {
  const nodes = everything();
  type Guard = (node: unknown) => boolean;
  test.each<[string, Guard, Guard]>([
    ['isAlias', isAlias, yaml.isAlias],
    ['isMap', isMap, yaml.isMap],
    ['isScalar', isScalar, yaml.isScalar],
    ['isSeq', isSeq, yaml.isSeq],
  ])('%s agrees with the library on every node', (_name, ours, theirs) => {
    const a = nodes.map((n) => ours(n));
    expect(a).toEqual(nodes.map((n) => theirs(n)));
    expect(a.some(Boolean)).toBe(true);
  });

  test.each([
    ['one document', TEXT],
    ['CRLF and a BOM', `\uFEFF${TEXT.replace(/\n/g, '\r\n')}`],
    ['no final line break', 'a: b\nc: d'],
    ['empty', ''],
    // more lines than the counter first has room for (1,024)
    ['1,100 lines', Array.from({ length: 1100 }, (_, i) => `k${i}: v`).join('\n')],
  ])('the line counter places every offset as the library does (%s)', (_name, text) => {
    const ours = new LineCounter();
    const theirs = new yaml.LineCounter();
    yaml.parseAllDocuments(text, { lineCounter: ours });
    yaml.parseAllDocuments(text, { lineCounter: theirs });
    expect(ours.lineStarts).toEqual(theirs.lineStarts);
    for (let offset = 0; offset <= text.length + 1; offset++)
      expect([offset, ours.linePos(offset)]).toEqual([offset, theirs.linePos(offset)]);
  });
});
