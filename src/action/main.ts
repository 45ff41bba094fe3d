/**
 * The GitHub Action: read inputs, run the same push command as the CLI, then report through step
 * outputs, the job summary and (on pull requests) one sticky comment. Never throws: a failure sets
 * the step failed once, with the error's code, message and hint.
 */
import { appendFile } from 'node:fs/promises';
import * as core from '@actions/core';
import { runPush, type PushResult } from '../commands/push.js';
import type { CommandContext } from '../commands/types.js';
import { toDigestpinError, type DigestpinError } from '../errors.js';
import type { Logger } from '../log.js';
import { onInterrupt } from '../interrupt.js';
import { confinePaths } from '../manifests/find.js';
import { onEcrSecret } from '../registry/ecr/index.js';
import { safeText } from '../report/terminal.js';
import { annotateFindings } from './check.js';
import { pullRequestOf, renderComment, upsertComment } from './comment.js';
import { diffChangedFiles, snapshotManifests, type FileDiff } from './diff.js';
import { Output, readInputs, type ActionInputs } from './inputs.js';
import { renderFailureSummary, renderSummary } from './summary.js';

/**
 * Log lines may hold file names and image values: none may start a workflow command (`::error::…`,
 * `… ##[error]…`) or carry a terminal escape, so every line is made safe (safeText); warning and
 * debug lines are workflow commands themselves, whose message @actions/core escapes on top.
 */
const logger: Logger = {
  info: (m) => core.info(safeText(m)),
  warn: (m) => core.warning(safeText(m)),
  debug: (m) => core.debug(safeText(m)),
};

function setOutputs(result: PushResult): void {
  core.setOutput(Output.json, JSON.stringify(result));
  core.setOutput(Output.tag, result.tag);
  core.setOutput(Output.digest, result.digest);
  core.setOutput(Output.image, result.image);
  core.setOutput(Output.ref, result.ref);
  core.setOutput(Output.pushed, String(result.pushed));
  core.setOutput(Output.changedFiles, JSON.stringify(result.files.map((f) => f.path)));
}

/** Appends to the job summary file (read from the environment each time, unlike core.summary). */
async function writeSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY;
  try {
    if (!file)
      throw new Error('GITHUB_STEP_SUMMARY is not set (not running on an Actions runner?)');
    await appendFile(file, markdown, 'utf8');
  } catch (err) {
    // Nowhere to write it is a degraded report, not a failed push.
    core.warning(
      `digestpin: could not write the job summary: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

async function push(inputs: ActionInputs, ctx: CommandContext): Promise<PushResult> {
  const outcome = await runPush(
    {
      source: inputs.source,
      repository: inputs.repository,
      tag: inputs.tag,
      format: inputs.format,
      all: inputs.allPlatforms,
      attestations: inputs.attestations,
      manifests: inputs.manifests,
      insecure: inputs.insecure,
      dryRun: inputs.dryRun,
      ecr: inputs.ecr,
      region: inputs.region,
      authfile: inputs.authfile,
      ensureImmutable: inputs.ensureImmutable,
      createRepository: inputs.createRepository,
    },
    ctx,
  );
  if (outcome.text) logger.info(outcome.text);
  return outcome.json;
}

async function comment(inputs: ActionInputs, result: PushResult, diffs: FileDiff[]): Promise<void> {
  if (!inputs.comment) return core.info('comment: false, so no pull request comment.');
  const target = await pullRequestOf(process.env);
  if (!target) return core.info('Not a pull_request event: no comment.');
  await core.group(`Comment on pull request #${target.number}`, () =>
    upsertComment(target, result.repository, renderComment(result, diffs), {
      env: process.env,
      token: inputs.githubToken,
    }),
  );
}

/** Shows what the step was given (the token only as set or not), so the group is not empty. */
function logInputs(inputs: ActionInputs): ActionInputs {
  const shown: Record<string, unknown> = {
    ...inputs,
    githubToken: inputs.githubToken ? '(set)' : '(empty)',
  };
  for (const [name, value] of Object.entries(shown))
    if (value !== undefined) logger.info(`${name}: ${JSON.stringify(value)}`);
  return inputs;
}

function failureText(e: DigestpinError): string {
  return `${e.code}: ${e.message}${e.hint ? `\nhint: ${e.hint}` : ''}`;
}

/** Runs the action; never throws. */
export async function run(): Promise<void> {
  // An ECR authorization token (and the password inside it) is masked in the log the moment the
  // action obtains it.
  const unmask = onEcrSecret((secret) => core.setSecret(secret));
  // A cancelled run (SIGINT, then SIGTERM) stops skopeo and removes its auth files first.
  onInterrupt((_signal, e) => core.setFailed(safeText(failureText(e))));
  try {
    const inputs = await core.group('Inputs', () => Promise.resolve(logInputs(readInputs())));
    if (inputs.githubToken) core.setSecret(inputs.githubToken);
    const ctx: CommandContext = { logger, env: process.env, cwd: process.cwd() };
    // nothing outside the checkout is read or written (DESIGN.md "Manifests")
    await confinePaths(inputs.manifests, ctx.cwd, process.env.GITHUB_WORKSPACE || ctx.cwd);
    const snapshot = await snapshotManifests(inputs.manifests, ctx.cwd);
    const result = await core.group(safeText(`Push ${inputs.source} to ${inputs.repository}`), () =>
      push(inputs, ctx),
    );
    const changed = result.files.map((f) => f.path);
    const diffs = await diffChangedFiles(snapshot, changed, ctx.cwd);
    // A dry run pins nothing, so checking would report the pushed image itself as unpinned.
    const check = inputs.dryRun
      ? undefined
      : await core.group('Check the manifests (annotations)', () =>
          annotateFindings(inputs.manifests, ctx),
        );
    await core.group('Outputs and job summary', async () => {
      setOutputs(result);
      await writeSummary(renderSummary({ result, diffs, dryRun: inputs.dryRun, check }));
    });
    await comment(inputs, result, diffs);
  } catch (err) {
    const e = toDigestpinError(err);
    core.setFailed(safeText(failureText(e)));
    await writeSummary(renderFailureSummary(e));
  } finally {
    unmask();
  }
}
