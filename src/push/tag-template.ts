/**
 * Unique tags: the tag template, what fills it (the CI environment, else git), and tag validation.
 *
 * Variables: {sha} {sha7} {run} {attempt} {branch} {date} {time} (UTC YYYYMMDD / HHMMSS).
 * Default template:
 *   - in CI (a build number is known): `{sha7}-{run}-{attempt}`: the commit, the build number and
 *     the retry, so every build and every retry of it gets its own tag;
 *   - locally (no build number): `{sha7}-{date}{time}`: the commit plus the UTC second of the push,
 *     unique for one person pushing by hand (two pushes in the same second collide, and the
 *     overwrite rule then refuses the second unless it is the same image).
 * A tag the user gives literally (no variables) is used as is, after validation.
 */
import { DigestpinError } from '../errors.js';
import { isValidTag } from '../reference.js';

export interface BuildInfo {
  sha?: string;
  run?: string;
  attempt?: string;
  branch?: string;
  provider: string;
}

export const DEFAULT_TAG_TEMPLATE = '{sha7}-{run}-{attempt}';
/** Used instead of DEFAULT_TAG_TEMPLATE when no CI build number is known (a local push). */
export const LOCAL_TAG_TEMPLATE = '{sha7}-{date}{time}';

export const TAG_VARIABLES = ['sha', 'sha7', 'run', 'attempt', 'branch', 'date', 'time'] as const;
type TagVariable = (typeof TAG_VARIABLES)[number];
const BUILD_VARIABLES: readonly TagVariable[] = ['sha', 'sha7', 'run', 'attempt', 'branch'];

const MAX_TAG_LENGTH = 128;
const TAG_HINT =
  'A tag is 1 to 128 of A-Z a-z 0-9 _ . - and cannot start with . or -; use a unique template such as {sha7}-{run}-{attempt} or pass --tag <tag>.';

/** Where each variable comes from, for the NO_BUILD_ID hint. */
const SOURCES: Record<'sha' | 'run' | 'attempt' | 'branch', string> = {
  sha: 'GITHUB_SHA, GIT_COMMIT (Jenkins), CI_COMMIT_SHA (GitLab), BUILDKITE_COMMIT, CIRCLE_SHA1, or a git checkout',
  run: 'GITHUB_RUN_NUMBER, BUILD_NUMBER (Jenkins), CI_PIPELINE_IID (GitLab), BUILDKITE_BUILD_NUMBER or CIRCLE_BUILD_NUM',
  attempt:
    'GITHUB_RUN_ATTEMPT, CI_JOB_ID (GitLab) or BUILDKITE_RETRY_COUNT (Jenkins and CircleCI count as attempt 1)',
  branch:
    'GITHUB_HEAD_REF/GITHUB_REF_NAME, BRANCH_NAME/GIT_BRANCH (Jenkins), CI_COMMIT_REF_NAME, BUILDKITE_BRANCH, CIRCLE_BRANCH, or a git checkout on a branch',
};

/** What git says about the checkout in `cwd`; undefined fields when git or the repository is missing. */
export type GitReader = (cwd: string) => Promise<{ sha?: string; branch?: string }>;

export const readGit: GitReader = async (cwd) => {
  // execa is loaded only when git is asked (keeps it off the push's start-up)
  const { execa } = await import('execa');
  const run = async (args: string[]): Promise<string | undefined> => {
    const r = await execa('git', args, { cwd, reject: false, timeout: 10_000, stdin: 'ignore' });
    return r.exitCode === 0 && typeof r.stdout === 'string' && r.stdout.trim() !== ''
      ? r.stdout.trim()
      : undefined;
  };
  const sha = await run(['rev-parse', '--verify', '--quiet', 'HEAD']);
  const branch =
    sha === undefined ? undefined : await run(['symbolic-ref', '--quiet', '--short', 'HEAD']);
  return { sha, branch };
};

const nonEmpty = (v: string | undefined): string | undefined =>
  v === undefined || v.trim() === '' ? undefined : v.trim();

