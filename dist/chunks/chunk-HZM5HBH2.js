import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  envInt,
  indexEntries,
  parseManifest,
  requestSettings
} from "./chunk-2OWQOT2H.js";
import {
  formatReference,
  isValidTag,
  parseReference
} from "./chunk-RCFIPAV4.js";
import {
  killLiveChildren,
  preloadProcessRunner,
  runProcess
} from "./chunk-YNLQAE65.js";
import {
  baseUrlFor,
  isLoopback
} from "./chunk-XNSOTQQY.js";
import {
  ecrTagExistsError,
  matchEcrImmutableTagRejection,
  parseEcrHost
} from "./chunk-5EOHTY36.js";
import {
  DigestpinError,
  toDigestpinError
} from "./chunk-3WEU2BZR.js";

// src/log.ts
var silentLogger = {
  info: () => void 0,
  warn: () => void 0,
  debug: () => void 0
};

// src/push/overwrite-rule.ts
var FORMAT_OF = {
  "application/vnd.docker.distribution.manifest.v2+json": "v2s2",
  "application/vnd.docker.distribution.manifest.list.v2+json": "v2s2",
  "application/vnd.oci.image.manifest.v1+json": "oci",
  "application/vnd.oci.image.index.v1+json": "oci"
};
function formatOf(mediaType) {
  return FORMAT_OF[mediaType.split(";")[0]?.trim() ?? ""];
}
function sameConfigs(a, b) {
  if (a.size !== b.size) return false;
  for (const [platform, digest] of a) if (b.get(platform) !== digest) return false;
  return true;
}
function describeConfigs(c) {
  if (c.size === 0) return "config not read";
  const parts = [...c].map(([p, d]) => p ? `${p}=${d}` : d);
  return parts.length === 1 && c.has("") ? `config ${parts[0]}` : `configs ${parts.join(", ")}`;
}
function isSameImage(tag, ours, format) {
  return formatOf(tag.mediaType) === format && sameConfigs(tag.configs, ours);
}
function tagExistsError(ref, tag, ours, format, concurrent) {
  const theirs = `${tag.digest} (${formatOf(tag.mediaType) ?? tag.mediaType}, ${describeConfigs(tag.configs)})`;
  const mine = `${ours.digest ? `${ours.digest} ` : ""}(${format}, ${describeConfigs(ours.configs)})`;
  if (concurrent)
    return new DigestpinError(
      "CONCURRENT_OVERWRITE",
      `${ref} was written by someone else while this push was running: the tag holds ${theirs}, this push is ${mine}; the tag was left as it is`,
      "Two pipelines pushed the same tag at once. Make the tag unique per build and retry (the default --tag template includes the run and attempt)."
    );
  return new DigestpinError(
    "TAG_EXISTS",
    `${ref} already exists and holds a different image: ${theirs}; this push is ${mine}; nothing was pushed`,
    "Tags are never overwritten: push under a new tag (the default --tag template is unique per build and retry)."
  );
}

// src/push/relayed-push.ts
import { randomBytes } from "node:crypto";

// src/push/relay/server.ts
import crypto from "node:crypto";
import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
var MANIFEST_PUT = /^\/v2\/(.+)\/manifests\/([^/?]+)$/;
var HOP_BY_HOP = /* @__PURE__ */ new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "host",
  "te",
  "trailer",
  "authorization"
]);
var MAX_MANIFEST = 4 * 1024 * 1024;
var STREAM_IDLE_MS = 12e4;
var FOREIGN = "/_digestpin/foreign/";
var RETRY_THROUGH_FETCH = /* @__PURE__ */ new Set([0, 401, 408, 429, 500, 502, 503, 504]);
var httpAgent = new http.Agent({ keepAlive: true });
var httpsAgent = new https.Agent({ keepAlive: true });
function forwardedHeaders(req) {
  const out = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === void 0 || HOP_BY_HOP.has(k)) continue;
    out[k] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}
