import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  createRepository,
  describeTag,
  ecrCredentials,
  ensureImmutable,
  mutabilityForTag,
  tagMutability
} from "./chunk-CP23GF42.js";
import {
  parseEcrHost,
  resolveEcrTarget
} from "./chunk-3MUJSREC.js";
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

// src/push/ecr-plan.ts
async function ecrPlan(host, opts) {
  const target = resolveEcrTarget(host, opts);
  if (!target) return void 0;
  const call = { logger: opts.logger, client: opts.client };
  const plan = { target, repository: "exists" };
  if (opts.credentials !== false)
    plan.credentials = await ecrCredentials(target, opts.logger, call);
  try {
    plan.existing = await describeTag(target, opts.repository, opts.tag, call);
  } catch (err) {
    if (!(err instanceof DigestpinError && err.code === "REPOSITORY_NOT_FOUND")) throw err;
    if (!opts.createRepository) throw err;
    if (opts.dryRun) {
      opts.logger.info(`dry run: would create ECR repository ${opts.repository} (IMMUTABLE tags)`);
      plan.repository = "missing";
    } else {
      await createRepository(target, opts.repository, call);
      plan.repository = "created";
    }
  }
  if (plan.repository !== "exists") {
    plan.mutability = mutabilityForTag("IMMUTABLE", [], opts.tag);
    return plan;
  }
  try {
    plan.mutability = await tagMutability(target, opts.repository, opts.tag, call);
  } catch (err) {
    if (opts.ensureImmutable || !(err instanceof DigestpinError && err.code === "AWS_CREDENTIALS"))
      throw err;
    opts.logger.warn(
      `could not read the tag mutability of ${opts.repository} (${err.message}); if its tags are mutable, the guard is check-then-push, not atomic`
    );
    return plan;
  }
  if (opts.ensureImmutable) {
    plan.immutability = await ensureImmutable(target, opts.repository, opts.tag, {
      ...call,
      report: plan.mutability,
      dryRun: opts.dryRun
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
function ecrCredentialsProvider(opts) {
  return async (host) => {
    const parsed = parseEcrHost(host);
    if (!opts.ecr && !parsed) return void 0;
    const target = resolveEcrTarget(host, parsed ? { ...opts, region: void 0 } : opts);
    return target ? ecrCredentials(target, opts.logger) : void 0;
  };
}

export {
  ecrPlan,
  ecrCredentialsProvider
};
//# sourceMappingURL=chunk-YVKXM3KW.js.map