/** The CI provider the environment belongs to, and what it says about the build. */
function fromCi(env: NodeJS.ProcessEnv): BuildInfo | undefined {
  if (env.GITHUB_ACTIONS === 'true') {
    return {
      provider: 'github-actions',
      sha: nonEmpty(env.GITHUB_SHA),
      run: nonEmpty(env.GITHUB_RUN_NUMBER),
      attempt: nonEmpty(env.GITHUB_RUN_ATTEMPT),
      // pull_request events: GITHUB_HEAD_REF is the PR branch, GITHUB_REF_NAME is "<n>/merge".
      branch: nonEmpty(env.GITHUB_HEAD_REF) ?? nonEmpty(env.GITHUB_REF_NAME),
    };
  }
  if (env.GITLAB_CI === 'true') {
    // A retried job keeps CI_PIPELINE_IID but gets a new CI_JOB_ID.
    return {
      provider: 'gitlab',
      sha: nonEmpty(env.CI_COMMIT_SHA),
      run: nonEmpty(env.CI_PIPELINE_IID),
      attempt: nonEmpty(env.CI_JOB_ID),
      branch: nonEmpty(env.CI_COMMIT_REF_NAME),
    };
  }
  if (env.BUILDKITE === 'true') {
    const retries = nonEmpty(env.BUILDKITE_RETRY_COUNT);
    return {
      provider: 'buildkite',
      sha: nonEmpty(env.BUILDKITE_COMMIT),
      run: nonEmpty(env.BUILDKITE_BUILD_NUMBER),
      // BUILDKITE_RETRY_COUNT is 0 on the first run; attempts count from 1 as on GitHub.
      attempt: retries !== undefined && /^\d+$/.test(retries) ? String(Number(retries) + 1) : '1',
      branch: nonEmpty(env.BUILDKITE_BRANCH),
    };
  }
  if (env.CIRCLECI === 'true') {
    // A CircleCI re-run gets a new CIRCLE_BUILD_NUM, so every attempt is attempt 1 of its build.
    return {
      provider: 'circleci',
      sha: nonEmpty(env.CIRCLE_SHA1),
      run: nonEmpty(env.CIRCLE_BUILD_NUM),
      attempt: '1',
      branch: nonEmpty(env.CIRCLE_BRANCH),
    };
  }
  if (nonEmpty(env.JENKINS_URL) ?? nonEmpty(env.JENKINS_HOME)) {
    // Jenkins: a replay or rebuild gets a new BUILD_NUMBER, so every attempt is attempt 1.
    const gitBranch = nonEmpty(env.GIT_BRANCH)?.replace(/^(refs\/heads\/|origin\/)/, '');
    return {
      provider: 'jenkins',
      sha: nonEmpty(env.GIT_COMMIT),
      run: nonEmpty(env.BUILD_NUMBER),
      attempt: '1',
      branch: nonEmpty(env.BRANCH_NAME) ?? gitBranch,
    };
  }
  return undefined;
}

/** What identifies this build: the CI environment first, then git for what CI does not say. */
export async function detectBuild(
  env: NodeJS.ProcessEnv,
  cwd: string,
  git: GitReader = readGit,
): Promise<BuildInfo> {
  const ci = fromCi(env);
  if (ci && ci.sha !== undefined && ci.branch !== undefined) return ci;
  const local = await git(cwd);
  if (ci) return { ...ci, sha: ci.sha ?? local.sha, branch: ci.branch ?? local.branch };
  return {
    provider: local.sha === undefined ? 'none' : 'git',
    sha: local.sha,
    branch: local.branch,
  };
}

/** Refuses `latest` (any case) and anything outside the tag grammar, saying why (INVALID_TAG, exit 2). */
export function validateTag(tag: string): void {
  const refuse = (why: string): never => {
    throw new DigestpinError('INVALID_TAG', `tag "${tag}": ${why}`, TAG_HINT);
  };
  if (tag === '') refuse('the tag is empty');
  if (tag.toLowerCase() === 'latest') {
    refuse(
      '"latest" is refused: it is a moving tag, so nodes that cached it keep running an old image',
    );
  }
  if (tag.length > MAX_TAG_LENGTH)
    refuse(`the tag is ${tag.length} characters; at most ${MAX_TAG_LENGTH} are allowed`);
  if (!/^\w/.test(tag))
    refuse(`a tag must start with a letter, digit or underscore, not "${tag.charAt(0)}"`);
  const bad = [...new Set(tag.replace(/[\w.-]/g, ''))];
  if (bad.length > 0)
    refuse(
      `invalid characters ${bad.map((c) => JSON.stringify(c)).join(' ')} (allowed: A-Z a-z 0-9 _ . -)`,
    );
  if (!isValidTag(tag)) refuse('not a valid tag');
}

