import { describe, expect, test } from '@jest/globals';
import { mutableTag } from '../../../src/rules/mutable-tag.js';
import { D, ctx, ref } from './context.js';

describe('mutable-tag', () => {
  test.each([
    ['nginx', ref('docker.io', 'library/nginx'), 'has no tag', 'nginx:<version>'],
    [
      'nginx:latest',
      ref('docker.io', 'library/nginx', 'latest'),
      'uses the tag `latest`',
      'nginx:<version>',
    ],
    [
      'localhost:5000/app',
      ref('localhost:5000', 'app'),
      'has no tag',
      'localhost:5000/app:<version>',
    ],
    [
      'localhost:5000/app:latest',
      ref('localhost:5000', 'app', 'latest'),
      'latest',
      'localhost:5000/app:<version>',
    ],
  ])('fires on %s', (value, parsed, says, fix) => {
    const hits = mutableTag.check(ctx(value, parsed));
    expect(hits).toHaveLength(1);
    expect(hits[0].message).toContain(says);
    expect(hits[0].message).toMatch(/imagePullPolicy Always/);
    expect(hits[0].fix).toBe(
      `use a release tag (${fix}), then run: digestpin pin --resolve k8s/deploy.yaml`,
    );
  });

  test.each([
    ['nginx:1.27', ref('docker.io', 'library/nginx', '1.27')],
    ['nginx:latest-alpine', ref('docker.io', 'library/nginx', 'latest-alpine')],
    ['nginx:Latest', ref('docker.io', 'library/nginx', 'Latest')],
    [`nginx@${D}`, ref('docker.io', 'library/nginx', undefined, D)],
    [`nginx:latest@${D}`, ref('docker.io', 'library/nginx', 'latest', D)],
  ])('passes %s', (value, parsed) => {
    expect(mutableTag.check(ctx(value, parsed))).toEqual([]);
  });

  test('kustomize: a rename without newTag passes, newTag latest fires', () => {
    expect(
      mutableTag.check(ctx('app', ref('docker.io', 'library/app'), { kind: 'kustomize' })),
    ).toEqual([]);
    const latest = ctx('app:latest', ref('docker.io', 'library/app', 'latest'), {
      kind: 'kustomize',
    });
    expect(mutableTag.check(latest)).toHaveLength(1);
  });

  test('an unparsed value is left to invalid-reference', () => {
    expect(mutableTag.check(ctx('Bad', undefined, { parseError: 'x' }))).toEqual([]);
  });
});
