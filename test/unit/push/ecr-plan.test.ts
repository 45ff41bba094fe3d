// ecrPlan (what push and guard call) and the ECR step of the credential order for reads, SDK mocked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
import { memoryLogger } from '../../support/logger.js';
import { resetEcrClients, resetEcrTokens } from '../../../src/registry/ecr/index.js';
import { ecrPlan, registryLoginInstead } from '../../../src/push/ecr-plan.js';
import {
  ecrHostCredentials,
  resetEcrHostCredentials,
} from '../../../src/registry/ecr/read-credentials.js';
import { digest, host, svcError, token } from '../../support/ecr-fixtures.js';

const ecr = mockClient(ECRClient);
beforeEach(() => {
  ecr.reset();
  resetEcrTokens();
  resetEcrClients();
  resetEcrHostCredentials();
});
afterAll(() => ecr.restore());

describe('ecrPlan', () => {
  const base = { repository: 'app', tag: 'ci-1', env: {}, logger: memoryLogger() };
  const tokenOk = () =>
    ecr
      .on(GetAuthorizationTokenCommand)
      .resolves({ authorizationData: [{ authorizationToken: token }] });

  test('a non-ECR host without --ecr: no plan, no SDK call', async () => {
    await expect(ecrPlan('registry.example.com', base)).resolves.toBeUndefined();
    expect(ecr.calls()).toHaveLength(0);
  });

  test('free tag on an IMMUTABLE repository: credentials, no existing image, no warning', async () => {
    tokenOk();
    ecr.on(DescribeImagesCommand).rejects(svcError('ImageNotFoundException'));
    ecr
      .on(DescribeRepositoriesCommand)
      .resolves({ repositories: [{ imageTagMutability: 'IMMUTABLE' }] });
    const logger = memoryLogger();
    const plan = await ecrPlan(host, { ...base, logger });
    expect(plan).toMatchObject({
      credentials: { username: 'AWS', password: 's3cr3t-password' },
      repository: 'exists',
      mutability: { mutability: 'IMMUTABLE', immutableForTag: true },
    });
    expect(plan!.existing).toBeUndefined();
    expect(logger.lines.filter((l) => l.startsWith('warning'))).toEqual([]);
  });

  test('existing tag on a MUTABLE repository: digest and the check-then-push warning', async () => {
    ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: digest }] });
    ecr
      .on(DescribeRepositoriesCommand)
      .resolves({ repositories: [{ imageTagMutability: 'MUTABLE' }] });
    const logger = memoryLogger();
    const plan = await ecrPlan(host, { ...base, logger, credentials: false });
    expect(plan!.credentials).toBeUndefined();
    expect(plan!.existing).toEqual({ digest });
    expect(ecr.commandCalls(GetAuthorizationTokenCommand)).toHaveLength(0);
    expect(logger.lines.join('\n')).toContain(
      'warning: tags of this MUTABLE repository can be overwritten; the guard is check-then-push, not atomic',
    );
  });

  test('missing repository → exit 6; --create-repository creates it; dry run only says so', async () => {
    tokenOk();
    ecr.on(DescribeImagesCommand).rejects(svcError('RepositoryNotFoundException'));
    ecr.on(CreateRepositoryCommand).resolves({});
    await expect(ecrPlan(host, base)).rejects.toMatchObject({
      code: 'REPOSITORY_NOT_FOUND',
      exitCode: 6,
    });
    const logger = memoryLogger();
    const dry = await ecrPlan(host, { ...base, logger, createRepository: true, dryRun: true });
    expect(dry).toMatchObject({ repository: 'missing', mutability: { immutableForTag: true } });
    expect(ecr.commandCalls(CreateRepositoryCommand)).toHaveLength(0);
    expect(logger.lines).toContain(
      'info: dry run: would create ECR repository app (IMMUTABLE tags)',
    );
    const made = await ecrPlan(host, { ...base, createRepository: true });
    expect(made).toMatchObject({ repository: 'created' });
    expect(ecr.commandCalls(CreateRepositoryCommand)).toHaveLength(1);
    expect(ecr.commandCalls(DescribeRepositoriesCommand)).toHaveLength(0);
  });

  test('DescribeRepositories denied: a warning, not a failure (unless --ensure-immutable)', async () => {
    tokenOk();
    ecr.on(DescribeImagesCommand).rejects(svcError('ImageNotFoundException'));
    ecr.on(DescribeRepositoriesCommand).rejects(svcError('AccessDeniedException'));
    const logger = memoryLogger();
    const plan = await ecrPlan(host, { ...base, logger });
    expect(plan!.mutability).toBeUndefined();
    expect(logger.lines.join('\n')).toContain('warning: could not read the tag mutability of app');
    await expect(ecrPlan(host, { ...base, ensureImmutable: true })).rejects.toMatchObject({
      exitCode: 4,
    });
  });

  test('other DescribeRepositories failures are fatal', async () => {
    tokenOk();
    ecr.on(DescribeImagesCommand).rejects(svcError('ImageNotFoundException'));
    ecr.on(DescribeRepositoriesCommand).rejects(svcError('ServerException', 500));
    await expect(ecrPlan(host, base)).rejects.toMatchObject({ code: 'REGISTRY_ERROR' });
  });

  test('--ensure-immutable on MUTABLE switches and reports; on an excluded tag it warns', async () => {
    tokenOk();
    ecr.on(DescribeImagesCommand).rejects(svcError('ImageNotFoundException'));
    ecr
      .on(DescribeRepositoriesCommand)
      .resolvesOnce({ repositories: [{ imageTagMutability: 'MUTABLE' }] })
      .resolvesOnce({
        repositories: [
          {
            imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
            imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'ci-*' }],
          },
        ],
      });
    ecr.on(PutImageTagMutabilityCommand).resolves({});
    const logger = memoryLogger();
    const plan = await ecrPlan(host, { ...base, logger, ensureImmutable: true });
    expect(plan!.immutability).toMatchObject({ changed: true, to: 'IMMUTABLE' });
    expect(plan!.mutability).toMatchObject({ immutableForTag: true });
    expect(logger.lines).toContain('info: switched ECR app: tag mutability MUTABLE → IMMUTABLE');
    const logger2 = memoryLogger();
    const plan2 = await ecrPlan(host, { ...base, logger: logger2, ensureImmutable: true });
    expect(plan2!.immutability).toMatchObject({ changed: false });
    expect(plan2!.mutability).toMatchObject({ immutableForTag: false, matchedFilter: 'ci-*' });
    expect(logger2.lines.filter((l) => l.startsWith('warning'))).toHaveLength(2);
    expect(ecr.commandCalls(PutImageTagMutabilityCommand)).toHaveLength(1);
  });

  test('expired credentials stop the plan before any other call', async () => {
    ecr.on(GetAuthorizationTokenCommand).rejects(svcError('ExpiredTokenException'));
    await expect(ecrPlan(host, base)).rejects.toMatchObject({
      code: 'AWS_CREDENTIALS',
      exitCode: 4,
    });
    expect(ecr.calls()).toHaveLength(1);
  });
});

