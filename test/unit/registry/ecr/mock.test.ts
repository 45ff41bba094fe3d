// Every SDK call path of src/registry/ecr/*.ts with aws-sdk-client-mock (no network).
import { afterAll, beforeEach, describe, expect, test } from '@jest/globals';
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  PutImageTagMutabilityCommand,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { memoryLogger } from '../../../support/logger.js';
import {
  createRepository,
  describeTag,
  ecrCredentials,
  ensureImmutable,
  onEcrSecret,
  resetEcrClients,
  resetEcrTokens,
  tagMutability,
} from '../../../../src/registry/ecr/index.js';
import { digest, svcError, target, token } from '../../../support/ecr-fixtures.js';

const ecr = mockClient(ECRClient);
const credsError = () =>
  Object.assign(new Error('Could not load credentials from any providers'), {
    name: 'CredentialsProviderError',
  });

beforeEach(() => {
  ecr.reset();
  resetEcrTokens();
  resetEcrClients();
});
afterAll(() => ecr.restore());

describe('ecrCredentials', () => {
  test('decodes AWS:<password>, announces the secrets, caches the token', async () => {
    ecr.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        { authorizationToken: token, expiresAt: new Date(Date.now() + 12 * 3600e3) },
      ],
    });
    const secrets: string[] = [];
    const off = onEcrSecret((s) => secrets.push(s));
    const logger = memoryLogger();
    expect(await ecrCredentials(target, logger)).toEqual({
      username: 'AWS',
      password: 's3cr3t-password',
    });
    expect(await ecrCredentials('us-east-1', logger)).toEqual({
      username: 'AWS',
      password: 's3cr3t-password',
    });
    off();
    expect(ecr.commandCalls(GetAuthorizationTokenCommand)).toHaveLength(1);
    expect(secrets).toEqual([token, 's3cr3t-password', token, 's3cr3t-password']);
    expect(logger.lines.join('\n')).not.toMatch(/s3cr3t|czNjcjN0/);
  });

  test('a token about to expire is fetched again', async () => {
    ecr.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [{ authorizationToken: token, expiresAt: new Date(Date.now() + 60e3) }],
    });
    await ecrCredentials(target, memoryLogger());
    await ecrCredentials(target, memoryLogger());
    expect(ecr.commandCalls(GetAuthorizationTokenCommand)).toHaveLength(2);
  });

  test.each([
    ['missing token', {}],
    [
      'token without colon',
      { authorizationData: [{ authorizationToken: Buffer.from('nocolon').toString('base64') }] },
    ],
  ])('%s → REGISTRY_ERROR', async (_what, output) => {
    ecr.on(GetAuthorizationTokenCommand).resolves(output);
    await expect(ecrCredentials(target, memoryLogger())).rejects.toMatchObject({
      code: 'REGISTRY_ERROR',
    });
  });

  test.each([
    ['no credentials', credsError()],
    ['expired', svcError('ExpiredTokenException')],
    ['unknown key', svcError('UnrecognizedClientException')],
    ['not allowed', svcError('AccessDeniedException')],
  ])('%s → AWS_CREDENTIALS exit 4', async (_what, err) => {
    ecr.on(GetAuthorizationTokenCommand).rejects(err);
    const e = await ecrCredentials(target, memoryLogger()).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'AWS_CREDENTIALS', exitCode: 4 });
    expect((e as Error & { hint: string }).hint).toContain('ecr:PutImage');
  });
});

describe('describeTag', () => {
  test('found → digest and manifest media type; the request names registry, repository, tag', async () => {
    ecr.on(DescribeImagesCommand).resolves({
      imageDetails: [
        { imageDigest: digest, imageManifestMediaType: 'application/vnd.oci.image.index.v1+json' },
      ],
    });
    await expect(
      describeTag(target, 'team/app', 'v1', { logger: memoryLogger() }),
    ).resolves.toEqual({
      digest,
      mediaType: 'application/vnd.oci.image.index.v1+json',
    });
    expect(ecr.commandCalls(DescribeImagesCommand)[0].args[0].input).toEqual({
      registryId: '123456789012',
      repositoryName: 'team/app',
      imageIds: [{ imageTag: 'v1' }],
    });
  });

  test('found without media type; empty answer = free', async () => {
    ecr
      .on(DescribeImagesCommand)
      .resolvesOnce({ imageDetails: [{ imageDigest: digest }] })
      .resolvesOnce({ imageDetails: [] });
    await expect(describeTag(target, 'app', 'v1', { logger: memoryLogger() })).resolves.toEqual({
      digest,
    });
    await expect(
      describeTag(target, 'app', 'v1', { logger: memoryLogger() }),
    ).resolves.toBeUndefined();
  });

  test('ImageNotFoundException = free', async () => {
    ecr.on(DescribeImagesCommand).rejects(svcError('ImageNotFoundException'));
    await expect(
      describeTag(target, 'app', 'v1', { logger: memoryLogger() }),
    ).resolves.toBeUndefined();
  });

  test.each([
    ['RepositoryNotFoundException', 'REPOSITORY_NOT_FOUND', 6, 400],
    ['ThrottlingException', 'RATE_LIMITED', 5, 400],
    ['ExpiredTokenException', 'AWS_CREDENTIALS', 4, 400],
    ['ServerException', 'REGISTRY_ERROR', 5, 500],
  ])('%s → %s', async (name, code, exitCode, status) => {
    ecr.on(DescribeImagesCommand).rejects(svcError(name, status));
    await expect(
      describeTag(target, 'app', 'v1', { logger: memoryLogger() }),
    ).rejects.toMatchObject({
      code,
      exitCode,
    });
  });
});

