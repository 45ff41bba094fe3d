// Shared fixtures for the aws-sdk-client-mock tests of src/registry/ecr/*.ts.
import { ECRServiceException } from '@aws-sdk/client-ecr';
import { resolveEcrTarget } from '../../src/registry/ecr/index.js';

export const host = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
export const target = resolveEcrTarget(host, { env: {} })!;
export const digest = `sha256:${'b'.repeat(64)}`;
export const token = Buffer.from('AWS:s3cr3t-password').toString('base64');

/** An ECR service error as the SDK throws it (name = AWS error code). */
export function svcError(name: string, status = 400): ECRServiceException {
  return new ECRServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: `${name} message`,
  });
}