describe('ecrHostCredentials (the ECR step of the credential order for reads)', () => {
  test('ECR hosts get the token, labelled; other hosts undefined without an SDK call', async () => {
    ecr
      .on(GetAuthorizationTokenCommand)
      .resolves({ authorizationData: [{ authorizationToken: token }] });
    const provide = ecrHostCredentials({ env: {}, logger: memoryLogger() });
    await expect(provide('docker.io')).resolves.toBeUndefined();
    await expect(provide('127.0.0.1:5000')).resolves.toBeUndefined();
    expect(ecr.calls()).toHaveLength(0);
    await expect(provide(host)).resolves.toEqual({
      username: 'AWS',
      password: 's3cr3t-password',
      source: 'ECR (GetAuthorizationToken in us-east-1)',
    });
  });

  test('no AWS credentials: undefined (the auth files are next), said in a debug line', async () => {
    const none = new Error('Could not load credentials from any providers');
    none.name = 'CredentialsProviderError';
    ecr.on(GetAuthorizationTokenCommand).rejects(none);
    const logger = memoryLogger();
    await expect(ecrHostCredentials({ env: {}, logger })(host)).resolves.toBeUndefined();
    expect(logger.lines.filter((l) => l.startsWith('warning'))).toEqual([]);
    expect(logger.lines.some((l) => l.startsWith(`debug: ${host}: no ECR token`))).toBe(true);
  });

  test('a failed lookup is made once per region: one SDK call, one warning, for every host and repository', async () => {
    ecr.on(GetAuthorizationTokenCommand).rejects(svcError('AccessDeniedException'));
    const logger = memoryLogger();
    const provide = ecrHostCredentials({ env: {}, logger });
    const other = host.replace('123456789012', '210987654321');
    for (const h of [host, host, other]) await expect(provide(h)).resolves.toBeUndefined();
    expect(ecr.commandCalls(GetAuthorizationTokenCommand)).toHaveLength(1);
    expect(logger.lines.filter((l) => l.startsWith('warning'))).toHaveLength(1);
  });

  test.each(['AccessDeniedException', 'ExpiredTokenException'])(
    'credentials refused (%s): undefined, with a warning naming the host',
    async (name) => {
      ecr.on(GetAuthorizationTokenCommand).rejects(svcError(name));
      const logger = memoryLogger();
      await expect(ecrHostCredentials({ env: {}, logger })(host)).resolves.toBeUndefined();
      expect(logger.lines.some((l) => l.startsWith(`warning: ${host}: no ECR token`))).toBe(true);
    },
  );
});

describe('registryLoginInstead (push and guard to ECR without AWS credentials)', () => {
  const none = () =>
    Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
  const authfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'digestpin-login-')), 'a.json');
  fs.writeFileSync(
    authfile,
    JSON.stringify({ auths: { [host]: { auth: Buffer.from('AWS:pw').toString('base64') } } }),
  );
  const o = { repository: 'app', authfile, env: {}, logger: memoryLogger(), needsApi: false };
  async function awsError(err: Error): Promise<unknown> {
    ecr.on(GetAuthorizationTokenCommand).rejects(err);
    return ecrPlan(host, { repository: 'app', tag: 't', env: {}, logger: memoryLogger() }).catch(
      (e: unknown) => e,
    );
  }

  test('no AWS credentials at all and a registry login: the login, named by its file', async () => {
    await expect(registryLoginInstead(await awsError(none()), host, o)).resolves.toBe(authfile);
  });
  test('not when the run needs the ECR API, the credentials are refused, or there is no login', async () => {
    const err = await awsError(none());
    await expect(
      registryLoginInstead(err, host, { ...o, needsApi: true }),
    ).resolves.toBeUndefined();
    const other = path.join(path.dirname(authfile), 'other.json');
    fs.writeFileSync(other, JSON.stringify({ auths: { 'other.example': { auth: 'eDp5' } } }));
    await expect(
      registryLoginInstead(err, host, { ...o, authfile: other }),
    ).resolves.toBeUndefined();
    const refused = await awsError(svcError('ExpiredTokenException'));
    await expect(registryLoginInstead(refused, host, o)).resolves.toBeUndefined();
  });
});
