import { describe, expect, test } from '@jest/globals';
import {
  ensureImmutableDecision,
  mutabilityForTag,
  wildcardMatch,
} from '../../../../src/registry/ecr/mutability.js';

describe('wildcardMatch (ECR WILDCARD exclusion filters)', () => {
  test.each([
    ['latest', 'latest', true],
    ['latest', 'latest2', false],
    ['latest', 'Latest', false],
    ['*', 'anything', true],
    ['dev-*', 'dev-', true],
    ['dev-*', 'dev-abc', true],
    ['dev-*', 'prod-abc', false],
    ['dev-*', 'xdev-abc', false],
    ['*-snapshot', 'v1-snapshot', true],
    ['*-snapshot', 'v1-snapshot.1', false],
    ['v*.*.*', 'v1.2.3', true],
    ['v*.*.*', 'v1.2', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'acb', false],
    ['ab*ba', 'aba', false],
    ['**', '', true],
    ['sha-*', 'sha-4e1b2c3', true],
    ['release.*', 'releaseX1', false],
  ])('%s ~ %s → %s', (filter, tag, expected) => {
    expect(wildcardMatch(filter, tag)).toBe(expected);
  });
});

describe('mutabilityForTag', () => {
  const f = (...filters: string[]) => filters.map((filter) => ({ filterType: 'WILDCARD', filter }));
  test.each([
    ['MUTABLE', [], 'main-1', false, undefined],
    [undefined, [], 'main-1', false, undefined],
    ['IMMUTABLE', [], 'main-1', true, undefined],
    ['IMMUTABLE_WITH_EXCLUSION', f('latest', 'dev-*'), 'main-1', true, undefined],
    ['IMMUTABLE_WITH_EXCLUSION', f('latest', 'dev-*'), 'dev-7', false, 'dev-*'],
    ['MUTABLE_WITH_EXCLUSION', f('release-*'), 'release-3', true, 'release-*'],
    ['MUTABLE_WITH_EXCLUSION', f('release-*'), 'main-1', false, undefined],
    ['SOMETHING_NEW', [], 'main-1', false, undefined],
  ])('%s %j tag %s → immutable %s', (mutability, filters, tag, immutable, matched) => {
    const r = mutabilityForTag(mutability, filters, tag);
    expect(r.immutableForTag).toBe(immutable);
    expect(r.matchedFilter).toBe(matched);
    expect(r.mutability).toBe(mutability ?? 'MUTABLE');
    if (immutable) expect(r.warning).toBeUndefined();
    else expect(r.warning).toContain('the guard is check-then-push, not atomic');
  });

  test('non-WILDCARD or malformed filters are ignored', () => {
    const r = mutabilityForTag(
      'IMMUTABLE_WITH_EXCLUSION',
      [{ filterType: 'REGEX', filter: '.*' }, { filterType: 'WILDCARD' }, { filter: 'x*' }],
      'xyz',
    );
    expect(r.exclusionFilters).toEqual(['x*']);
    expect(r.immutableForTag).toBe(false);
  });

  test('the warning names the exclusion filter that made the tag mutable', () => {
    const r = mutabilityForTag('IMMUTABLE_WITH_EXCLUSION', f('ci-*'), 'ci-9');
    expect(r.warning).toContain('matches the exclusion filter "ci-*"');
  });
});

describe('ensureImmutableDecision', () => {
  const f = (...filters: string[]) => filters.map((filter) => ({ filterType: 'WILDCARD', filter }));
  test('MUTABLE → IMMUTABLE', () => {
    expect(ensureImmutableDecision(mutabilityForTag('MUTABLE', [], 't'), 't')).toEqual({
      change: true,
      to: 'IMMUTABLE',
    });
  });
  test.each([
    ['IMMUTABLE', [], 't', /already immutable/],
    ['IMMUTABLE_WITH_EXCLUSION', f('dev-*'), 'main', /already immutable/],
    ['MUTABLE_WITH_EXCLUSION', f('main*'), 'main', /already immutable/],
    ['IMMUTABLE_WITH_EXCLUSION', f('dev-*'), 'dev-1', /matches the exclusion filter "dev-\*"/],
    ['MUTABLE_WITH_EXCLUSION', f('release-*'), 'main', /does not rewrite exclusion filters/],
  ])('%s %j tag %s: no change', (m, filters, tag, reason) => {
    const d = ensureImmutableDecision(mutabilityForTag(m, filters, tag), tag);
    expect(d.change).toBe(false);
    if (!d.change) expect(d.reason).toMatch(reason);
  });
});
