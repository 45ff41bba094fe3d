import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  RegistryClient
} from "./chunk-LNUBDMAJ.js";
import "./chunk-CZBBNDK3.js";
import "./chunk-2OWQOT2H.js";
import {
  parseReference
} from "./chunk-RCFIPAV4.js";
import "./chunk-QGWW4B2G.js";
import "./chunk-R2FWTRJN.js";
import "./chunk-XNSOTQQY.js";
import {
  ecrPlan
} from "./chunk-W62DMECM.js";
import "./chunk-65HPJQ6Q.js";
import "./chunk-5EOHTY36.js";
import "./chunk-KK367FDL.js";
import {
  DigestpinError
} from "./chunk-3WEU2BZR.js";
import "./chunk-TDRKEOBG.js";

// src/commands/guard.ts
function parseGuardReference(input) {
  const ref = parseReference(input);
  if (ref.digest)
    throw new DigestpinError(
      "INVALID_REFERENCE",
      `${input}: guard checks a tag, but this reference has a digest`,
      "Pass repository:tag, e.g. digestpin guard registry.example.com/team/app:1a2b3c4-17-1"
    );
  if (!ref.tag)
    throw new DigestpinError(
      "INVALID_REFERENCE",
      `${input}: guard needs a tag (repository:tag)`,
      "Pass the tag you are about to push, e.g. digestpin guard registry.example.com/team/app:1a2b3c4-17-1"
    );
  return { repository: input.slice(0, input.length - ref.tag.length - 1), tag: ref.tag, ref };
}
async function runGuard(opts, ctx) {
  const { repository, tag, ref } = parseGuardReference(opts.reference);
  const plan = await ecrPlan(ref.domain, {
    repository: ref.path,
    tag,
    ecr: opts.ecr,
    region: opts.region,
    env: ctx.env,
    logger: ctx.logger,
    credentials: false
  });
  const found = plan ? plan.existing : await new RegistryClient({
    authfile: opts.authfile,
    insecure: opts.insecure,
    env: ctx.env,
    logger: ctx.logger
  }).headManifest(ref);
  if (found)
    throw new DigestpinError(
      "TAG_EXISTS",
      `${repository}:${tag} already exists (it holds ${found.digest}); refusing to reuse the tag`,
      "Push under a new, unique tag for every build: digestpin push picks one per build and retry by default (see --tag); never reuse a tag."
    );
  return {
    json: { repository, tag, exists: false },
    text: `tag ${tag} is free in ${repository}`,
    exitCode: 0
  };
}
export {
  parseGuardReference,
  runGuard
};
//# sourceMappingURL=guard-KM2IX6XU.js.map
