import { describe, expect, test } from '@jest/globals';
import { DigestpinError } from '../../../../src/errors.js';
import { parseEcrHost, resolveEcrTarget } from '../../../../src/registry/ecr/host.js';

describe('parseEcrHost', () => {
  test.each([
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com', '123456789012', 'us-east-1', false, false],
    [
      '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com',
      '123456789012',
      'us-gov-west-1',
      true,
      false,
    ],
    [
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn',
      '123456789012',
      'cn-north-1',
      false,
      false,
    ],
    [
      '123456789012.dkr.ecr.ap-southeast-2.amazonaws.com',
      '123456789012',
      'ap-southeast-2',
      false,
      false,
    ],
    ['123456789012.DKR.ECR.EU-WEST-1.AMAZONAWS.COM', '123456789012', 'eu-west-1', false, false],
    ['123456789012.dkr-ecr.eu-central-1.on.aws', '123456789012', 'eu-central-1', false, true],
    ['123456789012.dkr-ecr-fips.us-east-2.on.aws', '123456789012', 'us-east-2', true, true],
    [
      '123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov',
      '123456789012',
      'us-iso-east-1',
      false,
      false,
    ],
    [
      '123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov',
      '123456789012',
      'us-isob-east-1',
      false,
      false,
    ],
  ])('%s', (host, account, region, fips, dualStack) => {
    expect(parseEcrHost(host)).toEqual({ account, region, fips, dualStack });
  });

  test.each([
    ['public ECR', 'public.ecr.aws'],
    ['11-digit account', '12345678901.dkr.ecr.us-east-1.amazonaws.com'],
    ['13-digit account', '1234567890123.dkr.ecr.us-east-1.amazonaws.com'],
    ['missing dkr', '123456789012.ecr.us-east-1.amazonaws.com'],
    ['API endpoint', 'api.ecr.us-east-1.amazonaws.com'],
    ['dkr-ecr on amazonaws.com', '123456789012.dkr-ecr.us-east-1.amazonaws.com'],
    ['dkr.ecr on on.aws', '123456789012.dkr.ecr.us-east-1.on.aws'],
    ['no region', '123456789012.dkr.ecr.amazonaws.com'],
    ['region without number', '123456789012.dkr.ecr.us-east.amazonaws.com'],
    ['suffix spoof', '123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example'],
    ['prefix', 'x123456789012.dkr.ecr.us-east-1.amazonaws.com'],
    ['port', '123456789012.dkr.ecr.us-east-1.amazonaws.com:443'],
    ['.cn on on.aws', '123456789012.dkr-ecr.cn-north-1.on.aws.cn'],
    ['fips spelled wrong', '123456789012.dkr.ecr_fips.us-east-1.amazonaws.com'],
    ['docker hub', 'docker.io'],
    ['localhost', 'localhost:5000'],
  ])('not ECR: %s', (_why, host) => {
    expect(parseEcrHost(host)).toBeUndefined();
  });
});

describe('resolveEcrTarget', () => {
  const ecrHost = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

  test('a non-ECR host without --ecr is not ECR', () => {
    expect(resolveEcrTarget('registry.example.com', { env: { AWS_REGION: 'us-east-1' } })).toBe(
      undefined,
    );
  });

  test('an ECR host takes account and region from the name', () => {
    expect(resolveEcrTarget(ecrHost, { env: { AWS_REGION: 'us-east-1' } })).toEqual({
      host: ecrHost,
      account: '123456789012',
      region: 'eu-west-1',
      fips: false,
      dualStack: false,
      forced: false,
    });
  });

  test('--region equal to the host region is fine; a different one is a usage error', () => {
    expect(resolveEcrTarget(ecrHost, { region: 'eu-west-1', env: {} })?.region).toBe('eu-west-1');
    expect(() => resolveEcrTarget(ecrHost, { region: 'us-east-1', env: {} })).toThrow(
      /contradicts the region eu-west-1/,
    );
  });

  test.each([
    [
      { region: 'ap-south-1' },
      { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-west-2' },
      'ap-south-1',
    ],
    [{}, { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-west-2' }, 'us-east-1'],
    [{}, { AWS_REGION: ' ', AWS_DEFAULT_REGION: 'us-west-2' }, 'us-west-2'],
    [{}, { AWS_DEFAULT_REGION: 'us-west-2' }, 'us-west-2'],
  ])('--ecr region precedence %#', (flags, env, region) => {
    const t = resolveEcrTarget('localhost:5000', { ecr: true, ...flags, env });
    expect(t).toEqual({
      host: 'localhost:5000',
      account: undefined,
      region,
      fips: false,
      dualStack: false,
      forced: true,
    });
  });

  test('--ecr without any region is a usage error that says how to fix it', () => {
    let err: unknown;
    try {
      resolveEcrTarget('localhost:5000', { ecr: true, env: {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DigestpinError);
    expect(err).toMatchObject({ code: 'USAGE', exitCode: 2 });
    expect((err as DigestpinError).message).toContain('needs an AWS region');
    expect((err as DigestpinError).hint).toContain('--region');
    expect((err as DigestpinError).hint).toContain('AWS_REGION');
  });

  test('a malformed --region is rejected', () => {
    expect(() =>
      resolveEcrTarget('localhost:5000', { ecr: true, region: 'Ireland', env: {} }),
    ).toThrow(/not an AWS region/);
  });
});
