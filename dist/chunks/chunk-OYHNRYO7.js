import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  ecrTagExistsError,
  matchEcrImmutableTagRejection
} from "./chunk-BRKU2IVU.js";
import {
  backoffMs,
  errorCode,
  indexEntries,
  networkError,
  parseManifest,
  registryError,
  retryAfterMs
} from "./chunk-SHUUAOWG.js";
import {
  proxyFor
} from "./chunk-LDYPEOT2.js";
import {
  runProcess
} from "./chunk-7IGXQR4H.js";
import {
  relayAllBlobs,
  requestSettings,
  skopeoBinary
} from "./chunk-ANCL6P4L.js";
import {
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  OCI_MANIFEST,
  formatOf
} from "./chunk-TSB7FB7W.js";
import {
  formatReference,
  parseReference
} from "./chunk-A5WBNSYW.js";
import {
  allowsInsecure,
  baseUrlFor,
  jsonErrorPosition
} from "./chunk-5CTG7JZF.js";
import {
  DigestpinError,
  toDigestpinError
} from "./chunk-KJLBA246.js";

// src/push/overwrite-rule.ts
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
function timeoutHint(timeoutMs) {
  const now = timeoutMs === void 0 ? "" : ` (now ${timeoutMs} ms)`;
  return `The registry or the network is too slow or hangs: check the network path (a proxy or firewall may be dropping the connection), or allow more time with DIGESTPIN_PUSH_TIMEOUT_MS${now}, e.g. DIGESTPIN_PUSH_TIMEOUT_MS=3600000 for an hour.`;
}
var MISSING_BLOB = "blob unknown on the manifest upload";
var ATTESTATION_HINT = "The source is an image index with attestations (buildx provenance/SBOM), which Docker v2s2 cannot hold. From an oci:, oci-archive: or docker:// source, push --all writes a v2s2 list and keeps the attestations beside it (docs/multi-platform.md); from elsewhere, push it as OCI with --format oci, or build without attestations: docker buildx build --provenance=false --sbom=false.";
function classifySkopeoError(stderr, ctx) {
  const raw = skopeoMessage(stderr);
  const msg = ctx.relayHost && ctx.destHost ? raw.split(`http://${ctx.relayHost}`).join(ctx.destHost).split(ctx.relayHost).join(ctx.destHost) : raw;
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
    return new DigestpinError("TIMEOUT", `${where}: timed out: ${msg}`, timeoutHint(ctx.timeoutMs));
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
  const r = await runProcess(bin, ["--version"], { env: skopeoEnv(env), timeoutMs: 1e4 });
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
var exitHookInstalled = false;
function removeLiveDirs() {
  for (const d of liveDirs) fs.rmSync(d, { recursive: true, force: true });
  liveDirs.clear();
}
function installHandlers() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", removeLiveDirs);
}
async function withPrivateDir(fn) {
  installHandlers();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "digestpin-"));
  liveDirs.add(dir);
  try {
    fs.chmodSync(dir, 448);
    return await fn(dir);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
    liveDirs.delete(dir);
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
var SKOPEO_ENV = /* @__PURE__ */ new Set([
  "PATH",
  "HOME",
  "TMPDIR",
  "USER",
  "LANG",
  "LANGUAGE",
  "TZ",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "ALL_PROXY",
  "REGISTRY_AUTH_FILE",
  "XDG_RUNTIME_DIR",
  "XDG_CONFIG_HOME",
  "XDG_DATA_HOME",
  "DOCKER_CONFIG",
  "DOCKER_HOST",
  "DOCKER_CERT_PATH",
  "DOCKER_TLS_VERIFY",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR"
]);
var SKOPEO_ENV_PREFIXES = ["LC_", "CONTAINERS_"];
function skopeoEnv(env) {
  const out = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === void 0) continue;
    const upper = name.toUpperCase();
    if (SKOPEO_ENV.has(upper) || SKOPEO_ENV_PREFIXES.some((p) => upper.startsWith(p)))
      out[name] = value;
  }
  return out;
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
      env: skopeoEnv(env),
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
      timeoutHint(opts.timeoutMs)
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
  throw classifySkopeoError(stderr || r.message, { timeoutMs: opts.timeoutMs, ...errCtx });
}
var COPY_RETRIES = 2;
var DROPPED = /connection reset|broken pipe|use of closed network connection|unexpected eof/i;
function worthCopyingAgain(err) {
  if (!(err instanceof DigestpinError)) return false;
  if (err.code === "UNREACHABLE") return DROPPED.test(err.message);
  return err.code === "REGISTRY_ERROR" && err.message.includes(MISSING_BLOB);
}
function relayHosts(opts) {
  if (!opts.destLabel || !opts.dest.startsWith("docker://")) return {};
  const relayHost = opts.dest.slice("docker://".length).split("/")[0];
  const destHost = opts.destLabel.replace(/^docker:\/\//, "").split("/")[0];
  return relayHost && destHost && relayHost !== destHost ? { relayHost, destHost } : {};
}
async function skopeoCopy(opts) {
  return withPrivateDir(async (dir) => {
    const digestFile = path.join(dir, "digest");
    const args = ["copy", "--quiet", "--format", opts.format, "--digestfile", digestFile];
    if (opts.platform)
      args.unshift(
        "--override-os",
        opts.platform.os,
        "--override-arch",
        opts.platform.architecture,
        ...opts.platform.variant ? ["--override-variant", opts.platform.variant] : []
      );
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
          { source: opts.source, dest: opts.destLabel ?? opts.dest, ...relayHosts(opts) }
        );
        break;
      } catch (err) {
        const { again, error } = opts.judge?.(err) ?? { again: worthCopyingAgain(err), error: err };
        if (attempt >= COPY_RETRIES || opts.signal?.aborted || !again) throw error;
        const wait = 1e3 * 2 ** attempt;
        opts.logger?.warn(
          `${error instanceof Error ? error.message : String(error)}; copying again (${attempt + 1}/${COPY_RETRIES}) in ${wait / 1e3} s`
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
import { randomBytes } from "node:crypto";

// src/push/progress.ts
function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
var PLAIN_EVERY_MS = 5e3;
var TTY_EVERY_MS = 1e3;
var PushProgress = class {
  constructor(sink, counters, plan, label, now = Date.now) {
    this.sink = sink;
    this.counters = counters;
    this.plan = plan;
    this.label = label;
    this.now = now;
    this.started = now();
    this.lastAt = this.started;
  }
  sink;
  counters;
  plan;
  label;
  now;
  timer;
  started;
  lastBytes = 0;
  lastAt;
  done = 0;
  drawn = false;
  start() {
    const what = this.plan ? `${this.plan.blobs} blob${this.plan.blobs === 1 ? "" : "s"}, ${formatBytes(this.plan.bytes)}` : "size not known in advance";
    this.line(`pushing ${this.label}: ${what}`);
    const every = this.sink.tty ? TTY_EVERY_MS : PLAIN_EVERY_MS;
    this.timer = setInterval(() => this.tick(), every);
    this.timer.unref();
  }
  /** A blob is in the registry (uploaded now, or found there). */
  blob(digest, uploaded) {
    this.done++;
    const of = this.plan ? `/${this.plan.blobs}` : "";
    const short = digest.replace(/^sha256:/, "").slice(0, 12);
    this.line(
      `blob ${short} ${uploaded ? "uploaded" : "already in the registry"} (${this.done}${of})`
    );
  }
  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = void 0;
    if (this.drawn) this.sink.write("\n");
    this.drawn = false;
  }
  /** The periodic line: bytes sent / total, the rate since the last line. */
  tick() {
    const t = this.now();
    const seconds = Math.round((t - this.started) / 1e3);
    const bytes = this.counters.bytes();
    if (bytes === void 0) {
      const of = this.plan ? `${this.done}/${this.plan.blobs} blobs` : `${this.done} blobs`;
      return this.show(`uploading straight to the registry, ${of} seen done, ${seconds} s`);
    }
    const rate = (bytes - this.lastBytes) * 1e3 / Math.max(1, t - this.lastAt);
    this.lastBytes = bytes;
    this.lastAt = t;
    const total = this.plan ? ` / ${formatBytes(this.plan.bytes)}` : "";
    const pct = this.plan && this.plan.bytes > 0 ? ` (${Math.min(100, Math.floor(bytes * 100 / this.plan.bytes))}%)` : "";
    this.show(
      `sent ${formatBytes(bytes)}${total}${pct}, ${formatBytes(Math.round(rate))}/s, ${seconds} s`
    );
  }
  show(text) {
    if (this.sink.tty) {
      this.sink.write(`\r\x1B[K${text}`);
      this.drawn = true;
    } else this.line(text);
  }
  line(text) {
    this.sink.write(`${this.drawn ? "\r\x1B[K" : ""}${text}
`);
    this.drawn = false;
  }
};

// src/push/relay/server.ts
import crypto2 from "node:crypto";
import http2 from "node:http";

// src/push/relay/forward.ts
import http from "node:http";
import https from "node:https";
import tls from "node:tls";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
function stepOf(method, pathname) {
  if (pathname.includes("/blobs/uploads/")) {
    if (method === "POST") return "upload start (POST)";
    if (method === "PATCH") return "blob upload (PATCH)";
    if (method === "PUT") return "upload finish (PUT)";
    return `upload status (${method})`;
  }
  if (pathname.includes("/blobs/")) return `blob check (${method})`;
  if (pathname.includes("/manifests/"))
    return method === "PUT" ? "manifest PUT by digest" : `manifest check (${method})`;
  return `${method} ${pathname}`;
}
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
var TRANSIENT_STATUS = /* @__PURE__ */ new Set([408, 429, 500, 502, 503, 504]);
var TRANSIENT_CODES = /* @__PURE__ */ new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "UND_ERR_SOCKET"]);
var STREAM_IDLE_MS = 12e4;
var MAX_ERROR_BODY = 65536;
var MAX_MANIFEST = 4 * 1024 * 1024;
var FOREIGN = "/_digestpin/foreign/";
var RELAY_BUFFER = 1024 * 1024;
var AGENT = { keepAlive: true, maxSockets: 32, highWaterMark: RELAY_BUFFER };
var agents;
function agentFor(protocol) {
  agents ??= {
    "http:": new http.Agent(AGENT),
    "https:": new https.Agent({ ...AGENT, secureContext: tls.createSecureContext() })
  };
  return protocol === "https:" ? agents["https:"] : agents["http:"];
}
function forwardedHeaders(req) {
  const out = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === void 0 || HOP_BY_HOP.has(k)) continue;
    out[k] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}
