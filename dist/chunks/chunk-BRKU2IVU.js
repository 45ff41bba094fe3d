import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

// src/registry/ecr/errors.ts
var ECR_IAM_ACTIONS = [
  "ecr:GetAuthorizationToken",
  "ecr:BatchCheckLayerAvailability",
  "ecr:InitiateLayerUpload",
  "ecr:UploadLayerPart",
  "ecr:CompleteLayerUpload",
  "ecr:PutImage",
  "ecr:DescribeImages",
  "ecr:DescribeRepositories"
];
var IAM_HINT = `Configure AWS credentials (aws-actions/configure-aws-credentials with an OIDC role, AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or an instance/task role) for a principal allowed ${ECR_IAM_ACTIONS.join(", ")} on the repository.`;
var CREDENTIAL_ERRORS = /* @__PURE__ */ new Set([
  "CredentialsProviderError",
  "ExpiredTokenException",
  "ExpiredToken",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "MissingAuthenticationToken",
  "AccessDeniedException",
  "AccessDenied"
]);
var THROTTLING = /* @__PURE__ */ new Set([
  "ThrottlingException",
  "ThrottleException",
  "TooManyRequestsException",
  "RequestLimitExceeded"
]);
var NETWORK_CODES = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE"
]);
function shape(err) {
  if (typeof err !== "object" || err === null) return { name: "Error", message: String(err) };
  const e = err;
  return {
    name: typeof e.name === "string" ? e.name : "Error",
    message: typeof e.message === "string" ? e.message : "",
    code: typeof e.code === "string" ? e.code : void 0,
    status: typeof e.$metadata?.httpStatusCode === "number" ? e.$metadata.httpStatusCode : void 0,
    fault: typeof e.$fault === "string" ? e.$fault : void 0
  };
}
function createRepositoryCommand(repository, target) {
  const registry = target.account ? ` --registry-id ${target.account}` : "";
  return `aws ecr create-repository --repository-name ${repository} --image-tag-mutability IMMUTABLE --image-scanning-configuration scanOnPush=true --region ${target.region}${registry}`;
}
function repositoryNotFound(repository, target) {
  return new DigestpinError(
    "REPOSITORY_NOT_FOUND",
    `ECR repository ${repository} does not exist in ${target.host} (region ${target.region})`,
    `Create it: ${createRepositoryCommand(repository, target)} \u2014 or re-run with --create-repository.`
  );
}
function mapEcrError(err, operation, target, repository) {
  if (err instanceof DigestpinError) return err;
  const e = shape(err);
  const what = `ECR ${operation} on ${target.host} (region ${target.region})`;
  const detail = `${e.name}${e.message ? `: ${e.message}` : ""}`;
  const opts = { cause: err };
  if (e.name === "RepositoryNotFoundException" && repository !== void 0) {
    return repositoryNotFound(repository, target);
  }
  if (CREDENTIAL_ERRORS.has(e.name) || e.status === 401 || e.status === 403) {
    return new DigestpinError(
      "AWS_CREDENTIALS",
      `${what} failed: AWS credentials missing, expired or not allowed (${detail})`,
      IAM_HINT,
      opts
    );
  }
  if (THROTTLING.has(e.name) || e.status === 429) {
    return new DigestpinError(
      "RATE_LIMITED",
      `${what} was throttled and still failed after adaptive retries (${detail})`,
      "Retry later, lower the concurrency of parallel jobs, or ask AWS for a higher ECR API quota (Service Quotas).",
      opts
    );
  }
  if (e.name === "TimeoutError" || e.code === "ETIMEDOUT") {
    return new DigestpinError("TIMEOUT", `${what} timed out (${detail})`, networkHint(), opts);
  }
  if (e.code !== void 0 && NETWORK_CODES.has(e.code) || NETWORK_CODES.has(e.name)) {
    return new DigestpinError(
      "UNREACHABLE",
      `${what}: cannot reach the ECR API (${e.code ?? e.name}: ${e.message})`,
      networkHint(),
      opts
    );
  }
  if (e.name === "InvalidParameterException" || e.name === "ValidationException" || e.name === "SerializationException") {
    return new DigestpinError(
      "INVALID_INPUT",
      `${what} rejected the request (${detail})`,
      "Check the repository name and tag.",
      opts
    );
  }
  return new DigestpinError(
    "REGISTRY_ERROR",
    `${what} failed${e.status ? ` with HTTP ${e.status}` : ""} (${detail})`,
    e.fault === "server" || (e.status ?? 0) >= 500 ? "ECR reported a server error; retry later (status: https://health.aws.amazon.com)." : "Run with --verbose for details.",
    opts
  );
}
function networkHint() {
  return "Check network access to the ECR API endpoint (VPC endpoint, proxy, firewall); AWS_ENDPOINT_URL_ECR overrides the endpoint.";
}
var IMMUTABLE_REJECTION = /(?:The image tag '([^']*)' already exists in the '([^']*)' repository and )?cannot be overwritten because the (?:tag|repository) is immutable/i;
function matchEcrImmutableTagRejection(text) {
  const m = IMMUTABLE_REJECTION.exec(text);
  if (!m) {
    return /ImageTagAlreadyExistsException/.test(text) ? {} : void 0;
  }
  return { tag: m[1], repository: m[2] };
}
function ecrTagExistsError(reference, cause) {
  return new DigestpinError(
    "TAG_EXISTS",
    `${reference} already exists and ECR refused to overwrite it (the tag is immutable)`,
    "Every build needs a new tag: include {sha}, {run} or {attempt} in --tag. ECR rejects even an identical re-push of an immutable tag.",
    { cause }
  );
}

export {
  mapEcrError,
  matchEcrImmutableTagRejection,
  ecrTagExistsError
};
//# sourceMappingURL=chunk-BRKU2IVU.js.map
