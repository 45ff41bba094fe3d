import { describe, expect, test } from '@jest/globals';
import { neverPullPolicy } from '../../../src/rules/never-pull-policy.js';
import { ctx, ref } from './context.js';

describe('never-pull-policy', () => {
  test('fires at the imagePullPolicy line', () => {
    const c = ctx('app:dev', ref('docker.io', 'library/app', 'dev'), {
      pullPolicy: { value: 'Never', line: 9, column: 26 },
    });
    const hits = neverPullPolicy.check(c);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ line: 9, column: 26 });
    expect(hits[0].message).toMatch(/ErrImageNeverPull/);
    expect(hits[0].message).toMatch(/k8s\.io namespace/);
    expect(hits[0].fix).toMatch(/^imagePullPolicy: IfNotPresent/);
  });

  test('is silent for an invalid reference (invalid-reference alone reports it)', () => {
    const c = ctx('App', undefined, {
      parseError: 'x',
      pullPolicy: { value: 'Never', line: 9, column: 26 },
    });
    expect(neverPullPolicy.check(c)).toEqual([]);
  });

  test.each(['Always', 'IfNotPresent', 'never', ''])('passes imagePullPolicy %p', (value) => {
    const c = ctx('app:dev', ref('docker.io', 'library/app', 'dev'), {
      pullPolicy: { value, line: 9, column: 26 },
    });
    expect(neverPullPolicy.check(c)).toEqual([]);
  });

  test('passes without imagePullPolicy', () => {
    expect(neverPullPolicy.check(ctx('app:dev', ref('docker.io', 'library/app', 'dev')))).toEqual(
      [],
    );
  });
});
