// checkImages with a client that can confirm in bulk (confirmManifests): when it is used, what
// falls back to headManifest, and that verdicts, order and --require-format stay as one by one.
import { describe, expect, test } from '@jest/globals';
import { checkImages, type ManifestHeads } from '../../../../src/commands/verify/lookup.js';
import { collectImages } from '../../../../src/commands/verify/images.js';
import { DigestpinError } from '../../../../src/errors.js';
import type { ImageReference } from '../../../../src/reference.js';

const digest = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;
const V2S2 = 'application/vnd.docker.distribution.manifest.v2+json';
const OCI = 'application/vnd.oci.image.manifest.v1+json';
type Found = { digest: string; mediaType: string; size: number };
const found = (n: number, mediaType = V2S2): Found => ({ digest: digest(n), mediaType, size: n });
const key = (ref: ImageReference) =>
  `${ref.domain}/${ref.path}${ref.digest ? `@${ref.digest}` : `:${ref.tag}`}`;

/**
 * `present`: what the registry has (headManifest finds it); `confirms`: what confirmManifests
 * confirms (a subset, or a failure); `fail`: headManifest throws this for that key.
 */
function fake(
  present: Record<string, Found>,
  confirms: ((k: string) => boolean) | 'reject' | 'throw',
  fail: Record<string, DigestpinError> = {},
) {
  const single: string[] = [];
  const bulk: { keys: string[]; connections: number }[] = [];
  const heads: ManifestHeads = {
    async headManifest(ref) {
      single.push(key(ref));
      await new Promise((r) => setTimeout(r, 1 + (ref.digest ? Number(ref.digest.slice(-1)) : 0)));
      if (fail[key(ref)]) throw fail[key(ref)];
      return present[key(ref)];
    },
    confirmManifests(refs, connections) {
      bulk.push({ keys: refs.map(key), connections });
      if (confirms === 'throw') throw new Error('synchronous failure');
      if (confirms === 'reject') return Promise.reject(new Error('pipeline broke'));
      return Promise.resolve(refs.map((r) => (confirms(key(r)) ? present[key(r)] : undefined)));
    },
  };
  return { heads, single, bulk };
}

const pinned = (values: string[]) =>
  collectImages([
    { path: 'd.yaml', images: values.map((value, i) => ({ value, line: i + 1, column: 1 })) },
  ]).pinned;
const images = (host: string, from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `${host}/r${(from + i) % 3}@${digest(from + i)}`);
/** What the registry has: every value (its size is its digest's number), but those at `except`. */
const present = (values: string[], except: number[] = []) =>
  Object.fromEntries(
    values
      .filter((_, i) => !except.includes(i))
      .map((v) => [v, found(parseInt(v.slice(-64), 16))] as const),
  );
const base = { concurrency: 8, tagConsistency: false };

