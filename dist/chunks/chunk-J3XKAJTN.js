import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  cjsNamespace
} from "./chunk-KK367FDL.js";
import {
  DigestpinError
} from "./chunk-3WEU2BZR.js";

// src/registry/ecr-errors.ts
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

// src/registry/ecr-mutability.ts
function wildcardMatch(filter, tag) {
  const parts = filter.split("*");
  if (parts.length === 1) return filter === tag;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (tag.length < first.length + last.length) return false;
  if (!tag.startsWith(first) || !tag.endsWith(last)) return false;
  let pos = first.length;
  const end = tag.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const at = tag.indexOf(middle, pos);
    if (at < 0 || at + middle.length > end) return false;
    pos = at + middle.length;
  }
  return true;
}
function mutabilityForTag(mutability, filters, tag) {
  const value = mutability ?? "MUTABLE";
  const wildcards = (filters ?? []).filter((f) => (f.filterType ?? "WILDCARD") === "WILDCARD" && typeof f.filter === "string").map((f) => f.filter);
  const matched = wildcards.find((f) => wildcardMatch(f, tag));
  let immutableForTag;
  switch (value) {
    case "IMMUTABLE":
      immutableForTag = true;
      break;
    case "IMMUTABLE_WITH_EXCLUSION":
      immutableForTag = matched === void 0;
      break;
    case "MUTABLE_WITH_EXCLUSION":
      immutableForTag = matched !== void 0;
      break;
    default:
      immutableForTag = false;
  }
  const report = {
    mutability: value,
    exclusionFilters: wildcards,
    immutableForTag
  };
  if (matched !== void 0) report.matchedFilter = matched;
  if (!immutableForTag) report.warning = mutableWarning(value, tag, matched);
  return report;
}
function mutableWarning(value, tag, matched) {
  const why = value === "IMMUTABLE_WITH_EXCLUSION" ? `tag ${tag} matches the exclusion filter "${matched}" of this IMMUTABLE_WITH_EXCLUSION repository, so it can be overwritten` : value === "MUTABLE_WITH_EXCLUSION" ? `tags of this MUTABLE_WITH_EXCLUSION repository can be overwritten unless they match an exclusion filter, and ${tag} matches none` : `tags of this ${value} repository can be overwritten`;
  return `${why}; the guard is check-then-push, not atomic: a concurrent push of the same tag between the check and the push would be overwritten silently. Make tags immutable (--ensure-immutable, or aws ecr put-image-tag-mutability --image-tag-mutability IMMUTABLE).`;
}
function ensureImmutableDecision(report, tag) {
  if (report.immutableForTag) {
    return { change: false, reason: `tag ${tag} is already immutable (${report.mutability})` };
  }
  if (report.mutability === "MUTABLE") return { change: true, to: "IMMUTABLE" };
  if (report.mutability === "IMMUTABLE_WITH_EXCLUSION") {
    return {
      change: false,
      reason: `not changed: tag ${tag} matches the exclusion filter "${report.matchedFilter}", which keeps such tags mutable on purpose; use a tag template that matches no exclusion filter, or remove the filter`
    };
  }
  return {
    change: false,
    reason: `not changed: this ${report.mutability} repository's exclusion filters (${report.exclusionFilters.join(", ") || "none"}) list the tags that are immutable, and ${tag} matches none; digestpin does not rewrite exclusion filters \u2014 add a filter matching your tags or switch the repository to IMMUTABLE yourself`
  };
}

// src/registry/ecr-sdk.ts
var sdkPromise;
function loadEcrSdk() {
  installSdkWarningFilter();
  sdkPromise ??= import("./dist-cjs-ULWBI4D5.js").then(sdkNamespace);
  return sdkPromise;
}
function sdkNamespace(mod) {
  return cjsNamespace(mod, "ECRClient", "@aws-sdk/client-ecr");
}
var filtered = /* @__PURE__ */ new WeakSet();
function installSdkWarningFilter(proc = process) {
  if (filtered.has(proc)) return;
  filtered.add(proc);
  const original = proc.emitWarning.bind(proc);
  proc.emitWarning = (...args) => {
    if (isSdkNodeVersionWarning(args[0], args[1])) return;
    original(...args);
  };
}
function isSdkNodeVersionWarning(warning, typeOrOptions) {
  const text = typeof warning === "string" ? warning : warning instanceof Error ? warning.message : "";
  const name = warning instanceof Error ? warning.name : "";
  const type = typeof typeOrOptions === "string" ? typeOrOptions : typeof typeOrOptions === "object" && typeOrOptions !== null && "type" in typeOrOptions ? String(typeOrOptions.type) : "";
  if (name === "NodeVersionSupportWarning" || type === "NodeVersionSupportWarning") return true;
  return text.startsWith("NodeVersionSupportWarning:") && text.includes("AWS SDK for JavaScript (v3)");
}
var DEFAULT_MAX_ATTEMPTS = 5;
var clients = /* @__PURE__ */ new Map();
async function ecrClient(target, opts = {}) {
  const key = JSON.stringify([target.region, target.fips, target.dualStack, opts]);
  const cached = clients.get(key);
  if (cached) return cached;
  const sdk = await loadEcrSdk();
  const config = {
    region: target.region,
    retryMode: "adaptive",
    maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    useFipsEndpoint: target.fips,
    useDualstackEndpoint: target.dualStack,
    requestHandler: {
      connectionTimeout: opts.connectionTimeoutMs ?? 1e4,
      requestTimeout: opts.requestTimeoutMs ?? 3e4
    }
  };
  const client = new sdk.ECRClient(config);
  clients.set(key, client);
  return client;
}

