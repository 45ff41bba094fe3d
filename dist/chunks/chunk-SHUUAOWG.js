import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  proxyFor
} from "./chunk-LDYPEOT2.js";
import {
  cjsNamespace
} from "./chunk-KK367FDL.js";
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

// src/registry/http/keepalive.ts
import http from "node:http";
import https from "node:https";
var BodyTooLarge = class extends Error {
  constructor(limit) {
    super(`the answer's body is longer than ${limit} bytes`);
    this.limit = limit;
  }
  limit;
  code = "EBODYTOOLARGE";
};
async function readCapped(res, limit) {
  if (Number(res.headers.get("content-length") ?? 0) > limit) {
    await res.body?.cancel().catch(() => void 0);
    throw new BodyTooLarge(limit);
  }
  const reader = res.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks = [];
  let read = 0;
  for (; ; ) {
    const next = await reader.read();
    if (next.done || !next.value) break;
    const value = next.value;
    read += value.length;
    if (read > limit) {
      await reader.cancel().catch(() => void 0);
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
var agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 3e4 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 64, timeout: 3e4 }),
  /** --insecure and loopback hosts: TLS without certificate verification. */
  unverified: new https.Agent({
    keepAlive: true,
    maxSockets: 64,
    timeout: 3e4,
    rejectUnauthorized: false
  })
};
function headerRecord(init) {
  const out = {};
  if (!init) return out;
  const add = (name, value) => {
    const key = name.toLowerCase();
    out[key] = key in out ? `${out[key]}, ${value}` : value;
  };
  if (Array.isArray(init)) for (const [name, value] of init) add(name, value);
  else if (typeof init.forEach === "function")
    init.forEach((value, name) => add(name, value));
  else
    for (const [name, value] of Object.entries(init))
      for (const v of Array.isArray(value) ? value : [value]) add(name, String(v));
  return out;
}
var HeadHeaders = class {
  constructor(raw) {
    this.raw = raw;
  }
  raw;
  get(name) {
    const v = this.raw[name.toLowerCase()];
    if (v === void 0) return null;
    return Array.isArray(v) ? v.join(", ") : v;
  }
  has(name) {
    return this.raw[name.toLowerCase()] !== void 0;
  }
  getSetCookie() {
    return this.raw["set-cookie"] ?? [];
  }
  forEach(fn) {
    for (const name of Object.keys(this.raw).sort()) {
      const v = this.raw[name];
      if (v === void 0) continue;
      if (name === "set-cookie" && Array.isArray(v)) for (const c of v) fn(c, name);
      else fn(Array.isArray(v) ? v.join(", ") : v, name);
    }
  }
};
var HeadResponse = class {
  constructor(status, statusText2, raw, chunks = [], replayBody = false) {
    this.status = status;
    this.statusText = statusText2;
    this.chunks = chunks;
    this.replayBody = replayBody;
    this.headers = new HeadHeaders(raw);
  }
  status;
  statusText;
  chunks;
  replayBody;
  headers;
  stream;
  get body() {
    if (this.stream !== void 0) return this.stream;
    const bytes = Buffer.concat(this.chunks);
    this.stream = this.replayBody && bytes.length > 0 ? new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint8Array(bytes));
        controller.close();
      }
    }) : null;
    return this.stream;
  }
  get ok() {
    return this.status >= 200 && this.status <= 299;
  }
  arrayBuffer() {
    const bytes = Buffer.concat(this.chunks);
    const copy = new ArrayBuffer(bytes.length);
    new Uint8Array(copy).set(bytes);
    return Promise.resolve(copy);
  }
};
function keepAliveRequest(url, method, headers, signal, body, more = {}) {
  const unverifiedTls = Boolean(more.unverifiedTls);
  const target = new URL(url);
  const secure = target.protocol === "https:";
  const proto = secure ? https : http;
  const agent = secure ? agents[unverifiedTls ? "unverified" : "https:"] : agents["http:"];
  return new Promise((resolve, reject) => {
    const req = proto.request(
      target,
      { method, agent, signal, headers: headerRecord(headers) },
      (res) => {
        const status = res.statusCode ?? 0;
        const encoded = (res.headers["content-encoding"] ?? "identity") !== "identity";
        const chunks = [];
        const limit = more.maxBytes?.(status) ?? Infinity;
        let read = 0;
        const tooLarge = () => {
          req.destroy();
          reject(new BodyTooLarge(limit));
        };
        if (Number(res.headers["content-length"] ?? 0) > limit) return tooLarge();
        if (method !== "HEAD" && !encoded)
          res.on("data", (c) => {
            read += c.length;
            if (read > limit) tooLarge();
            else chunks.push(c);
          });
        else res.resume();
        const done = () => resolve(
          status < 200 || status >= 300 && status < 400 || status > 599 || encoded ? void 0 : {
            res: new HeadResponse(
              status,
              res.statusMessage ?? "",
              res.headers,
              chunks,
              method === "PUT"
            ),
            body: Buffer.concat(chunks)
          }
        );
        if (res.complete) done();
        else res.once("end", done);
        res.once("error", reject);
      }
    );
    req.once("error", reject);
    req.end(body);
  });
}

