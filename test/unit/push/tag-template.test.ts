import { describe, test, expect } from '@jest/globals';
import { DigestpinError } from '../../../src/errors.js';
import {
  DEFAULT_TAG_TEMPLATE,
  LOCAL_TAG_TEMPLATE,
  detectBuild,
  renderTag,
  sanitizeBranch,
  templateVariables,
  validateTag,
  type BuildInfo,
  type GitReader,
} from '../../../src/push/tag-template.js';

const SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const GIT_SHA = 'ffeeddccbbaa99887766554433221100ffeeddcc';
const NOW = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
const cwd = '/nonexistent';

/** A fake git that records whether it was asked. */
function fakeGit(result: { sha?: string; branch?: string }): GitReader & { calls: number } {
  const fn = Object.assign(
    async (): Promise<{ sha?: string; branch?: string }> => {
      fn.calls++;
      return Promise.resolve(result);
    },
    { calls: 0 },
  );
  return fn;
}
const gitRepo = (): ReturnType<typeof fakeGit> => fakeGit({ sha: GIT_SHA, branch: 'feature/x' });
const noGit = (): ReturnType<typeof fakeGit> => fakeGit({});

function caught(fn: () => unknown): DigestpinError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DigestpinError);
    return err as DigestpinError;
  }
  throw new Error('expected an error');
}
async function rejected(p: Promise<unknown>): Promise<DigestpinError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DigestpinError);
    return err as DigestpinError;
  }
  throw new Error('expected a rejection');
}

describe('detectBuild per CI provider', () => {
  test.each<[string, NodeJS.ProcessEnv, BuildInfo, string]>([
    [
      'GitHub Actions push',
      {
        GITHUB_ACTIONS: 'true',
        GITHUB_SHA: SHA,
        GITHUB_RUN_NUMBER: '17',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_REF_NAME: 'main',
        GITHUB_HEAD_REF: '',
      },
      { provider: 'github-actions', sha: SHA, run: '17', attempt: '2', branch: 'main' },
      '1a2b3c4-17-2',
    ],
    [
      'GitHub Actions pull request',
      {
        GITHUB_ACTIONS: 'true',
        GITHUB_SHA: SHA,
        GITHUB_RUN_NUMBER: '9',
        GITHUB_RUN_ATTEMPT: '1',
        GITHUB_REF_NAME: '42/merge',
        GITHUB_HEAD_REF: 'fix/login',
      },
      { provider: 'github-actions', sha: SHA, run: '9', attempt: '1', branch: 'fix/login' },
      '1a2b3c4-9-1',
    ],
    [
      'Jenkins multibranch',
      {
        JENKINS_URL: 'https://ci.example.com/',
        GIT_COMMIT: SHA,
        BUILD_NUMBER: '311',
        BRANCH_NAME: 'PR-7',
        GIT_BRANCH: 'origin/feature',
      },
      { provider: 'jenkins', sha: SHA, run: '311', attempt: '1', branch: 'PR-7' },
      '1a2b3c4-311-1',
    ],
    [
      'Jenkins freestyle (GIT_BRANCH only)',
      {
        JENKINS_HOME: '/var/jenkins',
        GIT_COMMIT: SHA,
        BUILD_NUMBER: '5',
        GIT_BRANCH: 'origin/release/1.2',
      },
      { provider: 'jenkins', sha: SHA, run: '5', attempt: '1', branch: 'release/1.2' },
      '1a2b3c4-5-1',
    ],
    [
      'GitLab CI',
      {
        GITLAB_CI: 'true',
        CI_COMMIT_SHA: SHA,
        CI_PIPELINE_IID: '88',
        CI_JOB_ID: '123456',
        CI_COMMIT_REF_NAME: 'main',
      },
      { provider: 'gitlab', sha: SHA, run: '88', attempt: '123456', branch: 'main' },
      '1a2b3c4-88-123456',
    ],
    [
      'Buildkite first run',
      {
        BUILDKITE: 'true',
        BUILDKITE_COMMIT: SHA,
        BUILDKITE_BUILD_NUMBER: '4',
        BUILDKITE_RETRY_COUNT: '0',
        BUILDKITE_BRANCH: 'main',
      },
      { provider: 'buildkite', sha: SHA, run: '4', attempt: '1', branch: 'main' },
      '1a2b3c4-4-1',
    ],
    [
      'Buildkite retry',
      {
        BUILDKITE: 'true',
        BUILDKITE_COMMIT: SHA,
        BUILDKITE_BUILD_NUMBER: '4',
        BUILDKITE_RETRY_COUNT: '2',
        BUILDKITE_BRANCH: 'main',
      },
      { provider: 'buildkite', sha: SHA, run: '4', attempt: '3', branch: 'main' },
      '1a2b3c4-4-3',
    ],
    [
      'CircleCI',
      { CIRCLECI: 'true', CIRCLE_SHA1: SHA, CIRCLE_BUILD_NUM: '1001', CIRCLE_BRANCH: 'dev' },
      { provider: 'circleci', sha: SHA, run: '1001', attempt: '1', branch: 'dev' },
      '1a2b3c4-1001-1',
    ],
  ])('%s', async (_name, env, info, defaultTag) => {
    const git = gitRepo();
    expect(await detectBuild(env, cwd, git)).toEqual(info);
    expect(git.calls).toBe(0); // CI said everything: git is not run
    expect(await renderTag(undefined, env, cwd, NOW, git)).toBe(defaultTag);
  });

  test('a CI without the commit variable falls back to git for the commit and branch', async () => {
    const env = { JENKINS_URL: 'https://ci/', BUILD_NUMBER: '12' };
    expect(await detectBuild(env, cwd, gitRepo())).toEqual({
      provider: 'jenkins',
      sha: GIT_SHA,
      run: '12',
      attempt: '1',
      branch: 'feature/x',
    });
    expect(await renderTag(undefined, env, cwd, NOW, gitRepo())).toBe('ffeeddc-12-1');
  });

  test('no CI: git gives the commit; the local default uses the UTC date and time', async () => {
    expect(await detectBuild({}, cwd, gitRepo())).toEqual({
      provider: 'git',
      sha: GIT_SHA,
      branch: 'feature/x',
    });
    expect(await renderTag(undefined, {}, cwd, NOW, gitRepo())).toBe('ffeeddc-20260102030405');
  });

  test('neither CI nor git', async () => {
    expect(await detectBuild({}, cwd, noGit())).toEqual({
      provider: 'none',
      sha: undefined,
      branch: undefined,
    });
  });
});

