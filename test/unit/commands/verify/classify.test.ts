import { describe, expect, test } from '@jest/globals';
import {
  classifyFailure,
  classifyMissing,
  classifyPresent,
  exitCodeFor,
} from '../../../../src/commands/verify/classify.js';
import { shellQuote } from '../../../../src/shell.js';
import type { PinnedImage } from '../../../../src/commands/verify/images.js';
import type { VerifyStatus } from '../../../../src/report/types.js';
import { DigestpinError, type ErrorCode } from '../../../../src/errors.js';

const D = `sha256:${'a'.repeat(64)}`;
const image: PinnedImage = {
  image: `reg.example:5000/team/app@${D}`,
  ref: { domain: 'reg.example:5000', path: 'team/app', digest: D },
  locations: [
    { path: 'k8s/deploy.yaml', line: 20, column: 16 },
    { path: 'k8s/deploy.yaml', line: 40, column: 16 },
    { path: 'my dir/job.yaml', line: 3, column: 9 },
  ],
  tags: new Map(),
};
const V2S2 = 'application/vnd.docker.distribution.manifest.v2+json';
const LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const OCI = 'application/vnd.oci.image.manifest.v1+json';
const INDEX = 'application/vnd.oci.image.index.v1+json';

describe('classifyPresent', () => {
  test.each([
    [V2S2, undefined, 'ok'],
    [OCI, undefined, 'ok'],
    [V2S2, 'v2s2', 'ok'],
    [LIST, 'v2s2', 'ok'],
    [OCI, 'v2s2', 'error'],
    [INDEX, 'v2s2', 'error'],
    [OCI, 'oci', 'ok'],
    [INDEX, 'oci', 'ok'],
    [V2S2, 'oci', 'error'],
  ] as const)('%s with --require-format %s → %s', (mediaType, required, status) => {
    const v = classifyPresent(image, { mediaType, size: 527 }, required);
    expect(v.status).toBe(status);
    expect(v.mediaType).toBe(mediaType);
    if (status === 'ok') {
      expect(v.message).toBe(`present (${mediaType}, 527 bytes)`);
      expect(v.hint).toBe('');
    } else {
      expect(v.message).toContain(`is ${mediaType}`);
      expect(v.hint).toContain(`--format ${required}`);
    }
  });

  test('an OCI image under --require-format v2s2 names the old-runtime failure', () => {
    const v = classifyPresent(image, { mediaType: OCI, size: 1 }, 'v2s2');
    expect(v.message).toContain('archive/tar: invalid tar header');
    expect(v.hint).toContain("digestpin pin <ref> k8s/deploy.yaml 'my dir/job.yaml'");
  });
});

describe('classifyMissing', () => {
  test('names the pod failure and both fixes, with each file once', () => {
    const v = classifyMissing(image);
    expect(v.status).toBe('missing');
    expect(v.message).toContain('ErrImagePull: manifest unknown');
    expect(v.message).toContain(`team/app@${D}`);
    expect(v.hint).toBe(
      "Push the image to reg.example:5000/team/app, or fix the pin to what its tag holds now: digestpin pin --resolve k8s/deploy.yaml 'my dir/job.yaml'",
    );
  });

  test('a path with a line break stays one word on one line in the hint', () => {
    const v = classifyMissing({
      ...image,
      locations: [{ path: 'k8s/a\nb.yaml', line: 1, column: 8 }],
    });
    expect(v.hint).toMatch(/digestpin pin --resolve \$'k8s\/a\\x0ab\.yaml'$/);
    expect(v.hint).not.toContain('\n');
  });
});

describe('classifyFailure', () => {
  test.each([
    ['UNAUTHORIZED', 'unauthorized'],
    ['DENIED', 'unauthorized'],
    ['AWS_CREDENTIALS', 'unauthorized'],
    ['UNREACHABLE', 'unreachable'],
    ['TIMEOUT', 'unreachable'],
    ['REPOSITORY_NOT_FOUND', 'missing'],
    ['MANIFEST_UNKNOWN', 'missing'],
    ['REGISTRY_ERROR', 'error'],
    ['RATE_LIMITED', 'error'],
    ['INVALID_INPUT', 'error'],
  ] as [ErrorCode, VerifyStatus][])('%s → %s', (code, status) => {
    const err = new DigestpinError(code, `registry said ${code}`, `do ${code}`);
    const v = classifyFailure(image, err);
    expect(v.status).toBe(status);
    expect(v.message).toContain(`registry said ${code}`);
    if (status === 'unauthorized') {
      expect(v.hint).toContain('imagePullSecret for reg.example:5000');
      expect(v.hint).toContain('node IAM role');
      expect(v.hint).toContain(`do ${code}`);
    }
    if (status === 'unreachable') {
      expect(v.message).toMatch(/^cannot reach reg\.example:5000: /);
      expect(v.hint).toContain(`do ${code}`);
    }
    if (status === 'missing') expect(v.hint).toContain('digestpin pin --resolve');
    if (status === 'error') expect(v.hint).toBe(`do ${code}`);
  });

  test('anything else is an error that says it is a bug', () => {
    const v = classifyFailure(image, new TypeError('x is undefined'));
    expect(v).toEqual({
      status: 'error',
      message: `checking ${image.image} failed: x is undefined`,
      hint: expect.stringContaining('bug') as unknown as string,
    });
    expect(classifyFailure(image, 'str').message).toContain('failed: str');
  });
});

describe('exitCodeFor: unauthorized (4) > unreachable/error (5) > missing (6) > ok (0)', () => {
  test.each([
    [[], 0],
    [['ok', 'ok'], 0],
    [['ok', 'missing'], 6],
    [['missing', 'error'], 5],
    [['unreachable', 'missing'], 5],
    [['missing', 'unreachable', 'error'], 5],
    [['missing', 'unreachable', 'unauthorized'], 4],
    [['unauthorized', 'ok'], 4],
    [['error'], 5],
  ] as [VerifyStatus[], number][])('%j → %i', (statuses, code) => {
    expect(exitCodeFor(statuses)).toBe(code);
  });
});

test.each([
  ['k8s/a.yaml', 'k8s/a.yaml'],
  ['a b.yaml', "'a b.yaml'"],
  ["it's.yaml", `'it'\\''s.yaml'`],
  ['$(rm -rf).yaml', "'$(rm -rf).yaml'"],
])('shellQuote(%s) = %s (the paths in verify hints)', (input, out) => {
  expect(shellQuote(input)).toBe(out);
});
