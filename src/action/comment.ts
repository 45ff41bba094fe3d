/**
 * The sticky pull-request comment: one per image repository on the pull request, found again by a
 * hidden marker written by the token's own identity (a marker in someone else's comment is not
 * ours) and updated on re-runs. A token that may not comment (fork PRs get a read-only
 * token: 403, or 404 when it cannot see the PR) gives a warning, never a failed step.
 */
import { readFile } from 'node:fs/promises';
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import type { PushResult } from '../commands/push.js';
import { attestationLines } from './attestations.js';
import { renderDiff, type FileDiff } from './diff.js';
import { shellQuote } from '../shell.js';
import { code, fence, hiddenMarker, text } from './markdown.js';

/** Diffs longer than this many lines are collapsed in a <details> element. */
export const COLLAPSE_AFTER_LINES = 20;
/** GitHub refuses comment bodies over 65536 characters; the diff is cut well before that. */
const MAX_DIFF_CHARS = 50_000;

export interface PullRequestTarget {
  owner: string;
  repo: string;
  number: number;
}

export interface CommentOptions {
  env: NodeJS.ProcessEnv;
  token: string;
  /** Milliseconds the retry plugin waits per retry step (tests make it short). */
  retryAfterBaseMs?: number;
}

export type CommentOutcome = 'created' | 'updated' | 'skipped' | 'forbidden' | 'failed';

export function markerFor(repository: string): string {
  return hiddenMarker(`digestpin:${repository}`);
}

/** The pull request this run belongs to, or undefined when the event is not a pull request. */
export async function pullRequestOf(
  env: NodeJS.ProcessEnv,
): Promise<PullRequestTarget | undefined> {
  const event = env.GITHUB_EVENT_NAME;
  if (event !== 'pull_request' && event !== 'pull_request_target') return undefined;
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo || !env.GITHUB_EVENT_PATH) return undefined;
  const payload: unknown = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8'));
  const number = prNumber(payload);
  return number === undefined ? undefined : { owner, repo, number };
}

function prNumber(payload: unknown): number | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const pr: unknown = (payload as Record<string, unknown>).pull_request;
  const n: unknown =
    typeof pr === 'object' && pr !== null
      ? (pr as Record<string, unknown>).number
      : (payload as Record<string, unknown>).number;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The comment body: marker, ref, digest, pinned-line diff (collapsed when long), how to reproduce. */
export function renderComment(result: PushResult, diffs: FileDiff[]): string {
  const status = result.pushed ? 'pushed' : 'already in the registry (nothing pushed)';
  const lines = [
    markerFor(result.repository),
    `### digestpin: ${code(result.repository)}`,
    '',
    `- ref: ${code(result.ref)} (${text(status)})`,
    `- digest: ${code(result.digest)}`,
    `- format: ${text(result.format)}`,
    '',
    ...attestationLines(result, 'list'),
  ];
  const changed = diffs.filter((d) => d.lines.length > 0);
  if (changed.length === 0) {
    lines.push('No manifest lines were pinned.');
  } else {
    let body = renderDiff(changed);
    if (body.length > MAX_DIFF_CHARS) body = `${body.slice(0, MAX_DIFF_CHARS)}\n… (diff cut)`;
    const count = changed.reduce((n, d) => n + d.lines.filter((l) => l.kind === '+').length, 0);
    const heading = `Pinned ${count} line${count === 1 ? '' : 's'} in ${changed.length} file${changed.length === 1 ? '' : 's'}`;
    const block = fence(body, 'diff');
    if (body.split('\n').length > COLLAPSE_AFTER_LINES) {
      lines.push('<details>', `<summary>${text(heading)}</summary>`, '', block, '', '</details>');
    } else lines.push(`${text(heading)}:`, '', block);
  }
  const paths = result.files.map((f) => shellQuote(f.path)).join(' ');
  if (paths) {
    lines.push(
      '',
      'Check that the registry serves every pinned image (no cluster access needed):',
      '',
      fence(`digestpin verify ${paths}`, 'sh'),
    );
  }
  return `${lines.join('\n')}\n`;
}

function statusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const status: unknown = (err as Record<string, unknown>).status;
  return typeof status === 'number' ? status : undefined;
}

/** The author GitHub gives comments written with GITHUB_TOKEN (an installation token). */
export const ACTIONS_BOT = 'github-actions[bot]';

/**
 * The login comments written with this token carry: `GET /user` for a personal access token (or
 * any user token). An installation token (GITHUB_TOKEN) may not call it (403 "Resource not
 * accessible by integration"): its comments are by github-actions[bot]. When the answer cannot be
 * had at all, the bot is assumed too: at worst a new comment is written, never someone else's
 * edited.
 */
async function ownLogin(octokit: ReturnType<typeof getOctokit>): Promise<string> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch (err) {
    core.debug(
      `GET /user: ${err instanceof Error ? err.message : String(err)}; assuming ${ACTIONS_BOT}`,
    );
    return ACTIONS_BOT;
  }
}

/** Creates or updates the sticky comment; never throws (problems become warnings). */
export async function upsertComment(
  target: PullRequestTarget,
  repository: string,
  body: string,
  opts: CommentOptions,
): Promise<CommentOutcome> {
  if (!opts.token) {
    core.warning('digestpin: no github-token, so no pull request comment was written.');
    return 'skipped';
  }
  const octokit = getOctokit(
    opts.token,
    {
      baseUrl: opts.env.GITHUB_API_URL || 'https://api.github.com',
      retry: { retryAfterBaseValue: opts.retryAfterBaseMs ?? 1000 },
    },
    retry,
  );
  const marker = markerFor(repository);
  const where = `${target.owner}/${target.repo}#${target.number}`;
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: target.owner,
      repo: target.repo,
      issue_number: target.number,
      per_page: 100,
    });
    // Anyone can write the marker: only a comment by the token's own identity is ours to edit.
    const marked = comments.filter((c) => c.body?.startsWith(marker));
    const self = marked.length > 0 ? await ownLogin(octokit) : undefined;
    const existing = marked.find((c) => c.user?.login === self);
    if (existing) {
      await octokit.rest.issues.updateComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: existing.id,
        body,
      });
      core.info(`Updated the digestpin comment on ${where}`);
      return 'updated';
    }
    await octokit.rest.issues.createComment({
      owner: target.owner,
      repo: target.repo,
      issue_number: target.number,
      body,
    });
    core.info(`Created the digestpin comment on ${where}`);
    return 'created';
  } catch (err) {
    const status = statusOf(err);
    if (status === 403 || status === 404) {
      core.warning(
        `digestpin: could not comment on ${where} (HTTP ${status}): the token may not write to pull requests. ` +
          'Pull requests from forks get a read-only token; give the job `permissions: pull-requests: write`, ' +
          'or set `comment: false`. The push itself succeeded.',
      );
      return 'forbidden';
    }
    const message = err instanceof Error ? err.message : String(err);
    core.warning(
      `digestpin: could not comment on ${where}: ${message}. The push itself succeeded.`,
    );
    return 'failed';
  }
}
