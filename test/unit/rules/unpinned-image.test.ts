import { describe, expect, test } from '@jest/globals';
import { unpinnedImage } from '../../../src/rules/unpinned-image.js';
import { D, ctx, ref } from './context.js';

describe('unpinned-image', () => {
  test.each([
    ['nginx', ref('docker.io', 'library/nginx')],
    ['nginx:1.27', ref('docker.io', 'library/nginx', '1.27')],
    ['nginx:latest', ref('docker.io', 'library/nginx', 'latest')],
    ['ghcr.io/o/app:v1', ref('ghcr.io', 'o/app', 'v1')],
    [
      `app@sha512:${'b'.repeat(128)}`,
      ref('docker.io', 'library/app', undefined, `sha512:${'b'.repeat(128)}`),
    ],
  ])('fires on %s', (value, parsed) => {
    const hits = unpinnedImage.check(ctx(value, parsed));
    expect(hits).toHaveLength(1);
    expect(hits[0].message).toContain(value);
    expect(hits[0].message).toMatch(/IfNotPresent/);
    expect(hits[0].fix).toBe('digestpin pin --resolve k8s/deploy.yaml');
    expect(hits[0].line).toBeUndefined();
  });

  test.each([
    [`nginx@${D}`, ref('docker.io', 'library/nginx', undefined, D)],
    [`nginx:1.27@${D}`, ref('docker.io', 'library/nginx', '1.27', D)],
    [`nginx:latest@${D}`, ref('docker.io', 'library/nginx', 'latest', D)],
  ])('passes %s', (value, parsed) => {
    expect(unpinnedImage.check(ctx(value, parsed))).toEqual([]);
  });

  test('a sha512 digest is named in the message', () => {
    const dg = `sha512:${'b'.repeat(128)}`;
    const [hit] = unpinnedImage.check(
      ctx(`app@${dg}`, ref('docker.io', 'library/app', undefined, dg)),
    );
    expect(hit.message).toContain('is not sha256');
  });

  test('a kustomize entry that only renames is left to its base', () => {
    const c = ctx('registry.k8s.io/app', ref('registry.k8s.io', 'app'), { kind: 'kustomize' });
    expect(unpinnedImage.check(c)).toEqual([]);
    const tagged = ctx('app:v2', ref('docker.io', 'library/app', 'v2'), { kind: 'kustomize' });
    expect(unpinnedImage.check(tagged)).toHaveLength(1);
  });

  test('an unparsed value is left to invalid-reference', () => {
    expect(unpinnedImage.check(ctx('Bad:Ref', undefined, { parseError: 'x' }))).toEqual([]);
  });
});
