import { describe, test, expect } from '@jest/globals';
import { DigestpinError } from '../../src/errors.js';
import {
  InvalidReferenceError,
  familiarString,
  formatReference,
  globRegExp,
  isValidDigest,
  isValidTag,
  parseReference,
  repositoryName,
  sameRepository,
  tryParseReference,
  withDigest,
  withName,
  withTag,
} from '../../src/reference.js';

const hex64 = 'a'.repeat(64);

describe('parseReference (ParseNormalizedNamed) and formatting', () => {
  test.each([
    ['nginx', 'docker.io/library/nginx', 'nginx'],
    ['nginx:1.27', 'docker.io/library/nginx:1.27', 'nginx:1.27'],
    ['index.docker.io/library/nginx', 'docker.io/library/nginx', 'nginx'],
    ['bitnami/redis:7', 'docker.io/bitnami/redis:7', 'bitnami/redis:7'],
    ['localhost/app', 'localhost/app', 'localhost/app'],
    [
      '127.0.0.1:5000/demo/app:1a2b3c4-17-1',
      '127.0.0.1:5000/demo/app:1a2b3c4-17-1',
      '127.0.0.1:5000/demo/app:1a2b3c4-17-1',
    ],
    [
      `ghcr.io/o/app:v1@sha256:${hex64}`,
      `ghcr.io/o/app:v1@sha256:${hex64}`,
      `ghcr.io/o/app:v1@sha256:${hex64}`,
    ],
    [
      `busybox@sha256:${hex64}`,
      `docker.io/library/busybox@sha256:${hex64}`,
      `busybox@sha256:${hex64}`,
    ],
  ])('%s → %s (familiar %s)', (input, canonical, familiar) => {
    const ref = parseReference(input);
    expect(formatReference(ref)).toBe(canonical);
    expect(familiarString(ref)).toBe(familiar);
    expect(tryParseReference(input)).toEqual(ref);
  });

  test('no default tag is added', () => {
    expect(parseReference('nginx')).toEqual({ domain: 'docker.io', path: 'library/nginx' });
    expect(repositoryName(parseReference('nginx:1'))).toBe('docker.io/library/nginx');
  });

  test.each([
    ['', 'repository name is missing'],
    ['Nginx', 'repository name must be lowercase'],
    ['ghcr.io/Org/app', 'repository name must be lowercase'],
    [
      `ghcr.io/${'a'.repeat(256)}`,
      'repository name must not be more than 255 characters (it has 256)',
    ],
    [`nginx:${'t'.repeat(129)}`, 'invalid tag format'],
    ['nginx:-x', 'invalid tag format "-x"'],
    ['nginx@sha256:abc', 'invalid digest format "sha256:abc"'],
    [`nginx@sha256:${'a'.repeat(63)}`, 'invalid digest length: sha256 needs 64 hex digits, got 63'],
    [`nginx@md5:${'a'.repeat(32)}`, 'unsupported digest algorithm "md5"'],
    [`nginx@sha256:${'A'.repeat(64)}`, 'invalid digest format'],
    ['nginx :1', 'contains whitespace'],
    ['ghcr.io/a$b/c', 'invalid repository path component "a$b"'],
    ['-bad-/app', 'invalid repository path component "-bad-"'],
    ['-bad-.io/app', 'invalid registry domain "-bad-.io"'],
    ['nginx: 1', 'contains whitespace'],
    [':tag', 'repository name is missing'],
    ['ghcr.io/app:v1:v2', 'invalid tag format "v1:v2"'],
    [hex64, 'image ID, not a repository name'],
  ])('%j is refused: %s', (input, why) => {
    let err: unknown;
    try {
      parseReference(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidReferenceError);
    expect(err).toBeInstanceOf(DigestpinError);
    const e = err as InvalidReferenceError;
    expect(e.code).toBe('INVALID_REFERENCE');
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(why);
    expect(e.message.startsWith(input === '' ? '(empty reference): ' : `${input}: `)).toBe(true);
    expect(e.hint.length).toBeGreaterThan(10);
    expect(tryParseReference(input)).toBeUndefined();
  });
});

describe('sameRepository', () => {
  test.each([
    ['nginx', 'docker.io/library/nginx:1.27', true],
    ['index.docker.io/library/nginx', `nginx@sha256:${hex64}`, true],
    ['ghcr.io/o/app:1', 'ghcr.io/o/app:2', true],
    ['ghcr.io/o/app', 'ghcr.io/o/app2', false],
    ['localhost:5000/app', 'localhost/app', false],
    ['nginx', 'Not A Reference', false],
  ])('%s vs %s → %s', (a, b, same) => {
    expect(sameRepository(a, b)).toBe(same);
    expect(sameRepository(parseReference(a), b)).toBe(same);
  });
});

describe('tags and digests', () => {
  test.each([
    ['1a2b3c4-17-1', true],
    ['v1.2.3', true],
    ['_x', true],
    ['Latest', true],
    ['a'.repeat(128), true],
    ['a'.repeat(129), false],
    ['', false],
    ['.x', false],
    ['-x', false],
    ['a/b', false],
    ['a:b', false],
    ['a+b', false],
  ])('isValidTag(%j) = %s', (tag, ok) => expect(isValidTag(tag)).toBe(ok));

  test.each([
    [`sha256:${hex64}`, true],
    [`sha384:${'0'.repeat(96)}`, true],
    [`sha512:${'0'.repeat(128)}`, true],
    [`sha256:${'a'.repeat(63)}`, false],
    [`sha256:${'A'.repeat(64)}`, false],
    [`md5:${'a'.repeat(32)}`, false],
    [hex64, false],
    ['sha256:', false],
  ])('isValidDigest(%j) = %s', (digest, ok) => expect(isValidDigest(digest)).toBe(ok));

  test('withTag/withDigest refuse bad input with the reason', () => {
    const named = withName('ghcr.io/o/app');
    expect(() => withTag(named, 'bad tag')).toThrow('invalid tag format');
    expect(() => withDigest(named, 'sha256:xyz')).toThrow('invalid digest format');
    expect(() => withName('ghcr.io/o/app:tag')).toThrow('not a repository name');
    expect(formatReference(withDigest(withTag(named, 'v1'), `sha256:${hex64}`))).toBe(
      `ghcr.io/o/app:v1@sha256:${hex64}`,
    );
  });
});

describe('globRegExp (Go path.Match)', () => {
  test.each([
    ['foo/*', 'foo/bar', true],
    ['foo/*', 'foo/bar/baz', false],
    ['fo?/bar', 'foo/bar', true],
    ['fo?', 'fo/', false],
    ['ba[rz]', 'baz', true],
    ['ba[^rz]', 'baz', false],
    ['ba[^rz]', 'bat', true],
    ['ba[a-c]', 'bab', true],
    ['ba[a-c]', 'bad', false],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['a[\\]]b', 'a]b', true],
    ['a.b', 'axb', false],
    ['a+(b)', 'a+(b)', true],
  ])('%s matches %s: %s', (pattern, input, match) => {
    expect(globRegExp(pattern).test(input)).toBe(match);
  });

  test('an unterminated class is refused', () => {
    expect(() => globRegExp('ba[rz')).toThrow('unterminated [');
  });
});
