/**
 * Hostile YAML (issue 8, Security): alias bombs, files over the size limit and nesting deeper than
 * the parser's stack are refused or handled in bounded time and memory, with a clear error.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DigestpinError } from '../../../src/errors.js';
import { locateImages } from '../../../src/manifests/locate.js';
import {
  checkManifestSize,
  MAX_MANIFEST_BYTES,
  readManifest,
} from '../../../src/manifests/limits.js';

/** Runs `fn`, returning what it threw (or undefined), the time it took and the RSS it added. */
async function measure(fn: () => unknown): Promise<{ error: unknown; ms: number; rssMiB: number }> {
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  let error: unknown;
  try {
    await fn();
  } catch (err) {
    error = err;
  }
  return {
    error,
    ms: performance.now() - t0,
    rssMiB: (process.memoryUsage().rss - rss0) / 1024 / 1024,
  };
}

/** 10 levels of 10 aliases each: 10^9 nodes when expanded. */
function bomb(level0: string, wrap: (refs: string) => string): string {
  const lines = [`a0: &a0 ${level0}`];
  for (let i = 1; i < 10; i++) {
    const refs = Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ');
    lines.push(`a${i}: &a${i} ${wrap(refs)}`);
  }
  return `${lines.join('\n')}\n`;
}

const bombs: [string, string][] = [
  ['sequence of aliases (billion laughs)', bomb('{repository: x, tag: "1"}', (r) => `[${r}]`)],
  ['merge keys of merge keys', bomb('{repository: x, tag: "1"}', (r) => `{<<: [${r}]}`)],
  [
    'List items of List items',
    `kind: List\nitems:\n${bomb(
      '{kind: Pod, spec: {containers: [{name: a, image: "x:1"}]}}',
      (r) => `{kind: List, items: [${r}]}`,
    ).replace(/^a\d: /gm, '- ')}`,
  ],
];

describe('alias bombs cost what their text costs', () => {
  test.each(bombs)('%s: located in < 1 s and < 100 MiB', async (_name, text) => {
    let images = 0;
    const m = await measure(
      async () => (images = (await locateImages('bomb.yaml', text)).images.length),
    );
    expect(m.error).toBeUndefined();
    expect(m.ms).toBeLessThan(1000);
    expect(m.rssMiB).toBeLessThan(100);
    expect(images).toBe(1);
  });
});

const N = 100_000;
const deep: [string, string][] = [
  ['100k levels of [ (flow sequences)', `a: ${'['.repeat(N)}${']'.repeat(N)}\n`],
  ['100k levels of { (flow maps)', `${'{a: '.repeat(N)}1${'}'.repeat(N)}\n`],
  ['100k levels of "- " on one line', `${'- '.repeat(N)}x\n`],
  [
    '2000 levels of indented "-" lines',
    `${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}-\n`).join('')}  x\n`,
  ],
];

describe('nesting deeper than the parser can take is refused with a clear error', () => {
  test.each(deep)(
    '%s: MALFORMED_YAML "nested too deeply" in < 3 s and < 400 MiB',
    async (_n, text) => {
      const m = await measure(() => locateImages('deep.yaml', text));
      expect(m.error).toBeInstanceOf(DigestpinError);
      const err = m.error as DigestpinError;
      expect(err.code).toBe('MALFORMED_YAML');
      expect(err.exitCode).toBe(2);
      expect(err.message).toMatch(/^deep\.yaml:\d+:\d+: nested too deeply/);
      expect(err.hint).toMatch(/nothing was written/);
      expect(m.ms).toBeLessThan(3000);
      expect(m.rssMiB).toBeLessThan(400);
    },
  );

  test('200 levels of block maps (deep but real-looking) still parse', async () => {
    const text = Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}k${i}:\n`).join('');
    const found = await locateImages('ok.yaml', `${text}${'  '.repeat(200)}image: x\n`);
    expect(found.images).toEqual([]);
  });
});

describe('a one-line flow document is scanned once, not once per image', () => {
  test('2000 images on one 300 KB line: < 2 s', async () => {
    const items = Array.from(
      { length: 2000 },
      (_, i) => `{"kind":"Pod","spec":{"containers":[{"name":"c","image":"nginx:1.${i}"}]}}`,
    );
    const text = `{"kind":"List","items":[${items.join(',')}]} # digestpin-ignore: unpinned-image\n`;
    let images: { ignore: string[] }[] = [];
    const m = await measure(
      async () => (images = (await locateImages('one-line.json.yaml', text)).images),
    );
    expect(m.error).toBeUndefined();
    expect(images).toHaveLength(2000);
    expect(images[1999]?.ignore).toEqual(['unpinned-image']);
    expect(m.ms).toBeLessThan(2000);
  });
});

describe(`files over ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB are refused before they are parsed`, () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'digestpin-sec-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  test('a 50 MB file: readManifest refuses it from its size in < 200 ms, < 20 MiB', async () => {
    const file = path.join(dir, 'big.yaml');
    const line =
      'apiVersion: v1\nkind: Pod\nspec: {containers: [{name: a, image: "nginx:1"}]}\n---\n';
    await writeFile(file, line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)));
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const err = await readManifest(file, 'k8s/big.yaml').catch((e: unknown) => e);
    expect(performance.now() - t0).toBeLessThan(200);
    expect((process.memoryUsage().rss - rss0) / 1024 / 1024).toBeLessThan(20);
    expect(err).toBeInstanceOf(DigestpinError);
    expect((err as DigestpinError).code).toBe('INVALID_INPUT');
    expect((err as DigestpinError).message).toMatch(
      /^k8s\/big\.yaml: file is 50\.0 MiB, over the 8 MiB limit for a manifest; nothing was read or written$/,
    );
    expect((err as DigestpinError).hint).toMatch(/Split the file/);
  });

  test('a file at the limit is read', async () => {
    const file = path.join(dir, 'limit.yaml');
    await writeFile(file, '#'.repeat(MAX_MANIFEST_BYTES - 1) + '\n');
    expect((await readManifest(file)).length).toBe(MAX_MANIFEST_BYTES);
  });

  test('text over the limit is refused by locateImages (in-memory callers)', async () => {
    const text = '#'.repeat(MAX_MANIFEST_BYTES + 1);
    expect(() => checkManifestSize('x.yaml', text)).toThrow(/over the 8 MiB limit/);
    await expect(locateImages('x.yaml', text)).rejects.toThrow(/over the 8 MiB limit/);
  });
});
