import { describe, expect, test } from '@jest/globals';
import { checkImages, type ManifestHeads } from '../../../../src/commands/verify/lookup.js';
import { collectImages } from '../../../../src/commands/verify/images.js';
import { DigestpinError } from '../../../../src/errors.js';
import type { ImageReference } from '../../../../src/reference.js';

const digest = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;
const V2S2 = 'application/vnd.docker.distribution.manifest.v2+json';
const OCI = 'application/vnd.oci.image.manifest.v1+json';

type Answer = { digest: string; mediaType: string; size: number } | undefined | DigestpinError;

/** A registry fake: answers by `host/path@digest` or `host/path:tag`, counts calls and concurrency. */
function fakeRegistry(answers: Record<string, Answer>, delayMs = 2) {
  const calls: string[] = [];
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  const heads: ManifestHeads = {
    async headManifest(ref: ImageReference) {
      const key = `${ref.domain}/${ref.path}${ref.digest ? `@${ref.digest}` : `:${ref.tag}`}`;
      calls.push(key);
      running.set(ref.domain, (running.get(ref.domain) ?? 0) + 1);
      peak.set(ref.domain, Math.max(peak.get(ref.domain) ?? 0, running.get(ref.domain)!));
      await new Promise((r) => setTimeout(r, delayMs));
      running.set(ref.domain, running.get(ref.domain)! - 1);
      const a = key in answers ? answers[key] : undefined;
      if (a instanceof DigestpinError) throw a;
      return a;
    },
  };
  return { heads, calls, peak };
}

const files = (values: string[]) => [
  { path: 'deploy.yaml', images: values.map((value, i) => ({ value, line: i + 1, column: 5 })) },
];