// src/registry/http/dispatcher.ts
var loading;
var dispatchers = /* @__PURE__ */ new Map();
function undici() {
  loading ??= import("./undici-WZJPHJNJ.js").then((m) => cjsNamespace(m, "fetch", "undici"));
  return loading;
}
async function dispatcherFor(o) {
  const key = `${o.unverifiedTls}|${o.proxy ?? ""}`;
  const known = dispatchers.get(key);
  if (known) return known;
  const { Agent, ProxyAgent } = await undici();
  const tls = { rejectUnauthorized: !o.unverifiedTls };
  const made = o.proxy ? (
    // plain-HTTP targets as absolute-form requests to the proxy (as Go does), https tunnelled
    new ProxyAgent({ uri: o.proxy, requestTls: tls, proxyTunnel: false })
  ) : new Agent({ connect: tls });
  dispatchers.set(key, made);
  return made;
}
async function routedFetch(url, init, o) {
  const [{ fetch: fetch2 }, dispatcher] = await Promise.all([undici(), dispatcherFor(o)]);
  return await fetch2(url, { ...init, dispatcher });
}

// src/registry/http/transport.ts
var RETRY_STATUS = /* @__PURE__ */ new Set([408, 429, 500, 502, 503, 504]);
var RESET_CODES = /* @__PURE__ */ new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "ECONNABORTED"]);
var AttemptTimeout = class extends Error {
};
function errorCode(err, depth = 0) {
  if (!err || typeof err !== "object" || depth > 5) return void 0;
  const e = err;
  if (typeof e.code === "string") return e.code;
  const fromCause = errorCode(e.cause, depth + 1);
  if (fromCause) return fromCause;
  if (Array.isArray(e.errors))
    for (const x of e.errors) {
      const c = errorCode(x, depth + 1);
      if (c) return c;
    }
  return void 0;
}
function networkError(err, host, timeoutMs) {
  if (err instanceof AttemptTimeout)
    return new DigestpinError(
      "TIMEOUT",
      `${host}: no response within ${timeoutMs} ms (timeout)`,
      "The registry or the network is slow or stalled; re-run, or raise DIGESTPIN_TIMEOUT_MS."
    );
  const code = errorCode(err) ?? "unknown";
  const detail = err instanceof Error ? errorMessage(err) ?? err.message : String(err);
  const make = (why, hint) => new DigestpinError("UNREACHABLE", `${host}: ${why} (${code})`, hint, { cause: err });
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME")
    return make(
      "DNS lookup failed: the host name does not resolve",
      "Check the registry host name for typos and that this machine can resolve it (DNS, VPN, proxy)."
    );
  if (code === "ECONNREFUSED")
    return make(
      "connection refused: nothing listens on that address and port",
      "Check that the registry is running and the port is right."
    );
  if (code === "EPROTO" || /wrong version number|packet length too long/i.test(detail))
    return make(
      "TLS handshake failed: the server does not speak TLS on this port",
      "If the registry serves plain HTTP, pass --insecure."
    );
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)/.test(code))
    return make(
      `TLS certificate error: ${detail}`,
      "The registry certificate is not trusted here: add its CA with NODE_EXTRA_CA_CERTS=ca.pem, or fix the certificate."
    );
  if (code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT")
    return new DigestpinError(
      "TIMEOUT",
      `${host}: connecting timed out (${code})`,
      "A firewall may drop the traffic; check the host, the port and the network path.",
      { cause: err }
    );
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH")
    return make("no route to the host", "Check the network path to the registry (VPN, firewall).");
  if (RESET_CODES.has(code))
    return make(
      "the connection was reset repeatedly",
      "The registry or a proxy drops connections; re-run, and check proxies and load balancers."
    );
  return make(`request failed: ${detail}`, "Check the registry address and the network.");
}
var NO_SERVER = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "EHOSTUNREACH",
  "ENETUNREACH"
]);
function mayFallBackToHttp(err) {
  if (!(err instanceof DigestpinError) || err.code !== "UNREACHABLE") return false;
  const code = errorCode(err.cause);
  return code === void 0 || !NO_SERVER.has(code);
}
function bodyTooLarge(host, kind, err) {
  return new DigestpinError(
    "REGISTRY_ERROR",
    `${host}: the answer to a ${kind} request is longer than ${sizeText(err.limit)}; stopped reading it`,
    `A manifest is at most ${sizeText(BODY_LIMITS.manifest)} (the distribution registry's own limit), a token or an error answer far less: ${host} sends an oversized or endless body. Check that the image reference names the registry you mean.`,
    { cause: err }
  );
}
function throughProxy(err, proxy) {
  if (!proxy) return err;
  const via = new URL(proxy).host;
  return new DigestpinError(
    err.code,
    `${err.message}, through the proxy ${via}`,
    `${err.hint} The request went through the proxy ${via} (HTTPS_PROXY/HTTP_PROXY); check that it runs and lets the registry through, or exempt the host with NO_PROXY.`,
    { cause: err.cause }
  );
}
function errorMessage(err) {
  const c = err.cause;
  return c instanceof Error ? c.message : void 0;
}
function retryAfterMs(value, now = Date.now()) {
  if (!value) return void 0;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1e3;
  const at = Date.parse(v);
  return Number.isNaN(at) ? void 0 : Math.max(0, at - now);
}
function backoffMs(n, base, random) {
  return Math.min(base * 2 ** n, 8e3) * (0.5 + random() / 2);
}
var BODY_LIMITS = {
  manifest: 4 * 1024 * 1024,
  blob: 16 * 1024 * 1024,
  token: 256 * 1024,
  ping: 64 * 1024,
  error: 64 * 1024
};
function bodyLimit(kind, status) {
  return status >= 200 && status <= 299 ? BODY_LIMITS[kind] : BODY_LIMITS.error;
}
function sizeText(bytes) {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;
}
async function attempt(url, init, timeoutMs, readBody, route) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(new AttemptTimeout()), timeoutMs);
  const signal = init.signal ? AbortSignal.any([ctrl.signal, init.signal]) : ctrl.signal;
  try {
    const method = init.method ?? "GET";
    const unverified = Boolean(route.unverifiedTls) && url.startsWith("https:");
    const headers = headerRecord(init.headers);
    const kind = route.kind ?? "ping";
    const maxBytes = (status) => bodyLimit(kind, status);
    if (route.proxy) {
      const res2 = await routedFetch(
        url,
        { ...init, signal },
        { unverifiedTls: unverified, proxy: route.proxy }
      );
      return readBody ? { res: res2, body: await readCapped(res2, maxBytes(res2.status)) } : { res: res2 };
    }
    const light = method === "HEAD" || method === "GET" && readBody && init.body == null ? await keepAliveRequest(url, method, headers, signal, void 0, {
      unverifiedTls: unverified,
      maxBytes
    }) : method === "PUT" && init.body instanceof Uint8Array ? await keepAliveRequest(url, method, headers, signal, init.body, {
      unverifiedTls: unverified,
      maxBytes
    }) : void 0;
    if (light) return readBody ? light : { res: light.res };
    const res = unverified ? await routedFetch(url, { ...init, signal }, { unverifiedTls: true }) : await fetch(url, { ...init, signal });
    if (!readBody) return { res };
    return { res, body: await readCapped(res, maxBytes(res.status)) };
  } catch (err) {
    if (ctrl.signal.aborted) throw new AttemptTimeout("timeout");
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
async function exchange(url, init, o, flags) {
  const sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const random = o.random ?? Math.random;
  const method = init.method ?? "GET";
  const route = { ...flags, proxy: o.env ? proxyFor(url, o.env) : void 0 };
  for (let n = 0; ; n++) {
    const canRetry = flags.replayable && n < o.retries;
    const started = Date.now();
    let r;
    try {
      r = await attempt(url, init, o.timeoutMs, flags.readBody, route);
    } catch (err) {
      if (err instanceof BodyTooLarge) throw bodyTooLarge(flags.host, route.kind ?? "ping", err);
      const code = errorCode(err);
      if (canRetry && code && RESET_CODES.has(code)) {
        const wait2 = backoffMs(n, o.retryBaseMs, random);
        o.logger.debug(
          `${method} ${url}: ${code}; retry ${n + 1}/${o.retries} in ${Math.round(wait2)} ms`
        );
        await sleep(wait2);
        continue;
      }
      throw throughProxy(networkError(err, flags.host, o.timeoutMs), route.proxy);
    }
    const { status } = r.res;
    o.logger.debug(`${method} ${url} \u2192 ${status} (${Date.now() - started} ms)`);
    if (!RETRY_STATUS.has(status) || !canRetry) return { ...r, attempts: n + 1 };
    const asked = retryAfterMs(r.res.headers.get("retry-after"));
    if (asked !== void 0 && asked > o.retryAfterCapMs)
      return { ...r, attempts: n + 1, retryAfterMs: asked };
    if (!flags.readBody) await r.res.body?.cancel().catch(() => void 0);
    const wait = Math.max(asked ?? 0, backoffMs(n, o.retryBaseMs, random));
    o.logger.debug(
      `${status} from ${flags.host}; retry ${n + 1}/${o.retries} in ${Math.round(wait)} ms`
    );
    await sleep(wait);
  }
}

// src/registry/manifest.ts
var ATTESTATION = "vnd.docker.reference.type";
function parseManifest(bytes) {
  let doc;
  try {
    doc = JSON.parse(bytes.toString("utf8"));
  } catch {
    return {};
  }
  if (!doc || typeof doc !== "object") return {};
  const o = doc;
  const config = o.config;
  return {
    mediaType: typeof o.mediaType === "string" ? o.mediaType : void 0,
    configDigest: config && typeof config === "object" && typeof config.digest === "string" ? config.digest : void 0,
    manifests: Array.isArray(o.manifests) ? o.manifests : void 0
  };
}
function indexEntries(manifests) {
  const out = [];
  const seen = /* @__PURE__ */ new Map();
  for (const m of manifests) {
    if (!m || typeof m !== "object") continue;
    const e = m;
    if (typeof e.digest !== "string") continue;
    const annotations = e.annotations ?? {};
    if (annotations[ATTESTATION] === "attestation-manifest") continue;
    const p = e.platform ?? {};
    const os = typeof p.os === "string" ? p.os : "unknown";
    const arch = typeof p.architecture === "string" ? p.architecture : "unknown";
    if (os === "unknown" && arch === "unknown") continue;
    let platform = `${os}/${arch}${typeof p.variant === "string" && p.variant ? `/${p.variant}` : ""}`;
    const n = (seen.get(platform) ?? 0) + 1;
    seen.set(platform, n);
    if (n > 1) platform = `${platform}#${n}`;
    out.push({ digest: e.digest, platform });
  }
  return out;
}

// src/registry/failures.ts
function registryError(body) {
  if (!body || body.length === 0 || body.length > 65536) return void 0;
  try {
    const parsed = JSON.parse(body.toString("utf8"));
    const first = Array.isArray(parsed.errors) ? parsed.errors[0] : void 0;
    if (!first || typeof first !== "object") return void 0;
    const e = first;
    return {
      code: typeof e.code === "string" ? e.code : "UNKNOWN",
      message: typeof e.message === "string" ? e.message : ""
    };
  } catch {
    return void 0;
  }
}
function statusText(status) {
  const names = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout"
  };
  return names[status] ?? "unexpected status";
}
function statusError(status, body, c) {
  const reg = registryError(body);
  const said = reg ? `: ${reg.code}${reg.message ? ` ${reg.message}` : ""}` : "";
  const where = `${c.host}/${c.repository}`;
  const head = `${where}: HTTP ${status} ${statusText(status)} reading ${c.what}${said}`;
  const tries = c.attempts > 1 ? ` (after ${c.attempts} attempts)` : "";
  if (status === 401)
    return new DigestpinError(
      "UNAUTHORIZED",
      `${head}${c.credentialsSource ? ` \u2014 credentials from ${c.credentialsSource} were rejected` : ` \u2014 no credentials were found for this host${c.searched?.length ? ` (looked in ${c.searched.join(", ")})` : ""}`}`,
      c.credentialsSource ? `Log in again (skopeo login ${c.host}) or pass a valid --authfile; check the user and password or token.` : `Log in first (skopeo login ${c.host} or docker login ${c.host}), or pass --authfile FILE. Some registries also answer 401 for a repository that does not exist.`
    );
  if (status === 403)
    return new DigestpinError(
      "DENIED",
      head,
      `The credentials were accepted but may not access ${c.repository}; grant pull (and push) on it, or use other credentials.`
    );
  if (status === 404) {
    const nameUnknown = reg?.code === "NAME_UNKNOWN";
    return new DigestpinError(
      nameUnknown ? "REPOSITORY_NOT_FOUND" : "MANIFEST_UNKNOWN",
      head,
      nameUnknown ? `The repository ${where} does not exist; check the name or create it (push creates it on most registries).` : `Nothing is stored under ${c.what}; check the tag or digest, or push the image first.`
    );
  }
  if (status === 429) {
    const wait = c.retryAfterMs !== void 0 ? `; the registry asks to wait ${Math.ceil(c.retryAfterMs / 1e3)} s` : "";
    return new DigestpinError(
      "RATE_LIMITED",
      `${head}${tries}${wait}`,
      "The registry is rate-limiting this client: wait and re-run; authenticated clients usually get a higher limit."
    );
  }
  return new DigestpinError(
    "REGISTRY_ERROR",
    `${head}${tries}`,
    status >= 500 ? "The registry is failing; re-run later or check its status page and logs." : "The registry refused the request; check the reference (tag characters, repository name)."
  );
}

export {
  headerRecord,
  errorCode,
  networkError,
  mayFallBackToHttp,
  retryAfterMs,
  backoffMs,
  exchange,
  parseManifest,
  indexEntries,
  registryError,
  statusError
};
//# sourceMappingURL=chunk-SHUUAOWG.js.map
