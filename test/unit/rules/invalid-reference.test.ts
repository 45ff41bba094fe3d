import { describe, expect, test } from '@jest/globals';
import { invalidReference } from '../../../src/rules/invalid-reference.js';
import { ctx, ref } from './context.js';

describe('invalid-reference', () => {
  test.each([
    ['Nginx', 'Nginx: repository name must be lowercase'],
    ['nginx:', 'nginx:: invalid reference format'],
  ])('fires on %s with the parse error', (value, parseError) => {
    const hits = invalidReference.check(ctx(value, undefined, { parseError }));
    expect(hits).toHaveLength(1);
    expect(hits[0].message).toBe(
      `${parseError}: the kubelet cannot parse it, so the pod fails with InvalidImageName`,
    );
    expect(hits[0].fix).toMatch(/\[registry\/\]repository/);
  });

  test('passes a parsed reference', () => {
    expect(invalidReference.check(ctx('nginx', ref('docker.io', 'library/nginx')))).toEqual([]);
  });
});
