import { afterEach, describe, expect, test } from '@jest/globals';
import { Input, readInputs, splitList } from '../../../src/action/inputs.js';
import { DigestpinError } from '../../../src/errors.js';
import { inputEnv, setProcessEnv } from '../../support/action-env.js';

const base = { source: 'oci:/tmp/img:t1', repository: '127.0.0.1:5000/demo/app' };
let restore: () => void = () => undefined;

function read(inputs: Record<string, string>) {
  // Clear every input first so one case cannot leak into the next.
  const cleared = Object.fromEntries(Object.values(Input).map((n) => [n, '']));
  restore = setProcessEnv(inputEnv({ ...cleared, ...inputs }));
  return readInputs();
}

afterEach(() => restore());

describe('readInputs', () => {
  test('defaults when only the required inputs are set', () => {
    expect(read(base)).toEqual({
      ...base,
      tag: undefined,
      format: 'v2s2',
      allPlatforms: false,
      attestations: 'keep',
      manifests: [],
      insecure: false,
      ensureImmutable: false,
      dryRun: false,
      comment: true,
      githubToken: '',
      createRepository: false,
      region: undefined,
      ecr: false,
      authfile: undefined,
    });
  });

  test('every input is read, values are trimmed', () => {
    expect(
      read({
        ...base,
        tag: ' {sha7}-{run} ',
        format: 'oci',
        'all-platforms': 'TRUE',
        attestations: 'drop',
        manifests: 'k8s/\n  deploy/app.yaml, charts/*/values.yaml\n\n',
        insecure: 'True',
        'ensure-immutable': 'true',
        'dry-run': 'true',
        comment: 'false',
        'github-token': 'ghs_secret',
        'create-repository': 'true',
        region: ' eu-west-1 ',
        ecr: 'true',
        authfile: '/run/secrets/auth.json',
      }),
    ).toEqual({
      ...base,
      tag: '{sha7}-{run}',
      format: 'oci',
      allPlatforms: true,
      attestations: 'drop',
      manifests: ['k8s/', 'deploy/app.yaml', 'charts/*/values.yaml'],
      insecure: true,
      ensureImmutable: true,
      dryRun: true,
      comment: false,
      githubToken: 'ghs_secret',
      createRepository: true,
      region: 'eu-west-1',
      ecr: true,
      authfile: '/run/secrets/auth.json',
    });
  });

  test.each([
    ['dry-run', 'yes'],
    ['insecure', '1'],
    ['all-platforms', 'on'],
    ['ensure-immutable', 'tru'],
    ['comment', 'no'],
    ['create-repository', 'y'],
    ['ecr', 'enabled'],
  ])('junk boolean %s=%s fails naming the input and the accepted values', (name, value) => {
    let error: unknown;
    try {
      read({ ...base, [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DigestpinError);
    const e = error as DigestpinError;
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(`"${name}"`);
    expect(e.message).toContain(JSON.stringify(value));
    expect(e.hint).toMatch(/true.*false/);
  });

  test.each([['source'], ['repository']])('missing required input %s fails naming it', (name) => {
    expect(() => read({ ...base, [name]: '' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        message: expect.stringContaining(`"${name}"`),
      }),
    );
  });

  test('an unknown format names the input and the accepted values', () => {
    expect(() => read({ ...base, format: 'v2s1' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        message: 'input "format" must be one of v2s2, oci, got "v2s1"',
      }),
    );
  });
});

describe('splitList', () => {
  test.each([
    ['', []],
    ['a', ['a']],
    ['a,b', ['a', 'b']],
    ['a\nb\r\n c ', ['a', 'b', 'c']],
    [' , \n,', []],
    ['k8s/, \n overlays/prod/kustomization.yaml', ['k8s/', 'overlays/prod/kustomization.yaml']],
  ])('%j', (value, expected) => {
    expect(splitList(value)).toEqual(expected);
  });
});
