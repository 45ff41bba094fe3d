import { describe, expect, test } from '@jest/globals';
import { latestWithDigest } from '../../../src/rules/latest-with-digest.js';
import { D, ctx, ref } from './context.js';

describe('latest-with-digest', () => {
  test.each([
    [`nginx:latest@${D}`, ref('docker.io', 'library/nginx', 'latest', D), `nginx@${D}`],
    [
      `registry.k8s.io/pause:latest@${D}`,
      ref('registry.k8s.io', 'pause', 'latest', D),
      `registry.k8s.io/pause@${D}`,
    ],
  ])('fires on %s with the fixed value %s', (value, parsed, fixed) => {
    const hits = latestWithDigest.check(ctx(value, parsed));
    expect(hits).toHaveLength(1);
    expect(hits[0].message).toMatch(/imagePullPolicy Always/);
    expect(hits[0].fix).toBe(fixed);
  });

  test.each([
    ['nginx:latest', ref('docker.io', 'library/nginx', 'latest')],
    [`nginx:1.27@${D}`, ref('docker.io', 'library/nginx', '1.27', D)],
    [`nginx@${D}`, ref('docker.io', 'library/nginx', undefined, D)],
    ['nginx', ref('docker.io', 'library/nginx')],
  ])('passes %s', (value, parsed) => {
    expect(latestWithDigest.check(ctx(value, parsed))).toEqual([]);
  });

  test('an unparsed value is left to invalid-reference', () => {
    expect(latestWithDigest.check(ctx('x', undefined, { parseError: 'x' }))).toEqual([]);
  });
});
