import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  ecrPlan
} from "./chunk-YVKXM3KW.js";
import {
  RegistryClient
} from "./chunk-X5GCCGS7.js";
import "./chunk-256RKVCH.js";
import "./chunk-CP23GF42.js";
import "./chunk-3MUJSREC.js";
import "./chunk-BRKU2IVU.js";
import "./chunk-SHUUAOWG.js";
import "./chunk-LDYPEOT2.js";
import "./chunk-KK367FDL.js";
import {
  validateTag
} from "./chunk-RWNZ2W57.js";
import "./chunk-ANCL6P4L.js";
import "./chunk-TSB7FB7W.js";
import "./chunk-QGWW4B2G.js";
import {
  parseReference
} from "./chunk-A5WBNSYW.js";
import "./chunk-PQKOWIM7.js";
import "./chunk-5CTG7JZF.js";
import {
  DigestpinError
} from "./chunk-KJLBA246.js";
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
  validateTag(tag);
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
//# sourceMappingURL=guard-OB3RXCFP.js.map