/** A branch name made fit for a tag: invalid characters become '-', no leading '.' or '-'. */
export function sanitizeBranch(branch: string, maxLength = MAX_TAG_LENGTH): string {
  return branch
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, Math.max(0, maxLength))
    .replace(/[.-]+$/, '');
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Renders the tag template (DEFAULT_TAG_TEMPLATE or LOCAL_TAG_TEMPLATE when undefined) and validates it. */
export async function renderTag(
  template: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
  now: Date = new Date(),
  git: GitReader = readGit,
): Promise<string> {
  let info: BuildInfo | undefined;
  if (template === undefined) {
    info = await detectBuild(env, cwd, git);
    template = info.run !== undefined ? DEFAULT_TAG_TEMPLATE : LOCAL_TAG_TEMPLATE;
  }
  const used = templateVariables(template);
  if (info === undefined && used.some((v) => BUILD_VARIABLES.includes(v))) {
    info = await detectBuild(env, cwd, git);
  }
  const values: Partial<Record<TagVariable, string>> = {
    sha: info?.sha,
    sha7: info?.sha?.slice(0, 7),
    run: info?.run,
    attempt: info?.attempt,
    date: `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`,
    time: `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`,
  };
  const missing = used.filter((v) => v !== 'branch' && values[v] === undefined);
  if (
    used.includes('branch') &&
    (info?.branch === undefined || sanitizeBranch(info.branch) === '')
  ) {
    missing.push('branch');
  }
  if (missing.length > 0) throw noBuildId(template, missing, info);
  const fill = (branchValue: string): string =>
    template.replace(/\{(\w+)\}/g, (_m, name: TagVariable) =>
      name === 'branch' ? branchValue : (values[name] ?? ''),
    );
  let tag = fill('');
  if (used.includes('branch')) {
    const branchCount = template.split('{branch}').length - 1;
    const budget = Math.floor((MAX_TAG_LENGTH - tag.length) / branchCount);
    tag = fill(sanitizeBranch(info?.branch ?? '', budget));
  }
  validateTag(tag);
  return tag;
}

/** The variables a template uses; INVALID_TEMPLATE for unknown names or stray braces. */
export function templateVariables(template: string): TagVariable[] {
  const used: TagVariable[] = [];
  const unknown: string[] = [];
  for (const m of template.matchAll(/\{([^{}]*)\}/g)) {
    const name = m[1] ?? '';
    if ((TAG_VARIABLES as readonly string[]).includes(name)) used.push(name as TagVariable);
    else unknown.push(`{${name}}`);
  }
  const known = TAG_VARIABLES.map((v) => `{${v}}`).join(' ');
  if (unknown.length > 0) {
    throw new DigestpinError(
      'INVALID_TEMPLATE',
      `tag template "${template}": unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`,
      `Known variables: ${known}.`,
    );
  }
  if (/[{}]/.test(template.replace(/\{[^{}]*\}/g, ''))) {
    throw new DigestpinError(
      'INVALID_TEMPLATE',
      `tag template "${template}": unbalanced { or }`,
      `Variables are written {name}; known variables: ${known}.`,
    );
  }
  return used;
}

function noBuildId(
  template: string,
  missing: TagVariable[],
  info: BuildInfo | undefined,
): DigestpinError {
  const names = [
    ...new Set(missing.map((v) => (v === 'sha7' ? 'sha' : v))),
  ] as (keyof typeof SOURCES)[];
  const where =
    info === undefined || info.provider === 'none'
      ? 'no CI and no git checkout detected'
      : `provider: ${info.provider}`;
  return new DigestpinError(
    'NO_BUILD_ID',
    `tag template "${template}" needs ${missing.map((v) => `{${v}}`).join(', ')}, but nothing identifies the build (${where})`,
    `${names.map((n) => `{${n}} comes from ${SOURCES[n]}`).join('; ')}. Set it, or pass --tag <tag> with a literal tag or a template that uses only what is available.`,
  );
}
