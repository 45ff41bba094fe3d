// The real @aws-sdk/client-ecr against a loopback ECR JSON 1.1 emulator (test/support/ecr-emulator.ts),
// reached through the SDK's own AWS_ENDPOINT_URL_ECR / AWS_ENDPOINT_URL support with dummy static
// credentials. The real ECR API cannot be reached here (no internet), so this is the end-to-end proof
// of the SDK path: signing, serialization, error codes, adaptive retry.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DigestpinError } from '../../src/errors.js';
import { memoryLogger } from '../support/logger.js';
import {
  describeTag,
  ecrCredentials,
  onEcrSecret,
  resetEcrClients,
  resetEcrTokens,
  resolveEcrTarget,
} from '../../src/registry/ecr/index.js';
import { ecrPlan } from '../../src/push/ecr-plan.js';
import { startEcrEmulator, type EcrEmulator } from '../support/ecr-emulator.js';

const AWS_VARS = [
  'AWS_ENDPOINT_URL_ECR',
  'AWS_ENDPOINT_URL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_MAX_ATTEMPTS',
  'AWS_RETRY_MODE',
];
const saved = new Map(AWS_VARS.map((k) => [k, process.env[k]]));
let emu: EcrEmulator;
let tmp: string;

beforeAll(async () => {
  emu = await startEcrEmulator();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'digestpin-ecr-'));
});
afterAll(async () => {
  await emu.close();
  await fs.rm(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  for (const k of AWS_VARS) delete process.env[k];
  process.env.AWS_ENDPOINT_URL_ECR = emu.url;
  process.env.AWS_ACCESS_KEY_ID = 'AKIDDIGESTPINTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'dummy-secret';
  process.env.AWS_CONFIG_FILE = path.join(tmp, 'no-config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(tmp, 'no-credentials');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  emu.calls.length = 0;
  emu.repositories.clear();
  emu.throttle.clear();
  emu.expiredKeys.clear();
  resetEcrClients();
  resetEcrTokens();
});
afterEach(() => {
  for (const [k, v] of saved) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const host = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const target = () => resolveEcrTarget(host, { env: {} })!;
const digest = `sha256:${'a'.repeat(64)}`;

describe('ECR SDK against the loopback emulator', () => {
  test('GetAuthorizationToken via AWS_ENDPOINT_URL_ECR, signed with the static credentials', async () => {
    const secrets: string[] = [];
    const off = onEcrSecret((s) => secrets.push(s));
    const logger = memoryLogger();
    const creds = await ecrCredentials(target(), logger);
    off();
    expect(creds).toEqual({ username: 'AWS', password: 'emulated-password' });
    expect(emu.calls).toHaveLength(1);
    expect(emu.calls[0].operation).toBe('GetAuthorizationToken');
    expect(emu.calls[0].authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDDIGESTPINTEST\/\d{8}\/eu-west-1\/ecr\/aws4_request/,
    );
    expect(secrets).toContain('emulated-password');
    expect(logger.lines.join('\n')).not.toContain('emulated-password');
  });

  test('the generic AWS_ENDPOINT_URL is honoured too', async () => {
    delete process.env.AWS_ENDPOINT_URL_ECR;
    process.env.AWS_ENDPOINT_URL = emu.url;
    await expect(ecrCredentials('us-east-2', memoryLogger())).resolves.toMatchObject({
      username: 'AWS',
    });
    expect(emu.calls.map((c) => c.operation)).toEqual(['GetAuthorizationToken']);
    expect(emu.calls[0].authorization).toContain('/us-east-2/ecr/aws4_request');
  });

  test('DescribeImages: free tag, existing tag, missing repository', async () => {
    emu.repositories.set('team/app', {
      imageTagMutability: 'IMMUTABLE',
      images: new Map([
        ['v1', { digest, mediaType: 'application/vnd.docker.distribution.manifest.v2+json' }],
      ]),
    });
    const opts = { logger: memoryLogger() };
    await expect(describeTag(target(), 'team/app', 'v2', opts)).resolves.toBeUndefined();
    await expect(describeTag(target(), 'team/app', 'v1', opts)).resolves.toEqual({
      digest,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    });
    const err = await describeTag(target(), 'other', 'v1', opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DigestpinError);
    expect((err as DigestpinError).exitCode).toBe(6);
    expect((err as DigestpinError).hint).toContain(
      'aws ecr create-repository --repository-name other --image-tag-mutability IMMUTABLE --image-scanning-configuration scanOnPush=true --region eu-west-1',
    );
    expect(emu.calls[0].body).toEqual({
      registryId: '123456789012',
      repositoryName: 'team/app',
      imageIds: [{ imageTag: 'v2' }],
    });
  });

  test('ThrottlingException is retried by the adaptive retry strategy', async () => {
    emu.repositories.set('app', { imageTagMutability: 'IMMUTABLE', images: new Map() });
    emu.throttle.set('DescribeImages', 2);
    await expect(
      describeTag(target(), 'app', 'v1', { logger: memoryLogger() }),
    ).resolves.toBeUndefined();
    expect(emu.calls.filter((c) => c.operation === 'DescribeImages')).toHaveLength(3);
  });

  test('throttling beyond maxAttempts → RATE_LIMITED (exit 5)', async () => {
    emu.repositories.set('app', { imageTagMutability: 'IMMUTABLE', images: new Map() });
    emu.throttle.set('DescribeImages', 10);
    const err = await describeTag(target(), 'app', 'v1', {
      logger: memoryLogger(),
      client: { maxAttempts: 2 },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RATE_LIMITED', exitCode: 5 });
    expect(emu.calls.filter((c) => c.operation === 'DescribeImages')).toHaveLength(2);
  });

  test('expired AWS credentials → AWS_CREDENTIALS (exit 4) naming the IAM actions', async () => {
    emu.expiredKeys.add('AKIDDIGESTPINTEST');
    const err = await ecrCredentials(target(), memoryLogger()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AWS_CREDENTIALS', exitCode: 4 });
    expect((err as DigestpinError).message).toContain('ExpiredTokenException');
    expect((err as DigestpinError).hint).toContain('ecr:GetAuthorizationToken');
    expect((err as DigestpinError).hint).toContain('ecr:DescribeRepositories');
  });

  test('no AWS credentials anywhere → AWS_CREDENTIALS (exit 4)', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const err = await ecrCredentials(target(), memoryLogger()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AWS_CREDENTIALS', exitCode: 4 });
    expect(emu.calls).toHaveLength(0);
  });

  test('ecrPlan in --ecr mode: create the repository, then find the pushed tag', async () => {
    const logger = memoryLogger();
    const base = {
      repository: 'svc',
      tag: 'v1',
      ecr: true,
      region: 'ap-south-1',
      env: {},
      logger,
    };
    const plan = await ecrPlan('127.0.0.1:5000', { ...base, createRepository: true });
    expect(plan).toMatchObject({
      repository: 'created',
      credentials: { username: 'AWS', password: 'emulated-password' },
      mutability: { mutability: 'IMMUTABLE', immutableForTag: true },
    });
    expect(plan!.target).toMatchObject({ forced: true, region: 'ap-south-1' });
    expect(plan!.target.account).toBeUndefined();
    expect(emu.repositories.get('svc')).toMatchObject({
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
    });
    emu.repositories.get('svc')!.images.set('v1', { digest });
    const again = await ecrPlan('127.0.0.1:5000', base);
    expect(again).toMatchObject({ repository: 'exists', existing: { digest } });
  });

  test('ecrPlan --ensure-immutable switches a MUTABLE repository through the API', async () => {
    emu.repositories.set('svc', { imageTagMutability: 'MUTABLE', images: new Map() });
    const logger = memoryLogger();
    const plan = await ecrPlan(host, {
      repository: 'svc',
      tag: 'v1',
      env: {},
      logger,
      ensureImmutable: true,
      credentials: false,
    });
    expect(plan!.immutability).toMatchObject({ changed: true, from: 'MUTABLE', to: 'IMMUTABLE' });
    expect(emu.repositories.get('svc')!.imageTagMutability).toBe('IMMUTABLE');
    expect(logger.lines).toContain('info: switched ECR svc: tag mutability MUTABLE → IMMUTABLE');
    expect(emu.calls.map((c) => c.operation)).toEqual([
      'DescribeImages',
      'DescribeRepositories',
      'PutImageTagMutability',
    ]);
  });
});