describe('checkImages', () => {
  test('one HEAD per distinct image, classified, in input order', async () => {
    const { pinned } = collectImages(
      files([
        `r.io/a:1@${digest(1)}`,
        `r.io/a@${digest(1)}`,
        `r.io/b@${digest(2)}`,
        `r.io/c@${digest(3)}`,
        `s.io/d@${digest(4)}`,
        `s.io/e@${digest(5)}`,
      ]),
    );
    const { heads, calls } = fakeRegistry({
      [`r.io/a@${digest(1)}`]: { digest: digest(1), mediaType: V2S2, size: 10 },
      [`r.io/c@${digest(3)}`]: new DigestpinError('DENIED', 'r.io/c: HTTP 403', 'grant pull'),
      [`s.io/d@${digest(4)}`]: new DigestpinError('REGISTRY_ERROR', 's.io/d: HTTP 500', 'later'),
      [`s.io/e@${digest(5)}`]: { digest: digest(5), mediaType: OCI, size: 10 },
    });
    const out = await checkImages(pinned, heads, {
      concurrency: 4,
      tagConsistency: false,
      requireFormat: 'v2s2',
    });
    expect(calls.sort()).toEqual([
      `r.io/a@${digest(1)}`,
      `r.io/b@${digest(2)}`,
      `r.io/c@${digest(3)}`,
      `s.io/d@${digest(4)}`,
      `s.io/e@${digest(5)}`,
    ]);
    expect(out.map((c) => [c.image.image, c.verdict.status])).toEqual([
      [`r.io/a@${digest(1)}`, 'ok'],
      [`r.io/b@${digest(2)}`, 'missing'],
      [`r.io/c@${digest(3)}`, 'unauthorized'],
      [`s.io/d@${digest(4)}`, 'error'],
      [`s.io/e@${digest(5)}`, 'error'],
    ]);
    expect(out[0].image.locations.map((l) => l.line)).toEqual([1, 2]);
  });

  test.each([1, 3, 8])('at most %i requests in flight per host', async (concurrency) => {
    const values = [];
    for (let i = 0; i < 40; i++) values.push(`r.io/repo${i}@${digest(i)}`);
    for (let i = 0; i < 12; i++) values.push(`s.io/repo${i}@${digest(100 + i)}`);
    const { heads, peak, calls } = fakeRegistry({});
    await checkImages(collectImages(files(values)).pinned, heads, {
      concurrency,
      tagConsistency: false,
    });
    expect(calls).toHaveLength(52);
    expect(peak.get('r.io')).toBe(concurrency);
    expect(peak.get('s.io')).toBe(concurrency);
  });

  test('the first request of a host, then of a repository, goes alone', async () => {
    const values = [1, 2, 3, 4].map((i) => `r.io/same@${digest(i)}`);
    const { heads, peak } = fakeRegistry({});
    const { pinned } = collectImages(files(values));
    // All in one repository: after the first, the rest run together.
    let firstDone = false;
    const order: string[] = [];
    const wrapped: ManifestHeads = {
      async headManifest(ref) {
        order.push(`${firstDone ? 'after' : 'before'}:${ref.digest}`);
        const r = await heads.headManifest(ref);
        firstDone = true;
        return r;
      },
    };
    await checkImages(pinned, wrapped, { concurrency: 8, tagConsistency: false });
    expect(order[0]).toBe(`before:${digest(1)}`);
    expect(order.slice(1).every((o) => o.startsWith('after:'))).toBe(true);
    expect(peak.get('r.io')).toBe(3);
  });

  test('an unreachable host is asked once, its other images get the same verdict', async () => {
    const values = [1, 2, 3].map((i) => `down.io/r${i}@${digest(i)}`);
    values.push(`up.io/x@${digest(9)}`);
    const unreachable = new DigestpinError(
      'UNREACHABLE',
      'down.io: DNS lookup failed: the host name does not resolve (ENOTFOUND)',
      'Check the host name.',
    );
    const { heads, calls } = fakeRegistry({
      [`down.io/r1@${digest(1)}`]: unreachable,
      [`down.io/r2@${digest(2)}`]: unreachable,
      [`down.io/r3@${digest(3)}`]: unreachable,
    });
    const out = await checkImages(collectImages(files(values)).pinned, heads, {
      concurrency: 8,
      tagConsistency: false,
    });
    expect(calls.filter((c) => c.startsWith('down.io'))).toHaveLength(1);
    expect(out.map((c) => c.verdict.status)).toEqual([
      'unreachable',
      'unreachable',
      'unreachable',
      'missing',
    ]);
    expect(out[1].verdict.message).toContain('DNS lookup failed');
    expect(out[1].verdict.message).toContain('not asked again');
  });

  test('--tag-consistency: same, drift, absent, unknown; not asked for unauthorized images', async () => {
    const { pinned } = collectImages(
      files([
        `r.io/a:same@${digest(1)}`,
        `r.io/a:moved@${digest(1)}`,
        `r.io/a:gone@${digest(1)}`,
        `r.io/a:broken@${digest(1)}`,
        `r.io/a@${digest(1)}`,
        `r.io/locked:v1@${digest(2)}`,
      ]),
    );
    const present = { digest: digest(1), mediaType: V2S2, size: 1 };
    const { heads, calls } = fakeRegistry({
      [`r.io/a@${digest(1)}`]: present,
      'r.io/a:same': present,
      'r.io/a:moved': { digest: digest(7), mediaType: V2S2, size: 1 },
      'r.io/a:broken': new DigestpinError('REGISTRY_ERROR', 'HTTP 500', ''),
      [`r.io/locked@${digest(2)}`]: new DigestpinError('UNAUTHORIZED', 'HTTP 401', ''),
    });
    const out = await checkImages(pinned, heads, { concurrency: 2, tagConsistency: true });
    expect(out[0].verdict.status).toBe('ok');
    expect(out[0].tags.map((t) => [t.tag, t.status, t.digest])).toEqual([
      ['same', 'same', digest(1)],
      ['moved', 'drift', digest(7)],
      ['gone', 'absent', undefined],
      ['broken', 'unknown', undefined],
    ]);
    expect(out[0].tags[1].message).toContain(`now points to ${digest(7)}`);
    expect(out[0].tags[1].locations).toEqual([{ path: 'deploy.yaml', line: 2, column: 5 }]);
    expect(out[1].tags).toEqual([]);
    expect(calls).not.toContain('r.io/locked:v1');
  });
});