describe('renderTag templates', () => {
  const gh = {
    GITHUB_ACTIONS: 'true',
    GITHUB_SHA: SHA,
    GITHUB_RUN_NUMBER: '17',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REF_NAME: 'Feature/ÜBER x#1',
  };
  test.each([
    ['{sha}', SHA],
    ['{sha7}', '1a2b3c4'],
    ['v{run}.{attempt}', 'v17.1'],
    ['{date}-{time}', '20260102-030405'],
    ['{branch}-{sha7}', 'Feature-BER-x-1-1a2b3c4'],
    ['release-1.2.3', 'release-1.2.3'],
    [DEFAULT_TAG_TEMPLATE, '1a2b3c4-17-1'],
    [LOCAL_TAG_TEMPLATE, '1a2b3c4-20260102030405'],
  ])('%s → %s', async (template, tag) => {
    expect(await renderTag(template, gh, cwd, NOW, noGit())).toBe(tag);
  });

  test('a literal tag or a date-only template never runs git', async () => {
    const git = gitRepo();
    expect(await renderTag('v1.0.0', {}, cwd, NOW, git)).toBe('v1.0.0');
    expect(await renderTag('nightly-{date}', {}, cwd, NOW, git)).toBe('nightly-20260102');
    expect(git.calls).toBe(0);
  });

  test('{branch} is trimmed so the whole tag fits in 128 characters', async () => {
    const env = { ...gh, GITHUB_REF_NAME: `b/${'x'.repeat(300)}` };
    const tag = await renderTag('{sha}-{branch}', env, cwd, NOW, noGit());
    expect(tag).toHaveLength(128);
    expect(tag.startsWith(`${SHA}-b-xxx`)).toBe(true);
    const two = await renderTag('{branch}.{branch}', env, cwd, NOW, noGit());
    expect(two.length).toBeLessThanOrEqual(128);
  });

  test.each([
    ['{sha7}-{build}', 'INVALID_TEMPLATE', 'unknown variable {build}', 'Known variables'],
    ['{SHA}{x}', 'INVALID_TEMPLATE', 'unknown variables {SHA}, {x}', '{sha7}'],
    ['{sha7', 'INVALID_TEMPLATE', 'unbalanced { or }', '{name}'],
    ['sha7}', 'INVALID_TEMPLATE', 'unbalanced { or }', '{name}'],
    ['latest', 'INVALID_TAG', '"latest" is refused', '--tag'],
    ['LATEST', 'INVALID_TAG', '"latest" is refused', '--tag'],
    ['.hidden', 'INVALID_TAG', 'must start with a letter, digit or underscore', '--tag'],
    ['a/b c', 'INVALID_TAG', 'invalid characters "/" " "', 'A-Z a-z 0-9'],
    [
      '{run}-{attempt}',
      'NO_BUILD_ID',
      'needs {run}, {attempt}',
      'GITHUB_RUN_NUMBER, BUILD_NUMBER (Jenkins)',
    ],
    ['{sha7}', 'NO_BUILD_ID', 'needs {sha7}', 'GIT_COMMIT (Jenkins)'],
    ['{branch}', 'NO_BUILD_ID', 'needs {branch}', 'CIRCLE_BRANCH'],
    [undefined, 'NO_BUILD_ID', 'needs {sha7}', '--tag <tag>'],
  ])('%j without CI or git → %s', async (template, code, message, hint) => {
    const err = await rejected(renderTag(template, {}, cwd, NOW, noGit()));
    expect(err.code).toBe(code);
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(message);
    expect(err.hint).toContain(hint);
  });

  test('NO_BUILD_ID names the provider that was detected', async () => {
    const env = { CIRCLECI: 'true', CIRCLE_SHA1: SHA };
    const err = await rejected(renderTag('{sha7}-{run}', env, cwd, NOW, noGit()));
    expect(err.code).toBe('NO_BUILD_ID');
    expect(err.message).toContain('(provider: circleci)');
    expect(err.hint).toContain('CIRCLE_BUILD_NUM');
  });

  test('a branch with no usable character cannot fill {branch}', async () => {
    const err = await rejected(
      renderTag('{branch}', { ...gh, GITHUB_REF_NAME: '///' }, cwd, NOW, noGit()),
    );
    expect(err.code).toBe('NO_BUILD_ID');
  });
});

