import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  mapEcrError
} from "./chunk-BRKU2IVU.js";
import {
  proxyFor
} from "./chunk-LDYPEOT2.js";
import {
  cjsNamespace
} from "./chunk-KK367FDL.js";
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

// src/registry/ecr/mutability.ts
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

// src/registry/http/tunnel.ts
import http from "node:http";
import https from "node:https";
import net from "node:net";
import tls from "node:tls";
function tunnel(proxy, host, port, done) {
  const target = `${host.includes(":") ? `[${host}]` : host}:${port}`;
  const headers = { host: target };
  if (proxy.username || proxy.password) {
    const user = decodeURIComponent(proxy.username);
    const pass = decodeURIComponent(proxy.password);
    headers["proxy-authorization"] = `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
  }
  const req = http.request({
    host: proxy.hostname.replace(/^\[|\]$/g, ""),
    port: Number(proxy.port || 80),
    method: "CONNECT",
    path: target,
    headers,
    agent: false
  });
  req.once("connect", (res, socket) => {
    if (res.statusCode === 200) return done(null, socket);
    socket.destroy();
    done(
      Object.assign(
        new Error(`the proxy ${proxy.host} answered ${res.statusCode} to CONNECT ${target}`),
        { code: "EPROXY" }
      )
    );
  });
  req.once("error", (err) => done(err));
  req.end();
}
function connect(env, secure, options, done) {
  const host = String(options.host ?? "localhost");
  const port = Number(options.port ?? (secure ? 443 : 80));
  const proxy = proxyFor(
    `${secure ? "https" : "http"}://${net.isIPv6(host) ? `[${host}]` : host}:${port}/`,
    env
  );
  if (!proxy) return secure ? tls.connect({ ...options, host, port }) : net.connect({ host, port });
  tunnel(new URL(proxy), host, port, (err, socket) => {
    if (err || !socket) return done(err ?? new Error("no tunnel"));
    if (!secure) return done(null, socket);
    const servername = options.servername ?? (net.isIP(host) ? void 0 : host);
    done(null, tls.connect({ ...options, socket, ...servername ? { servername } : {} }));
  });
  return void 0;
}
var EnvProxyHttpAgent = class extends http.Agent {
  constructor(env) {
    super({ keepAlive: true });
    this.env = env;
  }
  env;
  createConnection(options, done) {
    return connect(
      this.env,
      false,
      options,
      done ?? (() => void 0)
    );
  }
};
var EnvProxyHttpsAgent = class extends https.Agent {
  constructor(env) {
    super({ keepAlive: true });
    this.env = env;
  }
  env;
  createConnection(options, done) {
    return connect(
      this.env,
      true,
      options,
      done ?? (() => void 0)
    );
  }
};
function proxyAwareAgents(env) {
  return { httpAgent: new EnvProxyHttpAgent(env), httpsAgent: new EnvProxyHttpsAgent(env) };
}
function anyProxy(env) {
  return ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"].some((n) => Boolean(env[n]));
}

// src/registry/ecr/sdk.ts
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
      requestTimeout: opts.requestTimeoutMs ?? 3e4,
      // HTTPS_PROXY / HTTP_PROXY / NO_PROXY, read as for digestpin's own requests (the SDK
      // reads its AWS_* settings from process.env too)
      ...anyProxy(process.env) && proxyAwareAgents(process.env)
    }
  };
  const client = new sdk.ECRClient(config);
  clients.set(key, client);
  return client;
}

// src/registry/ecr/index.ts
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

export {
  mutabilityForTag,
  onEcrSecret,
  ecrCredentials,
  describeTag,
  tagMutability,
  ensureImmutable,
  createRepository
};
//# sourceMappingURL=chunk-CP23GF42.js.map