describe('tagMutability / ensureImmutable / createRepository', () => {
  test.each([
    ['MUTABLE', false, undefined],
    ['IMMUTABLE', true, undefined],
    ['IMMUTABLE_WITH_EXCLUSION', false, [{ filterType: 'WILDCARD' as const, filter: 'ci-*' }]],
    ['MUTABLE_WITH_EXCLUSION', true, [{ filterType: 'WILDCARD' as const, filter: 'ci-*' }]],
  ])('%s → immutable for ci-1: %s', async (m, immutable, filters) => {
    ecr.on(DescribeRepositoriesCommand).resolves({
      repositories: [
        { imageTagMutability: m as 'MUTABLE', imageTagMutabilityExclusionFilters: filters },
      ],
    });
    const r = await tagMutability(target, 'app', 'ci-1', { logger: memoryLogger() });
    expect(r).toMatchObject({ mutability: m, immutableForTag: immutable });
    expect(ecr.commandCalls(DescribeRepositoriesCommand)[0].args[0].input).toEqual({
      registryId: '123456789012',
      repositoryNames: ['app'],
    });
  });

  test('DescribeRepositories RepositoryNotFound → exit 6', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(svcError('RepositoryNotFoundException'));
    await expect(
      tagMutability(target, 'app', 't', { logger: memoryLogger() }),
    ).rejects.toMatchObject({
      exitCode: 6,
    });
  });

  test('ensureImmutable: MUTABLE is switched, dry run only reports, filters are never sent', async () => {
    ecr
      .on(DescribeRepositoriesCommand)
      .resolves({ repositories: [{ imageTagMutability: 'MUTABLE' }] });
    ecr.on(PutImageTagMutabilityCommand).resolves({});
    const dry = await ensureImmutable(target, 'app', 't', { logger: memoryLogger(), dryRun: true });
    expect(dry).toMatchObject({
      changed: false,
      message: expect.stringContaining('dry run: would switch'),
    });
    expect(ecr.commandCalls(PutImageTagMutabilityCommand)).toHaveLength(0);
    const done = await ensureImmutable(target, 'app', 't', { logger: memoryLogger() });
    expect(done).toEqual({
      changed: true,
      from: 'MUTABLE',
      to: 'IMMUTABLE',
      message: 'switched ECR app: tag mutability MUTABLE → IMMUTABLE',
    });
    expect(ecr.commandCalls(PutImageTagMutabilityCommand)[0].args[0].input).toEqual({
      registryId: '123456789012',
      repositoryName: 'app',
      imageTagMutability: 'IMMUTABLE',
    });
  });

  test('ensureImmutable leaves *_WITH_EXCLUSION repositories alone', async () => {
    ecr.on(DescribeRepositoriesCommand).resolves({
      repositories: [
        {
          imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
          imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'ci-*' }],
        },
      ],
    });
    const r = await ensureImmutable(target, 'app', 'ci-1', { logger: memoryLogger() });
    expect(r).toMatchObject({ changed: false, from: 'IMMUTABLE_WITH_EXCLUSION' });
    expect(ecr.commandCalls(PutImageTagMutabilityCommand)).toHaveLength(0);
  });

  test('PutImageTagMutability denied → exit 4', async () => {
    ecr
      .on(DescribeRepositoriesCommand)
      .resolves({ repositories: [{ imageTagMutability: 'MUTABLE' }] });
    ecr.on(PutImageTagMutabilityCommand).rejects(svcError('AccessDeniedException'));
    await expect(
      ensureImmutable(target, 'app', 't', { logger: memoryLogger() }),
    ).rejects.toMatchObject({
      exitCode: 4,
    });
  });

  test('createRepository: IMMUTABLE + scan on push; already exists → false; denied → exit 4', async () => {
    ecr
      .on(CreateRepositoryCommand)
      .resolvesOnce({})
      .rejectsOnce(svcError('RepositoryAlreadyExistsException'))
      .rejectsOnce(svcError('AccessDeniedException'));
    const logger = memoryLogger();
    await expect(createRepository(target, 'app', { logger })).resolves.toBe(true);
    expect(ecr.commandCalls(CreateRepositoryCommand)[0].args[0].input).toEqual({
      registryId: '123456789012',
      repositoryName: 'app',
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
    });
    await expect(createRepository(target, 'app', { logger })).resolves.toBe(false);
    await expect(createRepository(target, 'app', { logger })).rejects.toMatchObject({
      exitCode: 4,
    });
  });
});