describe('validateTag and sanitizeBranch', () => {
  test.each(['1a2b3c4-17-1', '_x', 'v1.2.3', 'Latest-1', 'a'.repeat(128)])(
    '%s is accepted',
    (tag) => {
      expect(() => validateTag(tag)).not.toThrow();
    },
  );

  test.each([
    ['', 'the tag is empty'],
    ['latest', '"latest" is refused'],
    ['Latest', '"latest" is refused'],
    ['a'.repeat(129), 'the tag is 129 characters; at most 128'],
    ['-x', 'must start with a letter, digit or underscore, not "-"'],
    ['v1+build', 'invalid characters "+"'],
    ['ü', 'must start with a letter, digit or underscore'],
  ])('%j is refused: %s', (tag, why) => {
    const err = caught(() => validateTag(tag));
    expect(err.code).toBe('INVALID_TAG');
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(why);
  });

  test.each([
    ['feature/login', 'feature-login'],
    ['-.weird..name.', 'weird..name'],
    ['a b\tc', 'a-b-c'],
    ['ok_name-1.2', 'ok_name-1.2'],
    ['//', ''],
  ])('sanitizeBranch(%j) = %j', (branch, out) => {
    expect(sanitizeBranch(branch)).toBe(out);
  });

  test('templateVariables lists what a template uses', () => {
    expect(templateVariables('{sha7}-{run}-{attempt}')).toEqual(['sha7', 'run', 'attempt']);
    expect(templateVariables('plain')).toEqual([]);
  });
});