describe('checkImages with confirmManifests', () => {
  test.each([
    [8, 4],
    [2, 2],
  ])(
    'concurrency %i: the rest go in bulk over %i connections; unconfirmed fall back',
    async (concurrency, connections) => {
      const values = images('r.io', 0, 8);
      const has = present(values, [5]);
      const { heads, single, bulk } = fake(has, (k) => !k.endsWith('3') && !k.endsWith('5'));
      const out = await checkImages(pinned(values), heads, { ...base, concurrency });
      expect(bulk).toEqual([{ keys: values.slice(1), connections }]);
      expect(single.sort()).toEqual([values[0], values[3], values[5]].sort());
      expect(out.map((c) => c.verdict.status)).toEqual([
        'ok',
        'ok',
        'ok',
        'ok',
        'ok',
        'missing',
        'ok',
        'ok',
      ]);
      expect(out.map((c) => c.verdict.message)).toEqual(
        values.map((_, i) =>
          i === 5 ? expect.stringContaining('manifest unknown') : `present (${V2S2}, ${i} bytes)`,
        ),
      );
    },
  );

  test('fewer than 4 images on a host → no bulk call for it', async () => {
    const values = [...images('r.io', 0, 3), ...images('s.io', 3, 4)];
    const { heads, single, bulk } = fake(present(values), () => true);
    const out = await checkImages(pinned(values), heads, base);
    expect(bulk.map((b) => b.keys)).toEqual([values.slice(4)]);
    expect(single.sort()).toEqual([...values.slice(0, 4)].sort());
    expect(out.every((c) => c.verdict.status === 'ok')).toBe(true);
  });

  test.each([
    [
      'unreachable',
      new DigestpinError('UNREACHABLE', 'r.io: connection refused (ECONNREFUSED)', 'Check.'),
    ],
    ['error', new DigestpinError('RATE_LIMITED', 'r.io: HTTP 429 too many requests', 'Wait.')],
  ])('first image %s → no bulk call, the rest are not asked again', async (status, err) => {
    const values = images('r.io', 0, 6);
    const { heads, single, bulk } = fake(present(values), () => true, { [values[0]]: err });
    const out = await checkImages(pinned(values), heads, base);
    expect(bulk).toEqual([]);
    expect(single).toEqual([values[0]]);
    expect(out.map((c) => c.verdict.status)).toEqual(Array(6).fill(status));
    for (const c of out.slice(1)) expect(c.verdict.message).toContain('not asked again');
  });

  test('pipeline: false → no bulk call, every image one by one', async () => {
    const values = images('r.io', 0, 6);
    const { heads, single, bulk } = fake(present(values), () => true);
    const out = await checkImages(pinned(values), heads, { ...base, pipeline: false });
    expect(bulk).toEqual([]);
    expect(single.sort()).toEqual([...values].sort());
    expect(out.every((c) => c.verdict.status === 'ok')).toBe(true);
  });

  test.each(['reject', 'throw'] as const)(
    'a bulk call that fails (%s) → all fall back',
    async (how) => {
      const values = images('r.io', 0, 6);
      const { heads, single, bulk } = fake(present(values, [4]), how);
      const out = await checkImages(pinned(values), heads, base);
      expect(bulk).toHaveLength(1);
      expect(single.sort()).toEqual([...values].sort());
      expect(out.map((c) => c.verdict.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'missing', 'ok']);
    },
  );

  test('results stay in input order across interleaved hosts', async () => {
    const r = images('r.io', 0, 6);
    const s = images('s.io', 10, 5);
    const values = [r[0], s[0], s[1], r[1], r[2], s[2], r[3], s[3], r[4], r[5], s[4]];
    const { heads, bulk } = fake(present(values), (k) => k.startsWith('s.io') || k.endsWith('2'));
    const out = await checkImages(pinned(values), heads, base);
    expect(out.map((c) => c.image.image)).toEqual(values);
    // each verdict names its own image's size (its digest's number): nothing swapped
    expect(out.map((c) => c.verdict.message)).toEqual(
      values.map((v) => `present (${V2S2}, ${parseInt(v.slice(-64), 16)} bytes)`),
    );
    expect(bulk.map((b) => b.keys.length).sort()).toEqual([4, 5]);
  });

  test('--require-format applies to confirmed images; --tag-consistency still asks their tags', async () => {
    const values = [1, 2, 3, 4].map((n) => `r.io/a${n}:v${n}@${digest(n)}`);
    const has: Record<string, Found> = {};
    [1, 2, 3, 4].forEach((n) => {
      has[`r.io/a${n}@${digest(n)}`] = found(n, n % 2 ? OCI : V2S2);
      has[`r.io/a${n}:v${n}`] = found(n, n % 2 ? OCI : V2S2);
    });
    const { heads, single, bulk } = fake(has, () => true);
    const out = await checkImages(pinned(values), heads, {
      ...base,
      requireFormat: 'v2s2',
      tagConsistency: true,
    });
    expect(bulk).toHaveLength(1);
    expect(out.map((c) => c.verdict.status)).toEqual(['error', 'ok', 'error', 'ok']);
    expect(out[2].verdict.message).toEqual(
      out[0].verdict.message.replaceAll('a1', 'a3').replaceAll(digest(1), digest(3)),
    );
    expect(out[1].tags.map((t) => t.status)).toEqual(['same']);
    expect(single.filter((k) => k.includes(':v'))).toHaveLength(2);
  });
});