function registryErrorResponse(res, status, code, message) {
  const body = JSON.stringify({ errors: [{ code, message }] });
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body)
  });
  res.end(body);
}
function hasBody(req) {
  const length = req.headers["content-length"];
  return req.method !== "GET" && req.method !== "HEAD" && (req.headers["transfer-encoding"] !== void 0 || length !== void 0 && length !== "0");
}
var Forwarder = class {
  constructor(upstream, retry, logger, onFault, onBlob) {
    this.upstream = upstream;
    this.retry = retry;
    this.logger = logger;
    this.onFault = onFault;
    this.onBlob = onBlob;
    this.origin = new URL(upstream.origin).origin;
  }
  upstream;
  retry;
  logger;
  onFault;
  onBlob;
  /** Origins of upload locations the registry handed out on another host (storage), by id. */
  foreign = /* @__PURE__ */ new Map();
  direct;
  /** Blob bytes go straight to the registry (known from the first upload location on). */
  goesDirect = false;
  sent = 0;
  origin;
  /** Blob and manifest bytes forwarded so far (request bodies). */
  bytesSent() {
    return this.sent;
  }
  /** The registry URL for a relay path, or undefined for a foreign id the relay never issued. */
  target(pathAndQuery) {
    if (!pathAndQuery.startsWith(FOREIGN)) return new URL(pathAndQuery, this.origin);
    const rest = pathAndQuery.slice(FOREIGN.length);
    const slash = rest.indexOf("/");
    if (slash <= 0) return void 0;
    const origin = this.foreign.get(rest.slice(0, slash));
    return origin ? new URL(`${origin}${rest.slice(slash)}`) : void 0;
  }
  /** Forwards one request to `target` and answers skopeo with the registry's answer. */
  async forward(req, res, target) {
    const method = req.method ?? "GET";
    const step = stepOf(method, target.pathname);
    const own = target.origin === this.origin;
    const whole = hasBody(req) && target.pathname.includes("/manifests/") ? await readWhole(req, MAX_MANIFEST) : void 0;
    const streamed = whole === void 0 && hasBody(req);
    if (own && !this.upstream.authorization)
      return this.viaClient(req, res, target, step, whole, streamed);
    for (let n = 0; ; n++) {
      const auth = own ? await this.upstream.authorization?.() : void 0;
      let up;
      try {
        up = await this.send(req, target, auth, streamed, whole);
      } catch (error) {
        const code = errorCode(error);
        if (!streamed && n < this.retry.retries && code && TRANSIENT_CODES.has(code)) {
          await this.pause(n, void 0, `${method} ${target.pathname}: ${code}`);
          continue;
        }
        this.onFault({ step, error, replayable: !streamed });
        throw error;
      }
      const status = up.statusCode ?? 502;
      if (status === 401 && own && !streamed) {
        up.resume();
        return this.viaClient(req, res, target, step, whole);
      }
      if (!TRANSIENT_STATUS.has(status)) {
        this.notice(method, target, status);
        return this.answer(res, up);
      }
      const wait = retryAfterMs(header(up, "retry-after"));
      const body = await readCapped(up);
      if (!streamed && n < this.retry.retries && (wait ?? 0) <= this.retry.retryAfterCapMs) {
        await this.pause(n, wait, `${method} ${target.pathname}: HTTP ${status}`);
        continue;
      }
      this.onFault({
        step,
        status,
        replayable: !streamed,
        ...wait !== void 0 && { retryAfterMs: wait },
        ...registryError(body) && { registryError: registryError(body) }
      });
      res.writeHead(status, this.responseHeaders(up, body.length));
      res.end(body);
      return;
    }
  }
  /** Tells of a blob now in the registry: an upload finished, or a blob check found it. */
  notice(method, target, status) {
    if (!this.onBlob) return;
    if (method === "PUT" && status === 201 && target.pathname.includes("/blobs/uploads/")) {
      const digest = target.searchParams.get("digest");
      if (digest) this.onBlob(digest, true);
    } else if (method === "HEAD" && status === 200) {
      const m = /\/blobs\/(sha256:[0-9a-f]{64})$/.exec(target.pathname);
      if (m?.[1]) this.onBlob(m[1], false);
    }
  }
  async pause(n, asked, what) {
    const wait = Math.max(asked ?? 0, backoffMs(n, this.retry.retryBaseMs, Math.random));
    this.logger.debug(
      `relay: ${what}; retry ${n + 1}/${this.retry.retries} in ${Math.round(wait)} ms`
    );
    await new Promise((r) => setTimeout(r, wait));
  }
  send(req, url, auth, withBody, whole) {
    const headers = forwardedHeaders(req);
    if (auth) headers.authorization = auth;
    const secure = url.protocol === "https:";
    return new Promise((resolve, reject) => {
      const out = (secure ? https : http).request(
        url,
        { method: req.method, headers, agent: agentFor(url.protocol) },
        resolve
      );
      out.on("error", reject);
      out.setTimeout(
        STREAM_IDLE_MS,
        () => out.destroy(new Error(`no progress for ${STREAM_IDLE_MS / 1e3} s`))
      );
      if (withBody) {
        req.on("error", (err) => out.destroy(err));
        req.on("data", (chunk) => this.sent += chunk.length);
        req.pipe(out);
      } else out.end(whole);
    });
  }
  /** A body-less request through the registry client, which re-authenticates after a 401. */
  async viaClient(req, res, target, step, whole, streamed = false) {
    const method = req.method ?? "GET";
    if (streamed) req.on("data", (chunk) => this.sent += chunk.length);
    const up = await this.upstream.fetch(`${target.pathname}${target.search}`, {
      method,
      headers: forwardedHeaders(req),
      redirect: "manual",
      ...whole && { body: whole },
      ...streamed && {
        body: Readable.toWeb(req),
        duplex: "half"
      }
    }).catch((error) => {
      this.onFault({ step, error, replayable: !streamed });
      throw error;
    });
    const headers = {};
    const decoded = up.headers.has("content-encoding");
    const location = up.headers.get("location");
    const direct = await this.uploadsDirect(location);
    up.headers.forEach((value, key) => {
      if (HOP_BY_HOP.has(key) || key === "content-encoding") return;
      if (key === "content-length" && decoded && method !== "HEAD") return;
      headers[key] = key === "location" ? this.relayLocation(value, direct) : value;
    });
    res.writeHead(up.status, headers);
    if (!up.body || method === "HEAD") {
      res.end();
      await up.body?.cancel();
      return;
    }
    res.end(Buffer.from(await up.arrayBuffer()));
  }
  async answer(res, up) {
    const direct = await this.uploadsDirect(header(up, "location"));
    res.writeHead(up.statusCode ?? 502, this.responseHeaders(up, void 0, direct));
    await pipeline(up, res);
  }
  responseHeaders(up, length, direct = false) {
    const out = {};
    for (const [k, v] of Object.entries(up.headers)) {
      if (v === void 0 || HOP_BY_HOP.has(k)) continue;
      out[k] = k === "location" && typeof v === "string" ? this.relayLocation(v, direct) : v;
    }
    if (length !== void 0) out["content-length"] = String(length);
    return out;
  }
  /** Asked once, at the first upload location (the registry's auth is known by then). */
  uploadsDirect(location) {
    if (!location?.includes("/blobs/uploads/") || !this.upstream.directUploads)
      return Promise.resolve(false);
    this.direct ??= this.upstream.directUploads().then((yes) => this.goesDirect = yes);
    return this.direct;
  }
  /**
   * Keeps skopeo talking to the relay: a location on the registry becomes a relay path; any other
   * (uploads handed to a storage host, or a path that would leave the registry, like `//host/…`)
   * is reached through the relay too, under an id only the relay issues, and without the
   * registry's credentials — so skopeo never takes the relay's secret to another host, and TLS
   * is verified here, never skipped by skopeo's --dest-tls-verify=false.
   */
  relayLocation(value, directUpload = false) {
    const loc = new URL(value, this.origin);
    const ownPath = loc.origin === this.origin && loc.pathname.startsWith("/v2/");
    if (directUpload && ownPath && loc.pathname.includes("/blobs/uploads/")) return loc.href;
    if (ownPath) return `${loc.pathname}${loc.search}`;
    if (loc.protocol !== "https:" && loc.protocol !== "http:")
      throw new Error(`the registry handed out an upload location that is not HTTP: ${value}`);
    const id = Buffer.from(loc.origin).toString("base64url");
    this.foreign.set(id, loc.origin);
    return `${FOREIGN}${id}${loc.pathname}${loc.search}`;
  }
};
function header(up, name) {
  const v = up.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? null;
}
async function readCapped(up) {
  const chunks = [];
  let size = 0;
  for await (const chunk of up) {
    const b = chunk;
    if (size < MAX_ERROR_BODY) chunks.push(b);
    size += b.length;
  }
  return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY);
}
async function readWhole(req, limit) {
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

// src/push/relay/tag-put.ts
import crypto from "node:crypto";
function replay(res, up, body) {
  const headers = {};
  up.headers.forEach((value, key) => {
    if (key === "content-encoding" || key === "transfer-encoding" || key === "connection") return;
    headers[key] = value;
  });
  headers["content-length"] = String(body.length);
  res.writeHead(up.status, headers);
  res.end(body);
}
async function tagPut(req, res, where, upstream, decide, logger) {
  const { repository, tag } = where;
  const bytes = await readWhole(req, MAX_MANIFEST);
  const digest = `sha256:${crypto.createHash("sha256").update(bytes).digest("hex")}`;
  const mediaType = req.headers["content-type"] ?? DOCKER_MANIFEST;
  const put = (ref) => upstream.fetch(`/v2/${repository}/manifests/${ref}`, {
    method: "PUT",
    headers: { "content-type": mediaType },
    body: bytes
  });
  const failed = async (up, step2) => {
    const body = Buffer.from(await up.arrayBuffer());
    replay(res, up, body);
    const said = registryError(body);
    return {
      kind: "failed",
      step: step2,
      status: up.status,
      ours: digest,
      ...said && { registryError: said }
    };
  };
  let step = "manifest PUT by digest";
  try {
    const byDigest = await put(digest);
    if (byDigest.status !== 201) return await failed(byDigest, step);
    await byDigest.body?.cancel();
    step = "tag check";
    const decision = await decide({ repository, tag, digest, mediaType, bytes });
    if (decision.action === "skip") {
      logger.debug(
        `relay: tag ${tag} already holds the same image (${decision.digest}); not written`
      );
      res.writeHead(201, {
        location: `/v2/${repository}/manifests/${digest}`,
        "docker-content-digest": digest,
        "content-length": 0
      });
      res.end();
      return { kind: "skipped", digest: decision.digest, ours: digest };
    }
    if (decision.action === "refuse") {
      registryErrorResponse(res, 400, "TAG_INVALID", decision.message);
      return { kind: "refused", message: decision.message, ours: digest };
    }
    step = "tag PUT";
    const byTag = await put(tag);
    logger.debug(`relay: wrote tag ${tag} -> ${digest} (HTTP ${byTag.status})`);
    if (byTag.status !== 201) return await failed(byTag, step);
    replay(res, byTag, Buffer.from(await byTag.arrayBuffer()));
    return { kind: "written", digest };
  } catch (error) {
    if (!res.headersSent)
      registryErrorResponse(
        res,
        400,
        "TAG_INVALID",
        `digestpin relay: the ${step} failed; tag not written`
      );
    return { kind: "failed", step, error, ours: digest };
  }
}

// src/push/relay/server.ts
var MANIFEST_BY_TAG = /^\/v2\/(.+)\/manifests\/([^/:]+)$/;
var PushRelay = class _PushRelay {
  constructor(opts) {
    this.opts = opts;
    this.forwarder = new Forwarder(
      opts.upstream,
      { retries: 3, retryBaseMs: 250, retryAfterCapMs: 1e4, ...opts.retry },
      opts.logger,
      (fault) => this.fault = fault,
      opts.onBlob
    );
    const c = opts.credentials;
    this.expected = c ? Buffer.from(`Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`) : void 0;
    this.server = http2.createServer({ highWaterMark: RELAY_BUFFER }, (req, res) => {
      this.handle(req, res).catch((err) => {
        opts.logger.debug(
          `relay: ${req.method} ${req.url} failed: ${err instanceof Error ? err.message : String(err)}`
        );
        if (!res.headersSent)
          registryErrorResponse(res, 502, "UNKNOWN", "digestpin relay: upstream request failed");
        else res.destroy();
      });
    });
    this.server.keepAliveTimeout = 3e4;
  }
  opts;
  tag;
  fault;
  forwarder;
  expected;
  server;
  /** `127.0.0.1:port`: push to `docker://<host>/<repository>:<tag>` with --dest-tls-verify=false. */
  host = "";
  static async start(opts) {
    const relay = new _PushRelay(opts);
    await new Promise((resolve, reject) => {
      relay.server.once("error", reject);
      relay.server.listen(0, "127.0.0.1", () => resolve());
    });
    relay.host = `127.0.0.1:${relay.server.address().port}`;
    return relay;
  }
  /** What happened to the tag; undefined until skopeo's tag PUT arrived. */
  outcome() {
    return this.tag;
  }
  /** The last of skopeo's requests that failed upstream for good, cleared as it is read. */
  takeFault() {
    const f = this.fault;
    this.fault = void 0;
    return f;
  }
  /** Request-body bytes forwarded to the registry so far; undefined when uploads go direct. */
  bytesSent() {
    return this.forwarder.goesDirect ? void 0 : this.forwarder.bytesSent();
  }
  close() {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
  authorized(req) {
    if (!this.expected) return true;
    const got = Buffer.from(req.headers.authorization ?? "");
    return got.length === this.expected.length && crypto2.timingSafeEqual(got, this.expected);
  }
  async handle(req, res) {
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    this.opts.logger.debug(`relay: ${method} ${url}`);
    if (!this.authorized(req)) {
      req.resume();
      res.setHeader("www-authenticate", 'Basic realm="digestpin-relay"');
      return registryErrorResponse(res, 401, "UNAUTHORIZED", "authentication required");
    }
    if (url === "/v2/" || url === "/v2") {
      req.resume();
      res.writeHead(200, {
        "docker-distribution-api-version": "registry/2.0",
        "content-length": 0
      });
      res.end();
      return;
    }
    const target = this.allowed(url);
    if (!target) {
      req.resume();
      return registryErrorResponse(
        res,
        403,
        "DENIED",
        `digestpin relay: only ${this.opts.repository} on the registry is reachable here`
      );
    }
    const m = MANIFEST_BY_TAG.exec(target.pathname);
    if (method === "PUT" && target.origin === this.forwarder.origin && m?.[1] && m[2]) {
      this.tag = await tagPut(
        req,
        res,
        { repository: m[1], tag: m[2] },
        this.opts.upstream,
        this.opts.onTagPut,
        this.opts.logger
      );
      return;
    }
    return this.forwarder.forward(req, res, target);
  }
  /**
   * Where a request may go: paths of the pushed repository on the registry, and upload locations
   * the registry handed out elsewhere. Not another repository, another host (`//host/…`), an
   * absolute-form URL, or a path that leaves the repository with `..`.
   */
  allowed(url) {
    if (!url.startsWith("/") || url.startsWith("//")) return void 0;
    const target = this.forwarder.target(url);
    if (!target) return void 0;
    if (target.origin !== this.forwarder.origin) return target;
    return target.pathname.startsWith(`/v2/${this.opts.repository}/`) ? target : void 0;
  }
};
function startRelay(opts) {
  return PushRelay.start(opts);
}

// src/push/relayed-push.ts
async function tagState(client, host, path3, tag, known) {
  const head = known ?? await client.headManifest({ domain: host, path: path3, tag });
  if (!head) return void 0;
  const configs = await client.configDigests({ domain: host, path: path3, digest: head.digest });
  if (!configs) return void 0;
  return { digest: head.digest, mediaType: head.mediaType, configs };
}
function stepFailure(label, host, f, timeoutMs) {
  const at = `${label}: ${f.step} failed`;
  if (f.error !== void 0) {
    const e = f.error instanceof DigestpinError ? f.error : networkError(f.error, host, timeoutMs);
    return new DigestpinError(e.code, `${at}: ${e.message}`, e.hint, { cause: f.error });
  }
  const status = f.status ?? 0;
  const said = f.registryError ? `: ${f.registryError.code}${f.registryError.message ? ` ${f.registryError.message}` : ""}` : "";
  const message = `${at}: HTTP ${status}${said}`;
  if (status === 429) {
    const wait = f.retryAfterMs !== void 0 ? ` (it asks to wait ${Math.ceil(f.retryAfterMs / 1e3)} s)` : "";
    return new DigestpinError(
      "RATE_LIMITED",
      `${message}${wait}`,
      "The registry is throttling requests; wait and re-run."
    );
  }
  if (status === 401)
    return new DigestpinError(
      "UNAUTHORIZED",
      message,
      "Log in to the registry again or pass --authfile."
    );
  if (status === 403)
    return new DigestpinError(
      "DENIED",
      message,
      "The credentials lack push permission on the repository."
    );
  if (f.registryError?.code === "TAG_INVALID")
    return new DigestpinError(
      "TAG_EXISTS",
      `the registry refused to write the tag of ${label}: ${message}`,
      "Tags are never overwritten: push under a new tag (the default --tag template is unique per build and retry)."
    );
  if (f.registryError?.code === "MANIFEST_BLOB_UNKNOWN" || f.registryError?.code === "BLOB_UNKNOWN")
    return new DigestpinError(
      "REGISTRY_ERROR",
      `${message} (${MISSING_BLOB})`,
      "Push again: the copy uploads what the registry lacks. Another push of the same image to this repository at the same time, or a garbage collection, can cause this."
    );
  return new DigestpinError(
    "REGISTRY_ERROR",
    `${message}${status >= 500 || status === 408 || status === 429 ? " (after retries)" : ""}`,
    status >= 500 || status === 408 ? "The registry kept failing (or a proxy in front of it); re-run later, or check the registry and the proxy." : "The registry refused the request; run with --verbose to see the exchange."
  );
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
  const unverified = allowsInsecure(o.host, o.insecure);
  const origin = unverified ? await (await o.client()).origin(o.host) : baseUrlFor(o.host);
  const authorization = async () => (await o.client()).authorizationHeader(o.host, o.path, ["pull", "push"]);
  const directUploads = async () => {
    if (!origin.startsWith("http://") || relayAllBlobs(o.env)) return false;
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
  const settings = requestSettings(o.env);
  let progress;
  const relay = await startRelay({
    onBlob: (digest, uploaded) => progress?.blob(digest, uploaded),
    credentials,
    repository: o.path,
    retry: { retries: settings.retries },
    upstream: {
      origin,
      directUploads,
      fetch: async (p, init) => (await o.client()).fetch(o.host, o.path, ["pull", "push"], p, init),
      // the relay's own node:http requests verify certificates and know no proxy: an https host
      // that need not verify, or a proxied one, is reached through the client's fetch instead
      ...(!unverified || origin.startsWith("http:")) && !proxyFor(origin, o.env) && {
        authorization: () => {
          const first = warm;
          warm = void 0;
          return first ?? authorization();
        }
      }
    },
    onTagPut: o.onTagPut ?? decide,
    logger: o.logger
  });
  let copied;
  let copyError;
  let stopped = false;
  if (o.progress) {
    const { sink, plan } = o.progress;
    void plan.then((p) => {
      if (stopped) return;
      progress = new PushProgress(sink, { bytes: () => relay.bytesSent() }, p, label);
      progress.start();
    });
  }
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
      onSpawn: spawned,
      ...o.platform && { platform: o.platform },
      // a request the relay could not send again (a streamed body) failed: run the copy again,
      // which uploads only what the registry lacks; any other lasting fault names its step
      judge: (err) => {
        const fault = relay.takeFault();
        if (!fault) return { again: worthCopyingAgain(err), error: err };
        return {
          again: !fault.replayable,
          error: stepFailure(label, o.host, fault, settings.timeoutMs)
        };
      }
    });
  } catch (err) {
    copyError = err;
  } finally {
    stopped = true;
    progress?.stop();
    await relay.close();
  }
  const outcome = relay.outcome();
  if (conflict) throw conflict;
  if (outcome?.kind === "failed") {
    const said = outcome.registryError;
    if (said && matchEcrImmutableTagRejection(`${said.code}: ${said.message}`))
      throw ecrTagExistsError(
        label,
        new Error(`${outcome.step}: HTTP ${outcome.status ?? 0} ${said.code}: ${said.message}`)
      );
    throw stepFailure(label, o.host, outcome, settings.timeoutMs);
  }
  if (copyError) throw toDigestpinError(copyError);
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
import crypto3 from "node:crypto";
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
async function readSmallTarFiles(file, maxSize = 4 * 1024 * 1024, want = () => true, anySize) {
  const fh = await fs2.promises.open(file, "r");
  const out = /* @__PURE__ */ new Map();
  try {
    const header2 = Buffer.alloc(BLOCK);
    let offset = 0;
    let nextName;
    for (; ; ) {
      const { bytesRead } = await fh.read(header2, 0, BLOCK, offset);
      if (bytesRead < BLOCK || header2.every((b) => b === 0)) break;
      const size = octal(header2, 124, 12);
      const type = String.fromCharCode(header2[156] ?? 48);
      const prefix = field(header2, 345, 155);
      let name = field(header2, 0, 100);
      if (prefix && field(header2, 257, 5) === "ustar") name = `${prefix}/${name}`;
      const bodyOffset = offset + BLOCK;
      offset = bodyOffset + Math.ceil(size / BLOCK) * BLOCK;
      const readBody = async () => {
        const body = Buffer.alloc(size);
        await fh.read(body, 0, size, bodyOffset);
        return body;
      };
      if (type === "x" || type === "L") {
        const body = await readBody();
        nextName = type === "x" ? paxPath(body) : field(body, 0, size);
        continue;
      }
      if (type === "g") continue;
      if (nextName !== void 0) name = nextName;
      nextName = void 0;
      if ((type === "0" || type === "\0") && want(normalise(name)) && (size <= maxSize || anySize?.(normalise(name))))
        out.set(normalise(name), await readBody());
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
var ARCHIVE_NAME = /\.(tar|tar\.gz|tgz|tar\.zst)$/i;
async function archiveKind(file) {
  const names = /* @__PURE__ */ new Set(["manifest.json", "oci-layout", "index.json"]);
  const files = await readSmallTarFiles(file, 1024 * 1024, (n) => names.has(n)).catch(
    () => /* @__PURE__ */ new Map()
  );
  if (files.has("oci-layout") || files.has("index.json") && !files.has("manifest.json"))
    return "oci";
  return files.has("manifest.json") ? "docker" : void 0;
}
var isFile = (file) => fs3.promises.stat(file).then(
  (st) => st.isFile(),
  () => false
);
async function checkSource(given, source) {
  if (source === `docker-daemon:${given}` && (ARCHIVE_NAME.test(given) || await isFile(given))) {
    const kind2 = await isFile(given) ? await archiveKind(given) : void 0;
    const suggestion = kind2 === "oci" ? `oci-archive:${given} (it is an OCI archive)` : kind2 === "docker" ? `docker-archive:${given} (it is a docker save archive)` : `docker-archive:${given} (docker save) or oci-archive:${given} (buildx --output type=oci)`;
    throw new DigestpinError(
      "INVALID_REFERENCE",
      `${given} looks like an image archive, but a source without a transport is read as a Docker daemon image (docker-daemon:${given})`,
      `Name the archive's format: digestpin push ${suggestion.split(" (")[0]} <repository>; that is ${suggestion}.`
    );
  }
  const archive = /^(docker|oci)-archive:/.exec(source);
  if (!archive) return;
  const { file } = splitPathRef(source.slice(archive[0].length));
  if (!await isFile(file)) return;
  const kind = await archiveKind(file);
  const want = archive[1] === "docker" ? "docker" : "oci";
  if (kind && kind !== want) {
    const right = `${kind === "oci" ? "oci-archive" : "docker-archive"}:${source.slice(archive[0].length)}`;
    throw new DigestpinError(
      "INVALID_REFERENCE",
      `${source}: ${file} is ${kind === "oci" ? "an OCI archive (oci-layout, index.json)" : "a docker save archive (manifest.json)"}, not a ${want === "oci" ? "OCI" : "docker"} archive`,
      `Use ${right}`
    );
  }
  if (want === "docker" && kind === "docker") {
    const files = await readSmallTarFiles(file, 4 * 1024 * 1024, (n) => n === "manifest.json");
    const manifest = files.get("manifest.json");
    if (manifest) parseDockerArchiveManifest(manifest, source);
  }
}
function parseDockerArchiveManifest(bytes, source) {
  let parsed;
  const text = bytes.toString("utf8");
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const where = jsonErrorPosition(text);
    throw new DigestpinError(
      "SOURCE_NOT_FOUND",
      `${source}: manifest.json in the archive is not valid JSON${where ? ` at ${where}` : ""} (${err instanceof Error ? err.message : String(err)})`,
      "The archive is damaged or was not written by docker save; write it again (docker save -o app.tar app:dev)."
    );
  }
  if (!Array.isArray(parsed))
    throw new DigestpinError(
      "SOURCE_NOT_FOUND",
      `${source}: manifest.json in the archive is not a list of images`,
      "The archive is damaged or was not written by docker save; write it again (docker save -o app.tar app:dev)."
    );
  return parsed;
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
  return `sha256:${crypto3.createHash("sha256").update(buf).digest("hex")}`;
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
async function openOciSource(source) {
  if (source.startsWith("oci:")) {
    const { file: file2, ref: ref2 } = splitPathRef(source.slice(4));
    const index2 = parseIndex(await readFileOr(path2.join(file2, "index.json"), source), source);
    const blob2 = (d) => readFileOr(path2.join(file2, "blobs", ...d.split(":")), source);
    return { top: await blob2(pickOciRef(index2, ref2, source)), blob: blob2 };
  }
  if (!source.startsWith("oci-archive:")) return void 0;
  const { file, ref } = splitPathRef(source.slice(12));
  await fs3.promises.access(file, fs3.constants.R_OK).catch((err) => {
    throw notFound(source, err instanceof Error ? err.message : String(err));
  });
  const files = await readSmallTarFiles(file);
  const index = files.get("index.json");
  if (!index) throw notFound(source, "no index.json in the archive");
  const small = fromFiles(files, source);
  const blob = async (digest) => {
    const name = `blobs/${digest.split(":").join("/")}`;
    if (files.has(name)) return small(digest);
    const found = (await readSmallTarFiles(
      file,
      0,
      (n) => n === name,
      (n) => n === name
    )).get(name);
    return found ?? Promise.reject(notFound(source, `blob ${digest} missing`));
  };
  return { top: await blob(pickOciRef(parseIndex(index, source), ref, source)), blob };
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
    const entries = parseDockerArchiveManifest(manifest, source);
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
async function sourcePlan(source, all) {
  try {
    let blob;
    let index;
    let ref;
    if (source.startsWith("oci:")) {
      const split = splitPathRef(source.slice(4));
      ref = split.ref;
      index = parseIndex(await readFileOr(path2.join(split.file, "index.json"), source), source);
      blob = (d) => readFileOr(path2.join(split.file, "blobs", ...d.split(":")), source);
    } else if (source.startsWith("oci-archive:")) {
      const split = splitPathRef(source.slice(12));
      ref = split.ref;
      const files = await readSmallTarFiles(split.file);
      const raw = files.get("index.json");
      if (!raw) return void 0;
      index = parseIndex(raw, source);
      blob = fromFiles(files, source);
    } else return void 0;
    const blobs = /* @__PURE__ */ new Map();
    const visit = async (digest) => {
      const bytes = await blob(digest);
      const m = parseManifest(bytes);
      if (m.manifests) {
        const entries = indexEntries(m.manifests);
        const sys = systemPlatform();
        const picked = all ? entries : entries.filter((e) => e.platform === sys || e.platform.startsWith(`${sys}/`)).slice(0, 1);
        for (const e of picked) await visit(e.digest);
        return;
      }
      const doc = JSON.parse(bytes.toString("utf8"));
      for (const d of [doc.config, ...doc.layers ?? []])
        if (d?.digest && typeof d.size === "number") blobs.set(d.digest, d.size);
    };
    await visit(pickOciRef(index, ref, source));
    if (blobs.size === 0) return void 0;
    return { blobs: blobs.size, bytes: [...blobs.values()].reduce((a, b) => a + b, 0) };
  } catch {
    return void 0;
  }
}

// src/push/platform-list.ts
var REFERENCE_TYPE = "vnd.docker.reference.type";
var REFERENCE_DIGEST = "vnd.docker.reference.digest";
var PREDICATE_TYPE = "in-toto.io/predicate-type";
function isAttestation(d) {
  const p = d.platform ?? {};
  return d.annotations?.[REFERENCE_TYPE] === "attestation-manifest" || (p.os ?? "unknown") === "unknown" && (p.architecture ?? "unknown") === "unknown";
}
function platformOf(d) {
  const p = d.platform ?? {};
  const out = { os: String(p.os), architecture: String(p.architecture) };
  if (typeof p.variant === "string" && p.variant) out.variant = p.variant;
  if (typeof p["os.version"] === "string") out["os.version"] = p["os.version"];
  if (Array.isArray(p["os.features"])) out["os.features"] = p["os.features"].map(String);
  return out;
}
function blobDescriptor(d) {
  if (!d || typeof d !== "object") return void 0;
  const o = d;
  return typeof o.digest === "string" && typeof o.mediaType === "string" && typeof o.size === "number" ? { digest: o.digest, mediaType: o.mediaType, size: o.size } : void 0;
}
async function readBuildxSource(source, remote) {
  const local = await openOciSource(source);
  const opened = local ? { ...local, manifest: local.blob } : source.startsWith("docker://") && remote ? await remote(source) : void 0;
  if (!opened) return void 0;
  const top = parseManifest(opened.top);
  if (!top.manifests) return void 0;
  const all = top.manifests.filter(
    (m) => !!m && typeof m === "object" && typeof m.digest === "string"
  );
  const attestationDescs = all.filter(isAttestation);
  if (attestationDescs.length === 0) return void 0;
  const imageDescs = all.filter((d) => !isAttestation(d));
  const keys = indexEntries(imageDescs);
  const images = [];
  for (const [i, d] of imageDescs.entries()) {
    const key = keys[i]?.platform ?? "";
    if (key.includes("#"))
      throw new DigestpinError(
        "UNSUPPORTED_CONVERSION",
        `${source} holds more than one image for ${key.split("#")[0]}; a v2s2 list built per platform cannot tell them apart`,
        "Push it as OCI (--format oci), or build one image per platform."
      );
    const bytes = await opened.manifest(d.digest);
    const configDigest = parseManifest(bytes).configDigest;
    if (!configDigest)
      throw new DigestpinError(
        "SOURCE_NOT_FOUND",
        `${source}@${String(d.digest)} (${key}) is not an image manifest`,
        "The source image is damaged or not an image; rebuild it."
      );
    images.push({ digest: d.digest, key, platform: platformOf(d), configDigest });
  }
  if (images.length === 0)
    throw new DigestpinError(
      "SOURCE_NOT_FOUND",
      `${source} holds attestations but no platform image`,
      "Build the image again; its index names no image."
    );
  const attestations = [];
  for (const d of attestationDescs) {
    const digest = d.digest;
    const bytes = await opened.manifest(digest).catch((err) => {
      throw new DigestpinError(
        "SOURCE_NOT_FOUND",
        `${source}: attestation manifest ${digest} cannot be read (${err instanceof Error ? err.message : String(err)})`,
        "Rebuild the image, or leave the attestations out with --attestations drop."
      );
    });
    const doc = JSON.parse(bytes.toString("utf8"));
    const layers = doc.layers ?? [];
    const blobs = [doc.config, ...layers].map(blobDescriptor).filter((b) => !!b);
    const describes = typeof d.annotations?.[REFERENCE_DIGEST] === "string" ? d.annotations[REFERENCE_DIGEST] : void 0;
    const annotations = {};
    for (const [k, v] of Object.entries(d.annotations ?? {}))
      if (typeof v === "string") annotations[k] = v;
    attestations.push({
      digest,
      mediaType: typeof d.mediaType === "string" ? d.mediaType : OCI_MANIFEST,
      size: bytes.length,
      bytes,
      describes,
      platformOf: images.find((i) => i.digest === describes)?.key ?? "unknown",
      predicateTypes: [
        ...new Set(
          layers.map((l) => l.annotations?.[PREDICATE_TYPE]).filter((t) => typeof t === "string")
        )
      ],
      blobs,
      annotations
    });
  }
  return {
    images,
    attestations,
    blob: opened.blob,
    ...opened.platformSource && { platformSource: opened.platformSource }
  };
}
function registryReader(client) {
  return async (source) => {
    const ref = parseReference(source.slice("docker://".length));
    const repo = { domain: ref.domain, path: ref.path };
    const c = await client();
    const missing = (what) => new DigestpinError(
      "SOURCE_NOT_FOUND",
      `source ${source} not found: ${what}`,
      "Push the image to the source registry first, or fix the reference."
    );
    const top = await c.getManifest(ref);
    if (!top) throw missing("no such manifest");
    return {
      top: top.bytes,
      manifest: async (digest) => {
        const m = await c.getManifest({ ...repo, digest });
        if (!m) throw missing(`manifest ${digest}`);
        return m.bytes;
      },
      blob: (digest) => c.getBlob(repo, digest),
      platformSource: (digest) => `docker://${formatReference(repo)}@${digest}`
    };
  };
}
function dockerManifestList(images) {
  return Buffer.from(
    JSON.stringify(
      {
        schemaVersion: 2,
        mediaType: DOCKER_MANIFEST_LIST,
        manifests: images.map((i) => ({
          mediaType: DOCKER_MANIFEST,
          size: i.size,
          digest: i.digest,
          platform: i.platform
        }))
      },
      null,
      3
    )
  );
}
function attestationType(a) {
  return a.predicateTypes.length > 0 ? a.predicateTypes.join(", ") : a.annotations[REFERENCE_TYPE] ?? "attestation-manifest";
}
function plannedAttestations(attestations) {
  return attestations.map((a) => ({
    digest: a.digest,
    platform_of: a.platformOf,
    type: attestationType(a),
    pushed: false
  }));
}
function describeLeftOut(r) {
  const what = `attestation ${r.digest} (${r.type}, for ${r.platform_of})`;
  if (!r.pushed) return `left out of the v2s2 list and not pushed (--attestations drop): ${what}`;
  return r.subject ? `left out of the v2s2 list: ${what}; pushed by digest, attached to ${r.subject} (referrers tag ${r.referrers_tag})` : `left out of the v2s2 list: ${what}; pushed by digest (it names no image of the list)`;
}

export {
  describeConfigs,
  isSameImage,
  tagExistsError,
  checkSkopeo,
  writeAuthFile,
  tagState,
  relayedPush,
  normalizeSource,
  checkSource,
  sourceConfigDigests,
  sourcePlan,
  readBuildxSource,
  registryReader,
  dockerManifestList,
  attestationType,
  plannedAttestations,
  describeLeftOut
};
//# sourceMappingURL=chunk-OYHNRYO7.js.map
