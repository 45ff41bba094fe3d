/**
 * The fast path must agree with the full `yaml` parser: same image fields with the same ranges on
 * every corpus file, and on mutated copies (broken indentation, stray indicators, cut lines) it must
 * either agree or step aside — never accept what the full parser rejects.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter } from 'yaml';
import { fastParse } from '../../../src/manifests/fastparse.js';
import { locateImages, type LocatedFile } from '../../../src/manifests/locate.js';
import { corpusDir, corpusFiles, testCorpus } from '../../support/corpus.js';

const corpus = corpusFiles().map((p) => ({
  name: relative(corpusDir, p),
  text: readFileSync(p, 'utf8'),
}));

async function full(text: string): Promise<LocatedFile | 'malformed'> {
  return located(text, true);
}

/** The images located, or 'malformed' when the file is refused (a duplicate key: by either path). */
async function located(text: string, fullParse = false): Promise<LocatedFile | 'malformed'> {
  try {
    return await locateImages('x.yaml', text, { full: fullParse });
  } catch {
    return 'malformed';
  }
}

/** Deterministic PRNG (mulberry32) so a failure can be reproduced. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MUTATIONS: ((lines: string[], r: () => number) => void)[] = [
  (l, r) => l.splice(Math.floor(r() * l.length), 1),
  (l, r) => {
    const i = Math.floor(r() * l.length);
    l[i] = ' '.repeat(1 + Math.floor(r() * 3)) + (l[i] ?? '');
  },
  (l, r) => {
    const i = Math.floor(r() * l.length);
    l[i] = (l[i] ?? '').replace(/^ {1,2}/, '');
  },
  (l, r) => {
    const i = Math.floor(r() * l.length);
    const s = l[i] ?? '';
    const at = Math.floor(r() * (s.length + 1));
    const c = '"\'{}[]:-#&*|>!, @%?'[Math.floor(r() * 19)] ?? ':';
    l[i] = s.slice(0, at) + c + s.slice(at);
  },
  (l, r) => {
    const i = Math.floor(r() * l.length);
    l.splice(i, 0, l[i] ?? '');
  },
];

/** Plain JavaScript of a fast node, through the `yaml` type guards the locator uses. */
function toJS(node: unknown): unknown {
  if (isMap(node)) return Object.fromEntries(node.items.map((p) => [toJS(p.key), toJS(p.value)]));
  if (isSeq(node)) return node.items.map(toJS);
  if (isScalar(node)) return node.value;
  return node;
}

describe('fastParse', () => {
  testCorpus('takes most corpus files and agrees with the full parser on every one', async () => {
    let fast = 0;
    for (const { name, text } of corpus) {
      const reference = await full(text);
      const lines = new LineCounter();
      if (!fastParse(text, lines)) continue;
      fast++;
      expect({ name, images: reference === 'malformed' ? reference : reference.images }).toEqual({
        name,
        images: (await locateImages('x.yaml', text)).images,
      });
    }
    expect(fast / corpus.length).toBeGreaterThan(0.8);
  });

  testCorpus(
    'on 3,000 mutated corpus files: agrees with the full parser or steps aside',
    async () => {
      const r = rng(Number(process.env.FUZZ_SEED ?? 42));
      let fastTaken = 0;
      let malformedSeen = 0;
      const withImages = corpus.filter((f) => !f.text.includes('{{') && f.text.includes('image'));
      for (let n = 0; n < Number(process.env.FUZZ_N ?? 3000); n++) {
        const file = withImages[Math.floor(r() * withImages.length)];
        const lines = file.text.split('\n');
        for (let k = 0; k <= Math.floor(r() * 2); k++)
          MUTATIONS[Math.floor(r() * MUTATIONS.length)](lines, r);
        const text = lines.join('\n');
        const reference = await full(text);
        if (reference === 'malformed') malformedSeen++;
        if (!fastParse(text, new LineCounter())) continue;
        fastTaken++;
        const fast = await located(text);
        expect({
          n,
          file: file.name,
          text,
          images: reference === 'malformed' ? reference : reference.images,
        }).toEqual({
          n,
          file: file.name,
          text,
          images: fast === 'malformed' ? fast : fast.images,
        });
      }
      if (process.env.FUZZ_N) console.log({ fastTaken, malformedSeen });
      expect(malformedSeen).toBeGreaterThan(300);
      expect(fastTaken).toBeGreaterThan(1000);
    },
  );

  test.each([
    ['anchor', 'a: &x 1\n'],
    ['alias', 'a: *x\n'],
    ['tag', 'a: !!str 1\n'],
    ['multi-line flow', 'a: {b: 1,\n  c: 2}\n'],
    ['multi-line plain', 'a: b\n  c\n'],
    ['tab', 'a:\tb\n'],
    ['directive', '%YAML 1.2\n---\na: b\n'],
    ['complex key', '? a\n: b\n'],
    ['escape in double quotes', 'a: "b\\n"\n'],
    ['merge key', 'a:\n  <<: {b: 1}\n'],
    ['compact nested sequence', '- - a\n'],
    ['block scalar image', 'image: |\n  nginx\n'],
    ['bad indentation', 'a:\n  b: 1\n c: 2\n'],
    ['mapping in plain value', 'a: b: c\n'],
    ['lone CR line break', 'a: b\r# c\n'],
    ['not a document marker', 'a: b\n---#\n'],
  ])('steps aside on %s', (_n, text) => {
    expect(fastParse(text, new LineCounter())).toBeUndefined();
  });

  test('builds block, flow, quoted and null values', () => {
    const roots = fastParse(
      '\ufeff# c\na: 1\nb: "x" # c\nc: \'y\'\'z\'\nd:\ne: {f: [1, "2", g], h: {}}\ni: |\n  text\n    more\nj:\n- k\n-\n  l: m\n---\n- n\n',
      new LineCounter(),
    );
    expect(roots?.map(toJS)).toEqual([
      {
        a: '1',
        b: 'x',
        c: "y'z",
        d: null,
        e: { f: ['1', '2', 'g'], h: {} },
        i: '',
        j: ['k', { l: 'm' }],
      },
      ['n'],
    ]);
  });
});
