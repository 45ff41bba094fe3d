// guard on ECR: DescribeImages decides (SDK mocked); no registry HTTP at all.
import { afterAll, beforeEach, expect, test } from '@jest/globals';
import { DescribeImagesCommand, DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { runGuard } from '../../../src/commands/guard.js';
import { DigestpinError } from '../../../src/errors.js';
import { memoryLogger } from '../../support/logger.js';
import { resetEcrClients, resetEcrTokens } from '../../../src/registry/ecr/index.js';
import { digest, host, svcError } from '../../support/ecr-fixtures.js';

const ecr = mockClient(ECRClient);
beforeEach(() => {
  ecr.reset();
  resetEcrTokens();
  resetEcrClients();
  ecr.on(DescribeRepositoriesCommand).resolves({
    repositories: [{ repositoryName: 'team/app', imageTagMutability: 'IMMUTABLE' }],
  });
});
afterAll(() => ecr.restore());
const ctx = () => ({ logger: memoryLogger(), env: {}, cwd: '/' });

test('an existing ECR tag → TAG_EXISTS with the digest DescribeImages reports', async () => {
  ecr
    .on(DescribeImagesCommand)
    .resolves({ imageDetails: [{ imageDigest: digest, imageTags: ['v1'] }] });
  const err: unknown = await runGuard(
    { reference: `${host}/team/app:v1`, insecure: false, ecr: false },
    ctx(),
  ).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DigestpinError);
  expect((err as DigestpinError).code).toBe('TAG_EXISTS');
  expect((err as DigestpinError).message).toContain(digest);
});

test('a free ECR tag → exit 0', async () => {
  ecr.on(DescribeImagesCommand).rejects(svcError('ImageNotFoundException'));
  const out = await runGuard(
    { reference: `${host}/team/app:v2`, insecure: false, ecr: false },
    ctx(),
  );
  expect(out.json).toEqual({ repository: `${host}/team/app`, tag: 'v2', exists: false });
  expect(ecr.commandCalls(DescribeImagesCommand)[0].args[0].input).toMatchObject({
    repositoryName: 'team/app',
    imageIds: [{ imageTag: 'v2' }],
  });
});
