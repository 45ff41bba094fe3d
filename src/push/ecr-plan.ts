// What push and guard ask of ECR before they touch the registry: credentials, the digest the tag
// already points to, and whether the tag is protected by immutability. One call: ecrPlan().
import { DigestpinError } from '../errors.js';
import type { Logger } from '../log.js';
import {
  createRepository,
  describeTag,
  ecrCredentials,
  ensureImmutable,
  tagMutability,
  type EcrCredentials,
  type ImmutabilityChange,
  type TagImage,
} from '../registry/ecr/index.js';
import { resolveEcrTarget, type EcrTarget } from '../registry/ecr/host.js';
import { noAwsCredentialsAtAll } from '../registry/ecr/errors.js';
import { mutabilityForTag, type MutabilityReport } from '../registry/ecr/mutability.js';
import type { EcrClientOptions } from '../registry/ecr/sdk.js';

export interface EcrPlanOptions {
  /** Repository path inside the registry (`team/app`, no host, no tag). */
  repository: string;
  /** The tag about to be pushed / guarded. */
  tag: string;
  /** --ecr, --region (PushOptions/GuardOptions). */
  ecr?: boolean;
  region?: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** --create-repository: create a missing repository instead of failing with exit 6. */
  createRepository?: boolean;
  /** --ensure-immutable: switch a MUTABLE repository to IMMUTABLE. */
  ensureImmutable?: boolean;
  /** --dry-run: report what create/ensure would do, change nothing. */
  dryRun?: boolean;
  /** Fetch the registry token (default true; the guard alone does not need it). */
  credentials?: boolean;
  client?: EcrClientOptions;
}

export interface EcrPlan {
  target: EcrTarget;
  /** {username: 'AWS', password} for the registry client and skopeo's temporary auth file. */
  credentials?: EcrCredentials;
  /** The image the tag already points to (DescribeImages); undefined = the tag is free. */
  existing?: TagImage;
  /** 'created' by --create-repository, 'missing' only in a dry run with --create-repository. */
  repository: 'exists' | 'created' | 'missing';
  /** Undefined when DescribeRepositories was not allowed (a warning was logged). */
  mutability?: MutabilityReport;
  immutability?: ImmutabilityChange;
}

/**
 * Plans an ECR push/guard on `host`; undefined when the host is not ECR and --ecr is not set.
 * Errors: USAGE (no region), AWS_CREDENTIALS (exit 4), REPOSITORY_NOT_FOUND (exit 6, with the
 * `aws ecr create-repository` command), RATE_LIMITED / UNREACHABLE / REGISTRY_ERROR.
 */
export async function ecrPlan(host: string, opts: EcrPlanOptions): Promise<EcrPlan | undefined> {
  const target = resolveEcrTarget(host, opts);
  if (!target) return undefined;
  const call = { logger: opts.logger, client: opts.client };
  const plan: EcrPlan = { target, repository: 'exists' };
  if (opts.credentials !== false)
    plan.credentials = await ecrCredentials(target, opts.logger, call);

  try {
    plan.existing = await describeTag(target, opts.repository, opts.tag, call);
  } catch (err) {
    if (!(err instanceof DigestpinError && err.code === 'REPOSITORY_NOT_FOUND')) throw err;
    if (!opts.createRepository) throw err;
    if (opts.dryRun) {
      opts.logger.info(`dry run: would create ECR repository ${opts.repository} (IMMUTABLE tags)`);
      plan.repository = 'missing';
    } else {
      await createRepository(target, opts.repository, call);
      plan.repository = 'created';
    }
  }

  if (plan.repository !== 'exists') {
    // We create repositories with IMMUTABLE tags: nothing to read or switch.
    plan.mutability = mutabilityForTag('IMMUTABLE', [], opts.tag);
    return plan;
  }
  try {
    plan.mutability = await tagMutability(target, opts.repository, opts.tag, call);
  } catch (err) {
    if (opts.ensureImmutable || !(err instanceof DigestpinError && err.code === 'AWS_CREDENTIALS'))
      throw err;
    opts.logger.warn(
      `could not read the tag mutability of ${opts.repository} (${err.message}); ` +
        'if its tags are mutable, the guard is check-then-push, not atomic',
    );
    return plan;
  }
  if (opts.ensureImmutable) {
    plan.immutability = await ensureImmutable(target, opts.repository, opts.tag, {
      ...call,
      report: plan.mutability,
      dryRun: opts.dryRun,
    });
    if (plan.immutability.changed) {
      opts.logger.info(plan.immutability.message);
      plan.mutability = mutabilityForTag(plan.immutability.to, [], opts.tag);
      return plan;
    }
    opts.logger.warn(plan.immutability.message);
  }
  if (plan.mutability.warning) opts.logger.warn(plan.mutability.warning);
  return plan;
}

/**
 * A push or guard to an ECR host whose AWS SDK chain has no credentials at all: the registry login
 * DESIGN.md's order also offers (`--authfile`, the auth files: a Jenkins agent handed the
 * registry password), named by where it came from — the run then goes on as for any registry,
 * the tag checked on the registry. Undefined (the AWS error stands) for other AWS failures, when
 * there is no such login, or when the run needs ECR's API (--create-repository,
 * --ensure-immutable).
 */
export async function registryLoginInstead(
  err: unknown,
  host: string,
  o: {
    repository: string;
    authfile?: string;
    env: NodeJS.ProcessEnv;
    logger: Logger;
    needsApi: boolean;
  },
): Promise<string | undefined> {
  if (o.needsApi || !noAwsCredentialsAtAll(err)) return undefined;
  const { credentialsInOrder } = await import('../registry/auth.js');
  const login = await credentialsInOrder(host, {
    authfile: o.authfile,
    env: o.env,
    repository: o.repository,
    logger: o.logger,
  });
  return login ? (login.source ?? 'the auth files') : undefined;
}
