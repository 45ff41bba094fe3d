/**
 * `digestpin guard <repository>:<tag>`: the overwrite check alone, for Jenkins and shell
 * pipelines. Exit 0 when the tag is free; TAG_EXISTS (exit 3) naming the digest the tag holds.
 * One HEAD with all four manifest media types (a missing repository counts as a free tag); on
 * ECR, DescribeImages (a missing repository is exit 6, since ECR never creates one on push).
 */
import { DigestpinError } from '../errors.js';
import { parseReference } from '../reference.js';
import { RegistryClient } from '../registry/client.js';
import { ecrPlan, registryLoginInstead } from '../push/ecr-plan.js';
import { validateTag } from '../push/tag-template.js';
import type { CommandContext, CommandOutcome } from './types.js';

export interface GuardOptions {
  reference: string;
  authfile?: string;
  insecure: boolean;
  ecr: boolean;
  region?: string;
}

export interface GuardResult {
  repository: string;
  tag: string;
  exists: boolean;
  digest?: string;
}

/** Splits `repository:tag` as written; refuses a digest or a missing tag. */
export function parseGuardReference(input: string): {
  repository: string;
  tag: string;
  ref: ReturnType<typeof parseReference>;
} {
  const ref = parseReference(input);
  if (ref.digest)
    throw new DigestpinError(
      'INVALID_REFERENCE',
      `${input}: guard checks a tag, but this reference has a digest`,
      'Pass repository:tag, e.g. digestpin guard registry.example.com/team/app:1a2b3c4-17-1',
    );
  if (!ref.tag)
    throw new DigestpinError(
      'INVALID_REFERENCE',
      `${input}: guard needs a tag (repository:tag)`,
      'Pass the tag you are about to push, e.g. digestpin guard registry.example.com/team/app:1a2b3c4-17-1',
    );
  return { repository: input.slice(0, input.length - ref.tag.length - 1), tag: ref.tag, ref };
}

export async function runGuard(
  opts: GuardOptions,
  ctx: CommandContext,
): Promise<CommandOutcome<GuardResult>> {
  const { repository, tag, ref } = parseGuardReference(opts.reference);
  // the tags push refuses (latest, outside the grammar) are never "free"
  validateTag(tag);
  // ECR (recognised host or --ecr): DescribeImages answers, and reports tag immutability.
  let plan;
  try {
    plan = await ecrPlan(ref.domain, {
      repository: ref.path,
      tag,
      ecr: opts.ecr,
      region: opts.region,
      env: ctx.env,
      logger: ctx.logger,
      credentials: false,
    });
  } catch (err) {
    // no AWS credentials but a registry login (DESIGN.md's order): the registry answers instead
    const login = await registryLoginInstead(err, ref.domain, {
      repository: ref.path,
      authfile: opts.authfile,
      env: ctx.env,
      logger: ctx.logger,
      needsApi: false,
    });
    if (!login) throw err;
    ctx.logger.warn(
      `${repository}: no AWS credentials; asking the registry with the login from ${login} (ECR's DescribeImages needs AWS credentials)`,
    );
  }
  const found = plan
    ? plan.existing
    : await new RegistryClient({
        authfile: opts.authfile,
        insecure: opts.insecure,
        env: ctx.env,
        logger: ctx.logger,
      }).headManifest(ref);
  if (found)
    throw new DigestpinError(
      'TAG_EXISTS',
      `${repository}:${tag} already exists (it holds ${found.digest}); refusing to reuse the tag`,
      'Push under a new, unique tag for every build: digestpin push picks one per build and retry by default (see --tag); never reuse a tag.',
    );
  return {
    json: { repository, tag, exists: false },
    text: `tag ${tag} is free in ${repository}`,
    exitCode: 0,
  };
}