function registryError(res, status, code, message) {
  const body = JSON.stringify({ errors: [{ code, message }] });
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body)
  });
  res.end(body);
}
async function readBody(req, limit) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk;
    size += b.length;
    if (size > limit) throw new Error(`manifest larger than ${limit} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}
async function startRelay(opts) {
  const { upstream, logger } = opts;
  const origin = new URL(upstream.origin).origin;
  let outcome;
  let firstUpstreamError;
  async function sendUpstream(res, up, method) {
    const headers = {};
    const directUpload = await uploadsDirect(up.headers.get("location"));
    const decoded = up.headers.has("content-encoding");
    up.headers.forEach((value, key) => {
      if (HOP_BY_HOP.has(key) || key === "content-encoding") return;
      if (key === "content-length" && decoded && method !== "HEAD") return;
      if (key === "location") {
        headers[key] = relayLocation(value, directUpload);
        return;
      }
      headers[key] = value;
    });
    res.writeHead(up.status, headers);
    if (!up.body || method === "HEAD") {
      res.end();
      await up.body?.cancel();
      return;
    }
    await pipeline(Readable.fromWeb(up.body), res);
  }
  async function tagPut(req, res, repository, tag) {
    const bytes = await readBody(req, MAX_MANIFEST);
    const digest = `sha256:${crypto.createHash("sha256").update(bytes).digest("hex")}`;
    const mediaType = req.headers["content-type"] ?? "application/vnd.docker.distribution.manifest.v2+json";
    const put = (ref) => upstream.fetch(`/v2/${repository}/manifests/${ref}`, {
      method: "PUT",
      headers: { "content-type": mediaType },
      body: bytes
    });
    try {
      const byDigest = await put(digest);
      if (byDigest.status !== 201) {
        outcome = {
          kind: "failed",
          ours: digest,
          error: new Error(`manifest PUT by digest: HTTP ${byDigest.status}`)
        };
        return await sendUpstream(res, byDigest, "PUT");
      }
      await byDigest.body?.cancel();
      const decision = await opts.onTagPut({ repository, tag, digest, mediaType, bytes });
      if (decision.action === "write") {
        const byTag = await put(tag);
        logger.debug(`relay: wrote tag ${tag} -> ${digest} (HTTP ${byTag.status})`);
        if (byTag.status === 201) {
          outcome = { kind: "written", digest };
          return await sendUpstream(res, byTag, "PUT");
        }
        const body = Buffer.from(await byTag.arrayBuffer());
        outcome = {
          kind: "failed",
          ours: digest,
          error: new Error(
            `manifest PUT by tag: HTTP ${byTag.status}: ${body.subarray(0, 2048).toString("utf8")}`
          )
        };
        const replay = {
          status: byTag.status,
          ok: byTag.ok,
          statusText: byTag.statusText,
          headers: byTag.headers,
          body: new Response(body).body,
          arrayBuffer: () => Promise.resolve(new Uint8Array(body).buffer)
        };
        return await sendUpstream(res, replay, "PUT");
      }
      if (decision.action === "skip") {
        outcome = { kind: "skipped", digest: decision.digest, ours: digest };
        logger.debug(
          `relay: tag ${tag} already holds the same image (${decision.digest}); not written`
        );
        res.writeHead(201, {
          location: `/v2/${repository}/manifests/${digest}`,
          "docker-content-digest": digest,
          "content-length": 0
        });
        res.end();
        return;
      }
      outcome = { kind: "refused", message: decision.message, ours: digest };
      registryError(res, 400, "TAG_INVALID", decision.message);
    } catch (error) {
      outcome = { kind: "failed", error, ours: digest };
      registryError(
        res,
        400,
        "TAG_INVALID",
        "digestpin relay: the tag check failed; tag not written"
      );
    }
  }
  function rawRequest(req, auth, withBody, target = new URL(req.url ?? "/", origin)) {
    const url = target;
    const headers = forwardedHeaders(req);
    if (auth) headers.authorization = auth;
    const secure = url.protocol === "https:";
    return new Promise((resolve, reject) => {
      const out = (secure ? https : http).request(
        url,
        { method: req.method, headers, agent: secure ? httpsAgent : httpAgent },
        resolve
      );
      out.on("error", reject);
      out.setTimeout(
        STREAM_IDLE_MS,
        () => out.destroy(new Error(`no progress for ${STREAM_IDLE_MS / 1e3} s`))
      );
      if (withBody) {
        req.on("error", (err) => out.destroy(err));
        req.pipe(out);
      } else out.end();
    });
  }
  async function sendRaw(res, up) {
    const out = {};
    const directUpload = await uploadsDirect(up.headers.location);
    for (const [k, v] of Object.entries(up.headers)) {
      if (v === void 0 || HOP_BY_HOP.has(k)) continue;
      out[k] = k === "location" && typeof v === "string" ? relayLocation(v, directUpload) : v;
    }
    res.writeHead(up.statusCode ?? 502, out);
    await pipeline(up, res);
  }
  let direct;
  async function uploadsDirect(location) {
    if (!location?.includes("/blobs/uploads/") || !upstream.directUploads) return false;
    direct ??= upstream.directUploads();
    return direct;
  }
  function relayLocation(value, directUpload) {
    const loc = new URL(value, origin);
    if (directUpload && loc.origin === origin && loc.pathname.includes("/blobs/uploads/"))
      return loc.href;
    if (loc.origin === origin) return `${loc.pathname}${loc.search}`;
    return `${FOREIGN}${Buffer.from(loc.origin).toString("base64url")}${loc.pathname}${loc.search}`;
  }
  async function foreign(req, res, url) {
    const rest = url.slice(FOREIGN.length);
    const slash = rest.indexOf("/");
    const target = new URL(
      rest.slice(slash === -1 ? rest.length : slash) || "/",
      Buffer.from(rest.slice(0, slash === -1 ? rest.length : slash), "base64url").toString()
    );
    if (target.protocol !== "https:" && target.protocol !== "http:")
      return registryError(res, 400, "UNSUPPORTED", "digestpin relay: bad foreign location");
    const method = req.method ?? "GET";
    return sendRaw(
      res,
      await rawRequest(req, void 0, method !== "GET" && method !== "HEAD", target)
    );
  }
  async function handle(req, res) {
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    logger.debug(`relay: ${method} ${url}`);
    if (!authorized(req)) {
      req.resume();
      res.setHeader("www-authenticate", 'Basic realm="digestpin-relay"');
      registryError(res, 401, "UNAUTHORIZED", "authentication required");
      return;
    }
    if (url === "/v2/" || url === "/v2") {
      res.writeHead(200, {
        "docker-distribution-api-version": "registry/2.0",
        "content-length": 0
      });
      res.end();
      return;
    }
    if (url.startsWith(FOREIGN)) return foreign(req, res, url);
    const pathOnly = url.split("?")[0] ?? url;
    const m = MANIFEST_PUT.exec(pathOnly);
    if (method === "PUT" && m?.[1] && m[2] && !m[2].includes(":"))
      return tagPut(req, res, m[1], m[2]);
    const length = req.headers["content-length"];
    const hasBody = method !== "GET" && method !== "HEAD" && (req.headers["transfer-encoding"] !== void 0 || length !== void 0 && length !== "0");
    if (upstream.authorization) {
      const auth = await upstream.authorization();
      if (hasBody) return sendRaw(res, await rawRequest(req, auth, true));
      const up2 = await rawRequest(req, auth, false);
      if (!RETRY_THROUGH_FETCH.has(up2.statusCode ?? 0)) return sendRaw(res, up2);
      up2.resume();
    }
    const up = await upstream.fetch(url, {
      method,
      headers: forwardedHeaders(req),
      ...hasBody ? { body: Readable.toWeb(req), duplex: "half" } : {},
      redirect: "manual"
    });
    await sendUpstream(res, up, method);
  }
  const expected = opts.credentials ? Buffer.from(
    `Basic ${Buffer.from(`${opts.credentials.username}:${opts.credentials.password}`).toString("base64")}`
  ) : void 0;
  function authorized(req) {
    if (!expected) return true;
    const got = Buffer.from(req.headers.authorization ?? "");
    return got.length === expected.length && crypto.timingSafeEqual(got, expected);
  }
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      logger.debug(
        `relay: ${req.method} ${req.url} failed: ${err instanceof Error ? err.message : String(err)}`
      );
      firstUpstreamError ??= err;
      if (!res.headersSent)
        registryError(res, 502, "UNKNOWN", "digestpin relay: upstream request failed");
      else res.destroy();
      if (outcome === void 0 && err instanceof Error && /manifest/.test(req.url ?? ""))
        outcome = { kind: "failed", error: err };
    });
  });
  server.keepAliveTimeout = 3e4;
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address();
  return {
    host: `127.0.0.1:${port}`,
    outcome: () => outcome,
    upstreamError: () => firstUpstreamError,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    })
  };
}

// src/push/skopeo.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// src/push/skopeo-errors.ts
function skopeoMessage(stderr) {
  const lines = stderr.split("\n").filter((l) => l.trim() !== "");
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /level=fatal msg="((?:[^"\\]|\\.)*)"/.exec(lines[i] ?? "");
    if (m?.[1] !== void 0)
      return m[1].replace(/\\(.)/g, (_, c) => c === "n" || c === "t" ? " " : c).trim();
  }
  const last = lines.at(-1)?.trim() ?? "";
  return last || "skopeo failed without a message";
}
var MISSING_BLOB = "blob unknown on the manifest upload";
var ATTESTATION_HINT = "The source is an image index with attestations (buildx provenance/SBOM), which Docker v2s2 cannot hold. Push it as OCI with --format oci, or build without attestations: docker buildx build --provenance=false --sbom=false.";
function classifySkopeoError(stderr, ctx) {
  const msg = skopeoMessage(stderr);
  const lower = msg.toLowerCase();
  const sourceSide = ctx.sourceSide === true || /^(initializing source|invalid source name|parsing image name|choosing an image from manifest list)/i.test(
    msg
  );
  const where = sourceSide ? `source ${ctx.source}` : ctx.dest;
  if (lower.includes("unknown media type during manifest conversion"))
    return new DigestpinError(
      "UNSUPPORTED_CONVERSION",
      `cannot convert ${ctx.source} to the requested format: ${msg}`,
      ATTESTATION_HINT
    );
  if (/tag_invalid|tag invalid|immutable/.test(lower))
    return new DigestpinError(
      "TAG_EXISTS",
      `the registry refused to write the tag of ${ctx.dest}: ${msg}`,
      "Tags are never overwritten: push under a new tag (the default --tag template is unique per build and retry)."
    );
  const missingPath = sourceSide && /no such file or directory/.test(lower);
  if (/invalid (source|destination) name|invalid reference format/.test(lower) && !missingPath)
    return new DigestpinError(
      "INVALID_REFERENCE",
      `skopeo rejected a reference: ${msg}`,
      "Use a source like oci:dir:tag, docker-archive:app.tar, docker-daemon:app:dev and a lowercase repository host/path."
    );
  if (sourceSide && /no such file or directory|cannot connect to the docker daemon|no descriptor found|manifest unknown|name unknown|not found|does not exist|no such image/.test(
    lower
  ))
    return new DigestpinError(
      "SOURCE_NOT_FOUND",
      `source ${ctx.source} not found: ${msg}`,
      lower.includes("docker daemon") ? "Start the Docker daemon (or export the image with docker save and push docker-archive:file.tar)." : "Check the source reference: build the image first, or fix the path and tag (oci:dir:tag, docker-archive:file.tar)."
    );
  if (/\bunauthorized\b|authentication required|status(code)?:? 401|\b401\b/.test(lower))
    return new DigestpinError(
      "UNAUTHORIZED",
      `${where}: the registry refused the credentials (401): ${msg}`,
      "Log in to the registry (docker login / skopeo login) or pass --authfile with credentials for it."
    );
  if (/\bdenied\b|\b403\b|forbidden/.test(lower))
    return new DigestpinError(
      "DENIED",
      `${where}: access denied (403): ${msg}`,
      "The credentials are valid but lack permission: grant push/pull on the repository."
    );
  if (/manifest unknown|name unknown|repository .*does not exist|statuscode: 404/.test(lower))
    return new DigestpinError(
      "REPOSITORY_NOT_FOUND",
      `${where}: repository not found: ${msg}`,
      "Create the repository first (ECR: --create-repository) or check its name."
    );
  if (/timeout|timed out|deadline exceeded/.test(lower))
    return new DigestpinError(
      "TIMEOUT",
      `${where}: timed out: ${msg}`,
      "Check the network path to the registry; a proxy or firewall may be dropping the connection."
    );
  if (/connection refused|no such host|network is unreachable|connection reset|broken pipe|use of closed network connection|\beof\b|tls:|x509:/.test(
    lower
  ))
    return new DigestpinError(
      "UNREACHABLE",
      `${where}: registry unreachable: ${msg}`,
      "Check that the registry host and port are right and reachable from here (DNS, firewall, proxy, TLS)."
    );
  if (/\b(500|502|503|504)\b|internal server error|service unavailable|bad gateway/.test(lower))
    return new DigestpinError(
      "REGISTRY_ERROR",
      `${where}: the registry failed: ${msg}`,
      "The registry returned a server error; retry later."
    );
  if (!sourceSide && /blob unknown/.test(lower))
    return new DigestpinError(
      "REGISTRY_ERROR",
      `${where}: the registry does not have a layer the manifest names (${MISSING_BLOB}): ${msg}`,
      "Push again: the copy uploads what the registry lacks. Another push of the same image to this repository at the same time, or a garbage collection, can cause this."
    );
  if (/\b429\b|too many requests/.test(lower))
    return new DigestpinError(
      "RATE_LIMITED",
      `${where}: rate limited: ${msg}`,
      "The registry is throttling requests; retry later."
    );
  return new DigestpinError(
    "INTERNAL",
    `skopeo failed: ${msg}`,
    "Run with --verbose to see skopeo\u2019s full output."
  );
}

// src/push/skopeo.ts
var MIN_SKOPEO = "1.9.0";
var INSTALL_HINT = "Install skopeo >= " + MIN_SKOPEO + ": sudo apt-get install -y skopeo (Debian 12+/Ubuntu 22.04+), sudo dnf install -y skopeo (Fedora/RHEL), brew install skopeo (macOS). Set DIGESTPIN_SKOPEO to use a skopeo binary outside PATH.";
function skopeoBinary(env = process.env) {
  return env.DIGESTPIN_SKOPEO || "skopeo";
}
function compareVersions(a, b) {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
async function checkSkopeo(env = process.env) {
  const bin = skopeoBinary(env);
  const r = await runProcess(bin, ["--version"], { env, timeoutMs: 1e4 });
  const out = r.stdout.toString("utf8").trim();
  if (r.exitCode !== 0 || r.timedOut) {
    const why = r.timedOut ? `timed out after 10 s: ${bin} --version` : r.message;
    throw new DigestpinError(
      "SKOPEO_MISSING",
      `skopeo is not usable (${bin}): ${why}`,
      INSTALL_HINT
    );
  }
  const m = /version (\d+\.\d+(?:\.\d+)?)/.exec(out);
  if (!m?.[1])
    throw new DigestpinError(
      "SKOPEO_MISSING",
      `cannot read the skopeo version from "${out.trim()}"`,
      INSTALL_HINT
    );
  if (compareVersions(m[1], MIN_SKOPEO) < 0)
    throw new DigestpinError(
      "SKOPEO_MISSING",
      `skopeo ${m[1]} is too old (need >= ${MIN_SKOPEO})`,
      INSTALL_HINT
    );
  return m[1];
}
var liveDirs = /* @__PURE__ */ new Set();
var handlersInstalled = false;
function removeLiveDirs() {
  for (const d of liveDirs) fs.rmSync(d, { recursive: true, force: true });
  liveDirs.clear();
}
function onSignal(signal) {
  killLiveChildren();
  removeLiveDirs();
  process.removeListener("SIGINT", onSignal);
  process.removeListener("SIGTERM", onSignal);
  handlersInstalled = false;
  process.kill(process.pid, signal);
}
function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once("exit", removeLiveDirs);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}
async function withPrivateDir(fn) {
  installHandlers();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "digestpin-"));
  liveDirs.add(dir);
  try {
    fs.chmodSync(dir, 448);
    return await fn(dir);
  } finally {
    liveDirs.delete(dir);
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
function writeAuthFile(dir, auth, name = "auth.json") {
  const file = path.join(dir, name);
  const entry = {};
  if (auth.identityToken !== void 0) {
    entry.auth = Buffer.from(`${auth.username ?? "<token>"}:`).toString("base64");
    entry.identitytoken = auth.identityToken;
  } else {
    entry.auth = Buffer.from(`${auth.username ?? ""}:${auth.password ?? ""}`).toString("base64");
  }
  try {
    fs.writeFileSync(file, JSON.stringify({ auths: { [auth.host]: entry } }), {
      mode: 384,
      flag: "wx"
    });
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
  return Promise.resolve(file);
}
function timeoutArg(ms) {
  return `${Math.max(1, Math.ceil(ms / 1e3))}s`;
}
async function runSkopeo(args, opts, errCtx) {
  const env = opts.env ?? process.env;
  opts.logger?.debug(`running ${skopeoBinary(env)} ${args.join(" ")}`);
  const r = await runProcess(
    skopeoBinary(env),
    ["--command-timeout", timeoutArg(opts.timeoutMs), ...args],
    {
      env,
      timeoutMs: opts.timeoutMs + 5e3,
      forceKillAfterMs: 2e3,
      ...opts.signal ? { signal: opts.signal } : {},
      ...opts.onSpawn ? { onSpawn: opts.onSpawn } : {}
    }
  );
  const stderr = r.stderr.toString("utf8");
  if (r.exitCode === 0 && !r.timedOut && !r.isCanceled) return r.stdout;
  if (r.isCanceled)
    throw new DigestpinError("INTERNAL", "skopeo was cancelled", "The run was interrupted.");
  if (r.timedOut)
    throw new DigestpinError(
      "TIMEOUT",
      `skopeo did not finish within ${timeoutArg(opts.timeoutMs)} (${errCtx.dest})`,
      "The registry or the network is too slow or hangs; check it and retry."
    );
  if (r.errorCode === "ENOENT")
    throw new DigestpinError(
      "SKOPEO_MISSING",
      `skopeo not found (${skopeoBinary(env)})`,
      INSTALL_HINT
    );
  opts.logger?.debug(`skopeo stderr:
${stderr}`);
  if (/flag provided but not defined|unknown (flag|shorthand flag)/.test(stderr))
    await checkSkopeo(env);
  throw classifySkopeoError(stderr || r.message, errCtx);
}
var COPY_RETRIES = 2;
var DROPPED = /connection reset|broken pipe|use of closed network connection|unexpected eof/i;
function worthCopyingAgain(err) {
  if (!(err instanceof DigestpinError)) return false;
  if (err.code === "UNREACHABLE") return DROPPED.test(err.message);
  return err.code === "REGISTRY_ERROR" && err.message.includes(MISSING_BLOB);
}
async function skopeoCopy(opts) {
  return withPrivateDir(async (dir) => {
    const digestFile = path.join(dir, "digest");
    const args = ["copy", "--quiet", "--format", opts.format, "--digestfile", digestFile];
    if (opts.all) args.push("--all");
    args.push(`--dest-tls-verify=${String(opts.destTlsVerify)}`);
    if (opts.destAuth)
      args.push("--dest-authfile", await writeAuthFile(dir, opts.destAuth, "dest-auth.json"));
    else if (opts.destNoCreds) args.push("--dest-no-creds");
    if (opts.srcTlsVerify !== void 0) args.push(`--src-tls-verify=${String(opts.srcTlsVerify)}`);
    if (opts.srcAuth)
      args.push("--src-authfile", await writeAuthFile(dir, opts.srcAuth, "src-auth.json"));
    else if (opts.source.startsWith("docker://")) args.push("--src-no-creds");
    args.push(opts.source, opts.dest);
    for (let attempt = 0; ; attempt++) {
      try {
        await runSkopeo(
          args,
          {
            env: opts.env,
            timeoutMs: opts.commandTimeout,
            signal: opts.signal,
            logger: opts.logger,
            // only the first run: a copy run again has nothing left to overlap
            ...attempt === 0 && opts.onSpawn ? { onSpawn: opts.onSpawn } : {}
          },
          { source: opts.source, dest: opts.destLabel ?? opts.dest }
        );
        break;
      } catch (err) {
        if (attempt >= COPY_RETRIES || opts.signal?.aborted || !worthCopyingAgain(err)) throw err;
        const wait = 1e3 * 2 ** attempt;
        opts.logger?.warn(
          `${err.message}; copying again (${attempt + 1}/${COPY_RETRIES}) in ${wait / 1e3} s`
        );
        await new Promise((r) => setTimeout(r, wait));
      }
    }
    const digest = (await fs.promises.readFile(digestFile, "utf8")).trim();
    if (!/^sha256:[0-9a-f]{64}$/.test(digest))
      throw new DigestpinError("INTERNAL", `skopeo wrote an unexpected digest "${digest}"`);
    return { digest };
  });
}
async function skopeoInspectRaw(ref, opts) {
  return withPrivateDir(async (dir) => {
    const args = ["inspect", "--raw"];
    if (opts.config) args.push("--config");
    if (opts.tlsVerify !== void 0) args.push(`--tls-verify=${String(opts.tlsVerify)}`);
    if (opts.auth) args.push("--authfile", await writeAuthFile(dir, opts.auth));
    else if (ref.startsWith("docker://")) args.push("--no-creds");
    args.push(ref);
    return runSkopeo(
      args,
      { env: opts.env, timeoutMs: opts.timeoutMs, logger: opts.logger },
      { source: ref, dest: ref, sourceSide: true }
    );
  });
}

// src/push/relayed-push.ts
async function tagState(client, host, path3, tag, known) {
  const head = known ?? await client.headManifest({ domain: host, path: path3, tag });
  if (!head) return void 0;
  const configs = await client.configDigests({ domain: host, path: path3, digest: head.digest });
  if (!configs) return void 0;
  return { digest: head.digest, mediaType: head.mediaType, configs };
}
async function relayedPush(o) {
  const label = `${o.host}/${o.path}:${o.tag}`;
  const decide = async (put) => {
    const client = await o.client();
    const now = await tagState(client, o.host, o.path, o.tag);
    if (!now) return { action: "write" };
    if (now.digest === put.digest) return { action: "skip", digest: now.digest };
    const m = parseManifest(put.bytes);
    const ours = m.configDigest ? /* @__PURE__ */ new Map([["", m.configDigest]]) : await client.configDigests({ domain: o.host, path: o.path, digest: put.digest });
    if (ours && isSameImage(now, ours, o.format)) return { action: "skip", digest: now.digest };
    const err = tagExistsError(
      label,
      now,
      { configs: ours ?? /* @__PURE__ */ new Map(), digest: put.digest },
      o.format,
      true
    );
    conflict = err;
    return {
      action: "refuse",
      message: `tag invalid: ${label} already exists (${now.digest}); digestpin does not overwrite tags`
    };
  };
  let conflict;
  const origin = baseUrlFor(o.host, o.insecure);
  const authorization = async () => (await o.client()).authorizationHeader(o.host, o.path, ["pull", "push"]);
  const directUploads = async () => {
    if (!origin.startsWith("http://") || o.env.DIGESTPIN_RELAY_BLOBS === "1") return false;
    const auth = await authorization();
    if (auth === void 0)
      o.logger.debug(`relay: blob uploads go straight to ${origin} (plain HTTP, no credentials)`);
    return auth === void 0;
  };
  const credentials = { username: "digestpin", password: randomBytes(24).toString("base64url") };
  let warm;
  const spawned = () => {
    warm = authorization();
    warm.catch(() => void 0);
    o.onSpawn?.();
  };
  const relay = await startRelay({
    credentials,
    upstream: {
      origin,
      directUploads,
      fetch: async (p, init) => (await o.client()).fetch(o.host, o.path, ["pull", "push"], p, init),
      authorization: () => {
        const first = warm;
        warm = void 0;
        return first ?? authorization();
      }
    },
    onTagPut: decide,
    logger: o.logger
  });
  let copied;
  let copyError;
  try {
    copied = await skopeoCopy({
      source: o.source,
      dest: `docker://${relay.host}/${o.path}:${o.tag}`,
      destLabel: label,
      format: o.format,
      all: o.all,
      ...o.srcAuth ? { srcAuth: o.srcAuth } : {},
      ...o.srcTlsVerify !== void 0 ? { srcTlsVerify: o.srcTlsVerify } : {},
      destTlsVerify: false,
      destAuth: { host: relay.host, ...credentials },
      commandTimeout: o.commandTimeoutMs,
      ...o.signal ? { signal: o.signal } : {},
      env: o.env,
      logger: o.logger,
      onSpawn: spawned
    });
  } catch (err) {
    copyError = err;
  } finally {
    await relay.close();
  }
  const outcome = relay.outcome();
  if (conflict) throw conflict;
  if (outcome?.kind === "failed" && outcome.error instanceof Error && matchEcrImmutableTagRejection(outcome.error.message))
    throw ecrTagExistsError(label, outcome.error);
  if (outcome?.kind === "failed")
    throw toDigestpinError(
      outcome.error instanceof DigestpinError ? outcome.error : copyError ?? outcome.error
    );
  const upstreamError = relay.upstreamError();
  if (copyError)
    throw toDigestpinError(upstreamError instanceof DigestpinError ? upstreamError : copyError);
  if (!copied || !outcome)
    throw new DigestpinError(
      "INTERNAL",
      `skopeo finished but never wrote the manifest of ${label}`,
      "This is a bug; run with --verbose."
    );
  if (outcome.kind === "written") {
    if (copied.digest !== outcome.digest)
      throw new DigestpinError(
        "INTERNAL",
        `skopeo reported ${copied.digest} but the relay wrote ${outcome.digest}`,
        "This is a bug; run with --verbose."
      );
    return { pushed: true, digest: outcome.digest };
  }
  if (outcome.kind === "skipped") return { pushed: false, digest: outcome.digest };
  throw new DigestpinError("INTERNAL", `unexpected relay outcome ${outcome.kind}`);
}

