import * as core from '@actions/core';
import { runPush } from '../commands/push.js';
import { toDigestpinError } from '../errors.js';
import type { Logger } from '../log.js';

const logger: Logger = {
  info: (m) => core.info(m),
  warn: (m) => core.warning(m),
  debug: (m) => core.debug(m),
};

/** Runs the action; never throws (a failure sets the step failed with the error's code and hint). */
export async function run(): Promise<void> {
  try {
    const outcome = await runPush(
      {
        source: core.getInput('source', { required: true }),
        repository: core.getInput('repository', { required: true }),
        tag: core.getInput('tag') || undefined,
        format: core.getInput('format') === 'oci' ? 'oci' : 'v2s2',
        all: core.getBooleanInput('all-platforms'),
        manifests: [],
        insecure: core.getBooleanInput('insecure'),
        dryRun: core.getBooleanInput('dry-run'),
        ecr: false,
        ensureImmutable: core.getBooleanInput('ensure-immutable'),
        createRepository: false,
      },
      { logger, env: process.env, cwd: process.cwd() },
    );
    const r = outcome.json;
    core.setOutput('tag', r.tag);
    core.setOutput('digest', r.digest);
    core.setOutput('image', r.image);
    core.setOutput('ref', r.ref);
    core.setOutput('pushed', String(r.pushed));
    core.setOutput('changed-files', JSON.stringify(r.files.map((f) => f.path)));
  } catch (err) {
    const e = toDigestpinError(err);
    core.setFailed(`${e.code}: ${e.message}${e.hint ? `\nhint: ${e.hint}` : ''}`);
  }
}
