import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

// src/registry/ecr/host.ts
var REGION = "[a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}";
var STANDARD = new RegExp(
  `^(\\d{12})\\.dkr\\.ecr(-fips)?\\.(${REGION})\\.(?:amazonaws\\.com(?:\\.cn)?|c2s\\.ic\\.gov|sc2s\\.sgov\\.gov)$`
);
var DUAL_STACK = new RegExp(`^(\\d{12})\\.dkr-ecr(-fips)?\\.(${REGION})\\.on\\.aws$`);
var REGION_ONLY = new RegExp(`^${REGION}$`);
function parseEcrHost(host) {
  const h = host.toLowerCase();
  const standard = STANDARD.exec(h);
  if (standard) {
    return {
      account: standard[1],
      region: standard[3],
      fips: standard[2] !== void 0,
      dualStack: false
    };
  }
  const dual = DUAL_STACK.exec(h);
  if (dual) {
    return { account: dual[1], region: dual[3], fips: dual[2] !== void 0, dualStack: true };
  }
  return void 0;
}
function resolveEcrTarget(host, opts) {
  const parsed = parseEcrHost(host);
  if (!parsed && !opts.ecr) return void 0;
  const explicit = opts.region?.trim() || void 0;
  if (explicit !== void 0 && !REGION_ONLY.test(explicit)) {
    throw new DigestpinError(
      "USAGE",
      `--region "${explicit}" is not an AWS region name`,
      "Pass a region such as --region us-east-1."
    );
  }
  if (parsed && explicit !== void 0 && explicit !== parsed.region) {
    throw new DigestpinError(
      "USAGE",
      `--region ${explicit} contradicts the region ${parsed.region} in the ECR host ${host}`,
      `Drop --region (the host already names the region) or use the registry host of ${explicit}.`
    );
  }
  const region = explicit ?? parsed?.region ?? (opts.env.AWS_REGION?.trim() || void 0) ?? (opts.env.AWS_DEFAULT_REGION?.trim() || void 0);
  if (region === void 0) {
    throw new DigestpinError(
      "USAGE",
      `ECR mode (--ecr) for ${host} needs an AWS region, and none is set`,
      "Pass --region <region> or set AWS_REGION (aws-actions/configure-aws-credentials sets it)."
    );
  }
  return {
    host: host.toLowerCase(),
    account: parsed?.account,
    region,
    fips: parsed?.fips ?? false,
    dualStack: parsed?.dualStack ?? false,
    forced: !parsed
  };
}

export {
  parseEcrHost,
  resolveEcrTarget
};
//# sourceMappingURL=chunk-3MUJSREC.js.map