// src/push/source.ts
import crypto2 from "node:crypto";
import fs3 from "node:fs";
import path2 from "node:path";

// src/push/tar.ts
import fs2 from "node:fs";
var BLOCK = 512;
function field(buf, start, len) {
  const raw = buf.subarray(start, start + len);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul === -1 ? len : nul).toString("utf8");
}
function octal(buf, start, len) {
  const first = buf[start] ?? 0;
  if (first & 128) {
    let n = 0;
    for (let i = start + 1; i < start + len; i++) n = n * 256 + (buf[i] ?? 0);
    return n;
  }
  const s = field(buf, start, len).trim();
  return s ? parseInt(s, 8) : 0;
}
function paxPath(body) {
  let pos = 0;
  while (pos < body.length) {
    const sp = body.indexOf(32, pos);
    if (sp === -1) break;
    const len = parseInt(body.subarray(pos, sp).toString("utf8"), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const rec = body.subarray(sp + 1, pos + len - 1).toString("utf8");
    const eq = rec.indexOf("=");
    if (rec.slice(0, eq) === "path") return rec.slice(eq + 1);
    pos += len;
  }
  return void 0;
}
function normalise(name) {
  return name.replace(/^(\.\/)+/, "").replace(/\/+$/, "");
}
async function readSmallTarFiles(file, maxSize = 4 * 1024 * 1024) {
  const fh = await fs2.promises.open(file, "r");
  const out = /* @__PURE__ */ new Map();
  try {
    const header = Buffer.alloc(BLOCK);
    let offset = 0;
    let nextName;
    for (; ; ) {
      const { bytesRead } = await fh.read(header, 0, BLOCK, offset);
      if (bytesRead < BLOCK || header.every((b) => b === 0)) break;
      const size = octal(header, 124, 12);
      const type = String.fromCharCode(header[156] ?? 48);
      const prefix = field(header, 345, 155);
      let name = field(header, 0, 100);
      if (prefix && field(header, 257, 5) === "ustar") name = `${prefix}/${name}`;
      const bodyOffset = offset + BLOCK;
      offset = bodyOffset + Math.ceil(size / BLOCK) * BLOCK;
      const readBody2 = async () => {
        const body = Buffer.alloc(size);
        await fh.read(body, 0, size, bodyOffset);
        return body;
      };
      if (type === "x" || type === "L") {
        const body = await readBody2();
        nextName = type === "x" ? paxPath(body) : field(body, 0, size);
        continue;
      }
      if (type === "g") continue;
      if (nextName !== void 0) name = nextName;
      nextName = void 0;
      if ((type === "0" || type === "\0") && size <= maxSize)
        out.set(normalise(name), await readBody2());
    }
  } finally {
    await fh.close();
  }
  return out;
}

// src/push/source.ts
var TRANSPORTS = [
  "docker://",
  "docker-daemon:",
  "docker-archive:",
  "oci:",
  "oci-archive:",
  "dir:",
  "containers-storage:"
];
function normalizeSource(source) {
  if (source.trim() === "")
    throw new DigestpinError(
      "INVALID_REFERENCE",
      "the push source is empty",
      "e.g. oci:dir:tag or docker-daemon:app:dev"
    );
  return TRANSPORTS.some((t) => source.startsWith(t)) ? source : `docker-daemon:${source}`;
}
function systemPlatform(arch = process.arch) {
  const map = { x64: "amd64", ia32: "386", ppc64: "ppc64le" };
  return `linux/${map[arch] ?? arch}`;
}
function unreadable(what) {
  return new DigestpinError(
    "SOURCE_NOT_FOUND",
    `${what} is not an image manifest or index`,
    "The source image is damaged or not an image; rebuild it."
  );
}
async function configDigestsOf(top, all, blob, what) {
  const m = parseManifest(top);
  if (m.configDigest) return /* @__PURE__ */ new Map([["", m.configDigest]]);
  if (!m.manifests) throw unreadable(what);
  const entries = indexEntries(m.manifests);
  if (!all) {
    const sys = systemPlatform();
    const pick = entries.find((e) => e.platform === sys || e.platform.startsWith(`${sys}/`));
    if (!pick)
      throw new DigestpinError(
        "SOURCE_NOT_FOUND",
        `${what} has no ${sys} image (it has: ${entries.map((e) => e.platform).join(", ") || "none"})`,
        "Push every platform with --all, or build the image for this platform."
      );
    return configDigestsOf(await blob(pick.digest), false, blob, `${what}@${pick.digest}`);
  }
  const out = /* @__PURE__ */ new Map();
  for (const e of entries) {
    const child = parseManifest(await blob(e.digest));
    if (!child.configDigest) throw unreadable(`${what}@${e.digest}`);
    out.set(e.platform, child.configDigest);
  }
  if (out.size === 0) throw unreadable(what);
  return out;
}
function parseIndex(bytes, what) {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw unreadable(what);
  }
}
function sha256(buf) {
  return `sha256:${crypto2.createHash("sha256").update(buf).digest("hex")}`;
}
function splitPathRef(spec) {
  const i = spec.indexOf(":");
  return i === -1 ? { file: spec } : { file: spec.slice(0, i), ref: spec.slice(i + 1) || void 0 };
}
function notFound(source, why) {
  return new DigestpinError(
    "SOURCE_NOT_FOUND",
    `source ${source} not found: ${why}`,
    "Build the image first, or fix the path and tag."
  );
}
function pickOciRef(index, ref, source) {
  const ms = index.manifests ?? [];
  const hit = ref ? ms.find((d) => d.annotations?.["org.opencontainers.image.ref.name"] === ref) : ms.length === 1 ? ms[0] : void 0;
  if (!hit?.digest)
    throw notFound(
      source,
      ref ? `no image tagged "${ref}" in the layout` : "the layout holds several images; name one (oci:dir:tag)"
    );
  return hit.digest;
}
async function readFileOr(file, source) {
  try {
    return await fs3.promises.readFile(file);
  } catch (err) {
    throw notFound(source, err instanceof Error ? err.message : String(err));
  }
}
function fromFiles(files, source) {
  return (digest) => {
    const [alg, hex] = digest.split(":");
    const b = files.get(`blobs/${alg}/${hex}`);
    return b ? Promise.resolve(b) : Promise.reject(notFound(source, `blob ${digest} missing`));
  };
}
async function sourceConfigDigests(source, all, inspect) {
  if (source.startsWith("oci:")) {
    const { file, ref } = splitPathRef(source.slice(4));
    const index = parseIndex(await readFileOr(path2.join(file, "index.json"), source), source);
    const blob = (d) => readFileOr(path2.join(file, "blobs", ...d.split(":")), source);
    return configDigestsOf(await blob(pickOciRef(index, ref, source)), all, blob, source);
  }
  if (source.startsWith("oci-archive:") || source.startsWith("docker-archive:")) {
    const oci = source.startsWith("oci-archive:");
    const { file, ref } = splitPathRef(source.slice(oci ? 12 : 15));
    await fs3.promises.access(file, fs3.constants.R_OK).catch((err) => {
      throw notFound(source, err instanceof Error ? err.message : String(err));
    });
    const files = await readSmallTarFiles(file);
    if (oci) {
      const index = files.get("index.json");
      if (!index) throw notFound(source, "no index.json in the archive");
      const blob = fromFiles(files, source);
      return configDigestsOf(
        await blob(pickOciRef(parseIndex(index, source), ref, source)),
        all,
        blob,
        source
      );
    }
    const manifest = files.get("manifest.json");
    if (!manifest) throw notFound(source, "no manifest.json in the archive");
    const entries = JSON.parse(manifest.toString("utf8"));
    const entry = ref ? entries.find((e) => e.RepoTags?.some((t) => t === ref || t.endsWith(`/${ref}`))) : entries[0];
    const config = entry?.Config ? files.get(entry.Config.replace(/^\.\//, "")) : void 0;
    if (!config)
      throw notFound(
        source,
        ref ? `no image "${ref}" in the archive` : "no image config in the archive"
      );
    return /* @__PURE__ */ new Map([["", sha256(config)]]);
  }
  const raw = await skopeoInspectRaw(source, inspect);
  const base = source.startsWith("docker://") ? source.replace(/@.*$/, "").replace(/:[^/:]*$/, "") : void 0;
  return configDigestsOf(
    raw,
    all,
    (d) => {
      if (!base)
        throw notFound(
          source,
          "image lists are only supported from docker://, oci: and oci-archive: sources"
        );
      return skopeoInspectRaw(`${base}@${d}`, inspect);
    },
    source
  );
}

// src/push/tag-template.ts
var DEFAULT_TAG_TEMPLATE = "{sha7}-{run}-{attempt}";
var LOCAL_TAG_TEMPLATE = "{sha7}-{date}{time}";
var TAG_VARIABLES = ["sha", "sha7", "run", "attempt", "branch", "date", "time"];
var BUILD_VARIABLES = ["sha", "sha7", "run", "attempt", "branch"];
var MAX_TAG_LENGTH = 128;
var TAG_HINT = "A tag is 1 to 128 of A-Z a-z 0-9 _ . - and cannot start with . or -; use a unique template such as {sha7}-{run}-{attempt} or pass --tag <tag>.";
var SOURCES = {
  sha: "GITHUB_SHA, GIT_COMMIT (Jenkins), CI_COMMIT_SHA (GitLab), BUILDKITE_COMMIT, CIRCLE_SHA1, or a git checkout",
  run: "GITHUB_RUN_NUMBER, BUILD_NUMBER (Jenkins), CI_PIPELINE_IID (GitLab), BUILDKITE_BUILD_NUMBER or CIRCLE_BUILD_NUM",
  attempt: "GITHUB_RUN_ATTEMPT, CI_JOB_ID (GitLab) or BUILDKITE_RETRY_COUNT (Jenkins and CircleCI count as attempt 1)",
  branch: "GITHUB_HEAD_REF/GITHUB_REF_NAME, BRANCH_NAME/GIT_BRANCH (Jenkins), CI_COMMIT_REF_NAME, BUILDKITE_BRANCH, CIRCLE_BRANCH, or a git checkout on a branch"
};
var readGit = async (cwd) => {
  const { execa } = await import("./execa-TTSRXPBZ.js");
  const run = async (args) => {
    const r = await execa("git", args, { cwd, reject: false, timeout: 1e4, stdin: "ignore" });
    return r.exitCode === 0 && typeof r.stdout === "string" && r.stdout.trim() !== "" ? r.stdout.trim() : void 0;
  };
  const sha = await run(["rev-parse", "--verify", "--quiet", "HEAD"]);
  const branch = sha === void 0 ? void 0 : await run(["symbolic-ref", "--quiet", "--short", "HEAD"]);
  return { sha, branch };
};
var nonEmpty = (v) => v === void 0 || v.trim() === "" ? void 0 : v.trim();
function fromCi(env) {
  if (env.GITHUB_ACTIONS === "true") {
    return {
      provider: "github-actions",
      sha: nonEmpty(env.GITHUB_SHA),
      run: nonEmpty(env.GITHUB_RUN_NUMBER),
      attempt: nonEmpty(env.GITHUB_RUN_ATTEMPT),
      // pull_request events: GITHUB_HEAD_REF is the PR branch, GITHUB_REF_NAME is "<n>/merge".
      branch: nonEmpty(env.GITHUB_HEAD_REF) ?? nonEmpty(env.GITHUB_REF_NAME)
    };
  }
  if (env.GITLAB_CI === "true") {
    return {
      provider: "gitlab",
      sha: nonEmpty(env.CI_COMMIT_SHA),
      run: nonEmpty(env.CI_PIPELINE_IID),
      attempt: nonEmpty(env.CI_JOB_ID),
      branch: nonEmpty(env.CI_COMMIT_REF_NAME)
    };
  }
  if (env.BUILDKITE === "true") {
    const retries = nonEmpty(env.BUILDKITE_RETRY_COUNT);
    return {
      provider: "buildkite",
      sha: nonEmpty(env.BUILDKITE_COMMIT),
      run: nonEmpty(env.BUILDKITE_BUILD_NUMBER),
      // BUILDKITE_RETRY_COUNT is 0 on the first run; attempts count from 1 as on GitHub.
      attempt: retries !== void 0 && /^\d+$/.test(retries) ? String(Number(retries) + 1) : "1",
      branch: nonEmpty(env.BUILDKITE_BRANCH)
    };
  }
  if (env.CIRCLECI === "true") {
    return {
      provider: "circleci",
      sha: nonEmpty(env.CIRCLE_SHA1),
      run: nonEmpty(env.CIRCLE_BUILD_NUM),
      attempt: "1",
      branch: nonEmpty(env.CIRCLE_BRANCH)
    };
  }
  if (nonEmpty(env.JENKINS_URL) ?? nonEmpty(env.JENKINS_HOME)) {
    const gitBranch = nonEmpty(env.GIT_BRANCH)?.replace(/^(refs\/heads\/|origin\/)/, "");
    return {
      provider: "jenkins",
      sha: nonEmpty(env.GIT_COMMIT),
      run: nonEmpty(env.BUILD_NUMBER),
      attempt: "1",
      branch: nonEmpty(env.BRANCH_NAME) ?? gitBranch
    };
  }
  return void 0;
}
async function detectBuild(env, cwd, git = readGit) {
  const ci = fromCi(env);
  if (ci && ci.sha !== void 0 && ci.branch !== void 0) return ci;
  const local = await git(cwd);
  if (ci) return { ...ci, sha: ci.sha ?? local.sha, branch: ci.branch ?? local.branch };
  return {
    provider: local.sha === void 0 ? "none" : "git",
    sha: local.sha,
    branch: local.branch
  };
}
function validateTag(tag) {
  const refuse = (why) => {
    throw new DigestpinError("INVALID_TAG", `tag "${tag}": ${why}`, TAG_HINT);
  };
  if (tag === "") refuse("the tag is empty");
  if (tag.toLowerCase() === "latest") {
    refuse(
      '"latest" is refused: it is a moving tag, so nodes that cached it keep running an old image'
    );
  }
  if (tag.length > MAX_TAG_LENGTH)
    refuse(`the tag is ${tag.length} characters; at most ${MAX_TAG_LENGTH} are allowed`);
  if (!/^\w/.test(tag))
    refuse(`a tag must start with a letter, digit or underscore, not "${tag.charAt(0)}"`);
  const bad = [...new Set(tag.replace(/[\w.-]/g, ""))];
  if (bad.length > 0)
    refuse(
      `invalid characters ${bad.map((c) => JSON.stringify(c)).join(" ")} (allowed: A-Z a-z 0-9 _ . -)`
    );
  if (!isValidTag(tag)) refuse("not a valid tag");
}
function sanitizeBranch(branch, maxLength = MAX_TAG_LENGTH) {
  return branch.replace(/[^\w.-]+/g, "-").replace(/^[.-]+/, "").slice(0, Math.max(0, maxLength)).replace(/[.-]+$/, "");
}
var pad = (n, width = 2) => String(n).padStart(width, "0");
async function renderTag(template, env, cwd, now = /* @__PURE__ */ new Date(), git = readGit) {
  let info;
  if (template === void 0) {
    info = await detectBuild(env, cwd, git);
    template = info.run !== void 0 ? DEFAULT_TAG_TEMPLATE : LOCAL_TAG_TEMPLATE;
  }
  const used = templateVariables(template);
  if (info === void 0 && used.some((v) => BUILD_VARIABLES.includes(v))) {
    info = await detectBuild(env, cwd, git);
  }
  const values = {
    sha: info?.sha,
    sha7: info?.sha?.slice(0, 7),
    run: info?.run,
    attempt: info?.attempt,
    date: `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`,
    time: `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`
  };
  const missing = used.filter((v) => v !== "branch" && values[v] === void 0);
  if (used.includes("branch") && (info?.branch === void 0 || sanitizeBranch(info.branch) === "")) {
    missing.push("branch");
  }
  if (missing.length > 0) throw noBuildId(template, missing, info);
  const fill = (branchValue) => template.replace(
    /\{(\w+)\}/g,
    (_m, name) => name === "branch" ? branchValue : values[name] ?? ""
  );
  let tag = fill("");
  if (used.includes("branch")) {
    const branchCount = template.split("{branch}").length - 1;
    const budget = Math.floor((MAX_TAG_LENGTH - tag.length) / branchCount);
    tag = fill(sanitizeBranch(info?.branch ?? "", budget));
  }
  validateTag(tag);
  return tag;
}
function templateVariables(template) {
  const used = [];
  const unknown = [];
  for (const m of template.matchAll(/\{([^{}]*)\}/g)) {
    const name = m[1] ?? "";
    if (TAG_VARIABLES.includes(name)) used.push(name);
    else unknown.push(`{${name}}`);
  }
  const known = TAG_VARIABLES.map((v) => `{${v}}`).join(" ");
  if (unknown.length > 0) {
    throw new DigestpinError(
      "INVALID_TEMPLATE",
      `tag template "${template}": unknown variable${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}`,
      `Known variables: ${known}.`
    );
  }
  if (/[{}]/.test(template.replace(/\{[^{}]*\}/g, ""))) {
    throw new DigestpinError(
      "INVALID_TEMPLATE",
      `tag template "${template}": unbalanced { or }`,
      `Variables are written {name}; known variables: ${known}.`
    );
  }
  return used;
}
function noBuildId(template, missing, info) {
  const names = [
    ...new Set(missing.map((v) => v === "sha7" ? "sha" : v))
  ];
  const where = info === void 0 || info.provider === "none" ? "no CI and no git checkout detected" : `provider: ${info.provider}`;
  return new DigestpinError(
    "NO_BUILD_ID",
    `tag template "${template}" needs ${missing.map((v) => `{${v}}`).join(", ")}, but nothing identifies the build (${where})`,
    `${names.map((n) => `{${n}} comes from ${SOURCES[n]}`).join("; ")}. Set it, or pass --tag <tag> with a literal tag or a template that uses only what is available.`
  );
}

// src/commands/push.ts
var DEFAULT_COMMAND_TIMEOUT_MS = 30 * 6e4;
function commandTimeoutMs(env) {
  return envInt(
    env,
    "DIGESTPIN_PUSH_TIMEOUT_MS",
    1e3,
    "a whole number of milliseconds",
    "Set it to e.g. 600000 (10 minutes), or unset it."
  ) ?? DEFAULT_COMMAND_TIMEOUT_MS;
}
function parseRepository(input) {
  const ref = parseReference(input);
  if (ref.tag !== void 0 || ref.digest !== void 0)
    throw new DigestpinError(
      "INVALID_REFERENCE",
      `${input}: the repository must not carry a tag or digest`,
      `Pass the tag with --tag: digestpin push <source> ${formatReference({ domain: ref.domain, path: ref.path })} --tag <template>`
    );
  return ref;
}
async function sourceAccess(source, opts, ctx) {
  if (!source.startsWith("docker://")) return {};
  const src = parseReference(source.slice("docker://".length));
  const { findCredentials } = await import("./auth-V7HWZPMO.js");
  const creds = await findCredentials(src.domain, {
    authfile: opts.authfile,
    env: ctx.env,
    repository: src.path,
    logger: ctx.logger
  });
  const srcAuth = creds && (creds.password !== void 0 || creds.identityToken !== void 0) ? {
    host: src.domain,
    username: creds.username,
    password: creds.password,
    identityToken: creds.identityToken
  } : void 0;
  const srcTlsVerify = !(opts.insecure || isLoopback(src.domain));
  return { srcAuth, srcTlsVerify };
}
async function runPush(opts, ctx) {
  if (opts.format !== "v2s2" && opts.format !== "oci")
    throw new DigestpinError(
      "USAGE",
      `--format ${String(opts.format)}: expected v2s2 or oci`,
      "digestpin push --format v2s2|oci \u2026"
    );
  preloadProcessRunner().catch(() => void 0);
  const repo = parseRepository(opts.repository);
  const repository = formatReference({ domain: repo.domain, path: repo.path });
  const tag = await renderTag(opts.tag, ctx.env, ctx.cwd);
  const source = normalizeSource(opts.source);
  const timeoutMs = commandTimeoutMs(ctx.env);
  requestSettings(ctx.env);
  const ecr = opts.ecr || parseEcrHost(repo.domain) ? await (await import("./ecr-plan-UONUZXHU.js")).ecrPlan(repo.domain, {
    repository: repo.path,
    tag,
    ecr: opts.ecr,
    region: opts.region,
    env: ctx.env,
    logger: ctx.logger,
    createRepository: opts.createRepository,
    ensureImmutable: opts.ensureImmutable,
    dryRun: opts.dryRun
  }) : void 0;
  const ecrCredentials = ecr?.credentials;
  let clientLoading;
  const client = () => clientLoading ??= import("./client-56DTAH5S.js").then(
    ({ RegistryClient }) => new RegistryClient({
      authfile: opts.authfile,
      insecure: opts.insecure,
      env: ctx.env,
      logger: ctx.logger,
      ...ecrCredentials && {
        credentials: (host) => Promise.resolve(host === repo.domain ? ecrCredentials : void 0)
      }
    })
  );
  const access = await sourceAccess(source, opts, ctx);
  const label = `${repository}:${tag}`;
  let configsReading;
  const sourceConfigs = () => configsReading ??= sourceConfigDigests(source, opts.all, {
    ...access.srcAuth && { auth: access.srcAuth },
    ...access.srcTlsVerify !== void 0 && { tlsVerify: access.srcTlsVerify },
    timeoutMs,
    env: ctx.env,
    logger: ctx.logger
  });
  const existing = async (before) => {
    const configs = await sourceConfigs();
    if (!isSameImage(before, configs, opts.format))
      throw tagExistsError(label, before, { configs }, opts.format, false);
    ctx.logger.info(`${label} already holds this image (${before.digest}); nothing pushed`);
    return { digest: before.digest, pushed: false };
  };
  const pinFiles = opts.manifests.length > 0 ? (await import("./pinning-D74WE4NW.js")).pinFiles : () => Promise.reject(new Error("no manifests to pin"));
  if (opts.manifests.length > 0)
    await pinFiles(
      `${label}@sha256:${"0".repeat(64)}`,
      opts.manifests,
      { ...ctx, logger: silentLogger },
      { dryRun: true }
    );
  let outcome;
  if (opts.dryRun) {
    const [, configs, before] = await Promise.all([
      checkSkopeo(ctx.env),
      sourceConfigs(),
      // A repository that --create-repository would create holds no tag yet.
      ecr?.repository === "missing" ? void 0 : client().then((c) => tagState(c, repo.domain, repo.path, tag))
    ]);
    if (before) outcome = await existing(before);
    else {
      ctx.logger.info(
        `dry run: ${label} is free; would push ${source} (${describeConfigs(configs)}) as ${opts.format}${opts.all ? " (all platforms)" : ""}`
      );
      outcome = { digest: "", pushed: false };
    }
  } else {
    const abort = new AbortController();
    let started = () => void 0;
    const spawned = new Promise((resolve) => started = resolve);
    const pushing = relayedPush({
      source,
      ...access,
      host: repo.domain,
      path: repo.path,
      tag,
      format: opts.format,
      all: opts.all,
      client,
      insecure: opts.insecure,
      commandTimeoutMs: timeoutMs,
      env: ctx.env,
      logger: ctx.logger,
      signal: abort.signal,
      onSpawn: () => {
        client().catch(() => void 0);
        started();
      }
    });
    pushing.catch(() => void 0);
    await Promise.race([spawned, pushing.catch(() => void 0)]);
    const before = await client().then((c) => tagState(c, repo.domain, repo.path, tag)).catch(async (err) => {
      abort.abort();
      await pushing.catch(() => void 0);
      throw err;
    });
    if (before) {
      abort.abort();
      await pushing.catch(() => void 0);
      outcome = await existing(before);
    } else {
      outcome = await pushing;
      const c = await client();
      const after = await c.headManifest({ domain: repo.domain, path: repo.path, tag });
      if (after?.digest !== outcome.digest) {
        const now = after && await tagState(c, repo.domain, repo.path, tag, after);
        if (!now)
          throw new DigestpinError(
            "CONCURRENT_OVERWRITE",
            `${label} vanished right after the push (expected ${outcome.digest})`,
            "Something deleted or retagged it at the same time; check for concurrent pipelines or a retention policy."
          );
        throw tagExistsError(
          label,
          now,
          { configs: /* @__PURE__ */ new Map(), digest: outcome.digest },
          opts.format,
          true
        );
      }
    }
  }
  const { digest, pushed } = outcome;
  const ref = digest ? `${label}@${digest}` : label;
  let files = [];
  if (opts.manifests.length > 0 && digest) {
    const pinned = await pinFiles(ref, opts.manifests, ctx, { dryRun: opts.dryRun });
    files = pinned.files.map((f) => ({ path: f.path, changes: f.changes.length }));
    for (const f of files)
      ctx.logger.info(`${opts.dryRun ? "would pin" : "pinned"} ${f.path} (${f.changes})`);
  }
  const image = digest ? `${repository}@${digest}` : "";
  const result = {
    repository,
    tag,
    digest,
    image,
    ref,
    format: opts.format,
    pushed,
    files
  };
  return { json: result, text: ref, exitCode: 0 };
}

export {
  silentLogger,
  writeAuthFile,
  runPush
};
//# sourceMappingURL=chunk-HZM5HBH2.js.map
