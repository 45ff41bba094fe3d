import { describe, expect, test } from '@jest/globals';
import { DigestpinError } from '../../../../src/errors.js';
import {
  ECR_IAM_ACTIONS,
  ecrTagExistsError,
  mapEcrError,
  matchEcrImmutableTagRejection,
} from '../../../../src/registry/ecr/errors.js';
import type { EcrTarget } from '../../../../src/registry/ecr/host.js';

const target: EcrTarget = {
  host: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
  account: '123456789012',
  region: 'us-east-1',
  fips: false,
  dualStack: false,
  forced: false,
};

function awsError(name: string, status?: number, extra: Record<string, unknown> = {}): Error {
  const e = new Error(`${name} happened`);
  e.name = name;
  Object.assign(e, { $metadata: { httpStatusCode: status }, ...extra });
  return e;
}

describe('matchEcrImmutableTagRejection', () => {
  test.each([
    [
      'skopeo, current wording',
      "Error: writing manifest: uploading manifest t1 to 123456789012.dkr.ecr.us-east-1.amazonaws.com/app: tag invalid: The image tag 't1' already exists in the 'app' repository and cannot be overwritten because the tag is immutable.",
      { tag: 't1', repository: 'app' },
    ],
    [
      'registry JSON body, older wording',
      '{"errors":[{"code":"TAG_INVALID","message":"The image tag \'v2\' already exists in the \'team/app\' repository and cannot be overwritten because the repository is immutable."}]}',
      { tag: 'v2', repository: 'team/app' },
    ],
    [
      'truncated message',
      'tag invalid: ... cannot be overwritten because the tag is immutable',
      { tag: undefined, repository: undefined },
    ],
    ['PutImage exception', 'ImageTagAlreadyExistsException: tag exists', {}],
  ])('%s', (_what, text, expected) => {
    expect(matchEcrImmutableTagRejection(text)).toEqual(expected);
  });

  test.each([
    'tag invalid: manifest tag did not match URI',
    'unauthorized: authentication required',
    'The image tag cannot be overwritten',
    '',
  ])('not a rejection: %s', (text) => {
    expect(matchEcrImmutableTagRejection(text)).toBeUndefined();
  });

  test('ecrTagExistsError is TAG_EXISTS, exit 3', () => {
    const e = ecrTagExistsError('host/app:t1');
    expect(e).toMatchObject({ code: 'TAG_EXISTS', exitCode: 3 });
    expect(e.message).toContain('host/app:t1');
  });
});

describe('mapEcrError', () => {
  test.each([
    ['CredentialsProviderError', undefined, 'AWS_CREDENTIALS', 4],
    ['ExpiredTokenException', 400, 'AWS_CREDENTIALS', 4],
    ['UnrecognizedClientException', 400, 'AWS_CREDENTIALS', 4],
    ['AccessDeniedException', 400, 'AWS_CREDENTIALS', 4],
    ['AccessDenied', 403, 'AWS_CREDENTIALS', 4],
    ['SomethingElse', 403, 'AWS_CREDENTIALS', 4],
    ['ThrottlingException', 400, 'RATE_LIMITED', 5],
    ['Unknown', 429, 'RATE_LIMITED', 5],
    ['TimeoutError', undefined, 'TIMEOUT', 5],
    ['ServerException', 500, 'REGISTRY_ERROR', 5],
    ['InvalidParameterException', 400, 'INVALID_INPUT', 2],
    ['RepositoryNotFoundException', 400, 'REPOSITORY_NOT_FOUND', 6],
    ['LimitExceededException', 400, 'REGISTRY_ERROR', 5],
  ])('%s (%s) → %s', (name, status, code, exit) => {
    const e = mapEcrError(awsError(name, status), 'DescribeImages', target, 'app');
    expect(e).toMatchObject({ code, exitCode: exit });
    expect(e.message).toContain(target.host);
  });

  test('credential errors name every IAM action in the hint', () => {
    const e = mapEcrError(awsError('ExpiredTokenException', 400), 'GetAuthorizationToken', target);
    for (const action of ECR_IAM_ACTIONS) expect(e.hint).toContain(action);
  });

  test('network errors → UNREACHABLE with the errno', () => {
    const e = mapEcrError(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      'GetAuthorizationToken',
      target,
    );
    expect(e).toMatchObject({ code: 'UNREACHABLE', exitCode: 5 });
    expect(e.message).toContain('ECONNREFUSED');
  });

  test('RepositoryNotFoundException without a repository name is a plain registry error', () => {
    expect(mapEcrError(awsError('RepositoryNotFoundException', 400), 'X', target).code).toBe(
      'REGISTRY_ERROR',
    );
  });

  test('a DigestpinError passes through; non-errors are described', () => {
    const d = new DigestpinError('USAGE', 'x');
    expect(mapEcrError(d, 'X', target)).toBe(d);
    expect(mapEcrError('boom', 'X', target).message).toContain('boom');
  });

  test('the create-repository hint names the registry id', () => {
    const e = mapEcrError(awsError('RepositoryNotFoundException', 400), 'X', target, 'a/b');
    expect(e.hint).toContain(
      'aws ecr create-repository --repository-name a/b --image-tag-mutability IMMUTABLE --image-scanning-configuration scanOnPush=true --region us-east-1 --registry-id 123456789012',
    );
  });
});