// src/registry/ecr-host.ts
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

// src/registry/ecr.ts
var asTarget = (t) => typeof t === "string" ? { host: `ecr.${t}`, region: t, fips: false, dualStack: false, forced: true } : t;
var secretHandlers = /* @__PURE__ */ new Set();
function onEcrSecret(handler) {
  secretHandlers.add(handler);
  return () => secretHandlers.delete(handler);
}
var tokens = /* @__PURE__ */ new Map();
var TOKEN_MARGIN_MS = 15 * 6e4;
async function ecrCredentials(target, logger, opts = {}) {
  const t = asTarget(target);
  const key = JSON.stringify([t.region, t.fips, t.dualStack]);
  const cached = tokens.get(key);
  if (cached && cached.expiresAt - Date.now() > TOKEN_MARGIN_MS) {
    announce(cached.token, cached.credentials.password);
    return cached.credentials;
  }
  const client = await ecrClient(t, opts.client);
  const sdk = await loadEcrSdk();
  logger.debug(`ECR: GetAuthorizationToken in ${t.region}`);
  let data;
  try {
    const out = await client.send(new sdk.GetAuthorizationTokenCommand({}));
    data = out.authorizationData?.[0];
  } catch (err) {
    throw mapEcrError(err, "GetAuthorizationToken", t);
  }
  const token = data?.authorizationToken;
  const decoded = token ? Buffer.from(token, "base64").toString("utf8") : "";
  const colon = decoded.indexOf(":");
  if (!token || colon < 1) {
    throw new DigestpinError(
      "REGISTRY_ERROR",
      `ECR GetAuthorizationToken in ${t.region} returned no usable authorization token`,
      "Retry; if it persists, check the ECR endpoint (AWS_ENDPOINT_URL_ECR) points at ECR."
    );
  }
  const credentials = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  announce(token, credentials.password);
  const expiresAt = data?.expiresAt?.getTime() ?? Date.now() + 12 * 36e5;
  tokens.set(key, { credentials, token, expiresAt });
  logger.debug(`ECR: token obtained for ${t.region}, expires ${new Date(expiresAt).toISOString()}`);
  return credentials;
}
function announce(...secrets) {
  for (const s of secrets) for (const h of secretHandlers) h(s);
}
async function describeTag(target, repository, tag, opts) {
  const client = await ecrClient(target, opts.client);
  const sdk = await loadEcrSdk();
  opts.logger.debug(`ECR: DescribeImages ${repository}:${tag} in ${target.region}`);
  try {
    const out = await client.send(
      new sdk.DescribeImagesCommand({
        registryId: target.account,
        repositoryName: repository,
        imageIds: [{ imageTag: tag }]
      })
    );
    const image = out.imageDetails?.find((d) => d.imageDigest);
    if (!image?.imageDigest) return void 0;
    const found = { digest: image.imageDigest };
    const mediaType = image.imageManifestMediaType ?? image.artifactMediaType;
    if (mediaType) found.mediaType = mediaType;
    return found;
  } catch (err) {
    if (err instanceof Error && err.name === "ImageNotFoundException") return void 0;
    throw mapEcrError(err, "DescribeImages", target, repository);
  }
}
async function tagMutability(target, repository, tag, opts) {
  const client = await ecrClient(target, opts.client);
  const sdk = await loadEcrSdk();
  try {
    const out = await client.send(
      new sdk.DescribeRepositoriesCommand({
        registryId: target.account,
        repositoryNames: [repository]
      })
    );
    const repo = out.repositories?.[0];
    return mutabilityForTag(
      repo?.imageTagMutability,
      repo?.imageTagMutabilityExclusionFilters,
      tag
    );
  } catch (err) {
    throw mapEcrError(err, "DescribeRepositories", target, repository);
  }
}
async function ensureImmutable(target, repository, tag, opts) {
  const report = opts.report ?? await tagMutability(target, repository, tag, opts);
  const decision = ensureImmutableDecision(report, tag);
  const from = report.mutability;
  if (!decision.change) {
    return { changed: false, from, to: from, message: `ECR ${repository}: ${decision.reason}` };
  }
  const what = `ECR ${repository}: tag mutability ${from} \u2192 ${decision.to}`;
  if (opts.dryRun)
    return { changed: false, from, to: from, message: `dry run: would switch ${what}` };
  const client = await ecrClient(target, opts.client);
  const sdk = await loadEcrSdk();
  try {
    await client.send(
      new sdk.PutImageTagMutabilityCommand({
        registryId: target.account,
        repositoryName: repository,
        imageTagMutability: decision.to
      })
    );
  } catch (err) {
    throw mapEcrError(err, "PutImageTagMutability", target, repository);
  }
  return { changed: true, from, to: decision.to, message: `switched ${what}` };
}
async function createRepository(target, repository, opts) {
  const client = await ecrClient(target, opts.client);
  const sdk = await loadEcrSdk();
  try {
    await client.send(
      new sdk.CreateRepositoryCommand({
        registryId: target.account,
        repositoryName: repository,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true }
      })
    );
    opts.logger.info(`created ECR repository ${repository} (IMMUTABLE tags, scan on push)`);
    return true;
  } catch (err) {
    if (err instanceof Error && err.name === "RepositoryAlreadyExistsException") return false;
    throw mapEcrError(err, "CreateRepository", target, repository);
  }
}

// src/registry/ecr-plan.ts
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

export {
  matchEcrImmutableTagRejection,
  ecrTagExistsError,
  onEcrSecret,
  ecrPlan
};
//# sourceMappingURL=chunk-J3XKAJTN.js.map
