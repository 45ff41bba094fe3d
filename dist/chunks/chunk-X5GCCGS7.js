import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  KeyedLimiter
} from "./chunk-256RKVCH.js";
import {
  exchange,
  headerRecord,
  indexEntries,
  mayFallBackToHttp,
  parseManifest,
  statusError
} from "./chunk-SHUUAOWG.js";
import {
  proxyFor
} from "./chunk-LDYPEOT2.js";
import {
  requestSettings
} from "./chunk-ANCL6P4L.js";
import {
  MANIFEST_MEDIA_TYPES
} from "./chunk-TSB7FB7W.js";
import {
  VERSION
} from "./chunk-QGWW4B2G.js";
import {
  authFilePaths,
  findCredentials
} from "./chunk-PQKOWIM7.js";
import {
  allowsInsecure,
  baseUrlFor,
  isLoopback,
  normalizeHost,
  splitHostPort
} from "./chunk-5CTG7JZF.js";
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

// src/registry/client.ts
import { createHash } from "node:crypto";

// src/registry/challenge.ts
function parseChallenges(header) {
  const out = [];
  let current;
  const token = /[\s,]*([A-Za-z0-9_.!#$%&'*+^`|~-]+)/y;
  const equals = /\s*=\s*/y;
  const quoted = /"((?:[^"\\]|\\.)*)"/y;
  const bare = /[^,\s]*/y;
  let i = 0;
  for (; ; ) {
    token.lastIndex = i;
    const t = token.exec(header);
    if (!t) break;
    i = token.lastIndex;
    equals.lastIndex = i;
    if (current && equals.exec(header)) {
      i = equals.lastIndex;
      const re = header[i] === '"' ? quoted : bare;
      re.lastIndex = i;
      const v = re.exec(header);
      i = re.lastIndex;
      const raw = v ? v[1] ?? v[0] : "";
      current.params[t[1].toLowerCase()] = raw.replace(/\\(.)/g, "$1");
    } else {
      current = { scheme: t[1].toLowerCase(), params: {} };
      out.push(current);
    }
  }
  return out;
}
function parseChallenge(header) {
  if (!header) return void 0;
  const found = parseChallenges(header).find((c) => c.scheme === "basic" || c.scheme === "bearer");
  return found;
}
function scopeFor(repository, actions) {
  return `repository:${repository}:${[...actions].sort().join(",")}`;
}
function basicHeader(creds) {
  if (!creds.username || creds.password === void 0) return void 0;
  return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}`;
}
var TokenCache = class {
  constructor(now = Date.now) {
    this.now = now;
  }
  now;
  tokens = /* @__PURE__ */ new Map();
  get(host, repository, actions) {
    const list = this.tokens.get(`${host}|${repository}`) ?? [];
    const t = this.now();
    const hit = list.find((c) => c.expiresAt > t && actions.every((a) => c.actions.has(a)));
    return hit?.token;
  }
  /** Forgets the tokens of a repository (the registry rejected one). */
  drop(host, repository) {
    this.tokens.delete(`${host}|${repository}`);
  }
  put(host, repository, actions, token, expiresInSec) {
    const key = `${host}|${repository}`;
    const t = this.now();
    const lifetime = Math.max(60, Number.isFinite(expiresInSec) ? expiresInSec : 60) * 900;
    const list = (this.tokens.get(key) ?? []).filter((c) => c.expiresAt > t);
    list.push({ token, expiresAt: t + lifetime, actions: new Set(actions) });
    this.tokens.set(key, list);
  }
};
function tokenRequest(challenge, scope, creds, userAgent) {
  const realm = challenge.params.realm;
  if (!realm) throw new Error("Bearer challenge without realm");
  const url = new URL(realm);
  const service = challenge.params.service;
  const headers = { "User-Agent": userAgent };
  if (creds?.identityToken) {
    const form = new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: creds.identityToken,
      client_id: "digestpin",
      scope
    });
    if (service) form.set("service", service);
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    return { url, init: { method: "POST", headers, body: form.toString() } };
  }
  if (service) url.searchParams.set("service", service);
  url.searchParams.set("scope", scope);
  const basic = creds ? basicHeader(creds) : void 0;
  if (basic) {
    headers.Authorization = basic;
    if (creds?.username) url.searchParams.set("account", creds.username);
  }
  return { url, init: { method: "GET", headers } };
}
function sendsSecretsInClear(req, registryBaseUrl) {
  const h = req.init.headers;
  const secret = h.Authorization !== void 0 || req.init.method === "POST";
  return secret && req.url.protocol === "http:" && !isLoopback(req.url.host) && registryBaseUrl.startsWith("https:");
}
function parseTokenBody(body) {
  let parsed;
  try {
    parsed = JSON.parse(body);
  } catch {
    return void 0;
  }
  if (!parsed || typeof parsed !== "object") return void 0;
  const o = parsed;
  const token = typeof o.token === "string" && o.token ? o.token : typeof o.access_token === "string" && o.access_token ? o.access_token : void 0;
  if (!token) return void 0;
  return { token, expiresIn: typeof o.expires_in === "number" ? o.expires_in : 60 };
}

// src/registry/http/pipeline.ts
import net from "node:net";
import tls from "node:tls";
var HEADER_END = "\r\n\r\n";
var MAX_HEADER_BYTES = 64 * 1024;
var LINE_BREAK = /[\r\n]/;
function parseAnswer(block) {
  const lines = block.split("\r\n");
  const status = /^HTTP\/1\.[01] ([1-5]\d\d)(?: |$)/.exec(lines[0]);
  if (!status) return void 0;
  const headers = /* @__PURE__ */ new Map();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) return void 0;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const before = headers.get(name);
    headers.set(name, before === void 0 ? value : `${before}, ${value}`);
  }
  return { status: Number(status[1]), headers };
}
function closesAfter(block, answer) {
  const connection = (answer.headers.get("connection") ?? "").toLowerCase();
  if (connection.split(",").some((t) => t.trim() === "close")) return true;
  return block.startsWith("HTTP/1.0") && !connection.includes("keep-alive");
}
function runConnection(url, requests, indexes, answers, opts) {
  const { hostname: name, port } = splitHostPort(url.host);
  const secure = url.protocol === "https:";
  const toPort = Number(port ?? (secure ? 443 : 80));
  return new Promise((resolve) => {
    const socket = secure ? tls.connect({
      host: name,
      port: toPort,
      servername: net.isIP(name) ? void 0 : name,
      ALPNProtocols: ["http/1.1"],
      rejectUnauthorized: !opts.unverifiedTls
    }) : net.connect({ host: name, port: toPort });
    let sent = 0;
    let received = 0;
    let buffered = "";
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      socket.destroy();
      resolve();
    };
    const write = () => {
      const upTo = Math.min(indexes.length, received + opts.depth);
      if (sent >= upTo) return;
      let text = "";
      for (; sent < upTo; sent++) {
        const r = requests[indexes[sent]];
        const lines = [`HEAD ${r.path} HTTP/1.1`, `Host: ${url.host}`, ...r.headers];
        text += `${lines.join("\r\n")}\r
\r
`;
      }
      socket.write(text, "latin1");
    };
    socket.setNoDelay(true);
    socket.setTimeout(opts.idleTimeoutMs, finish);
    socket.on("error", finish);
    socket.once("close", finish);
    socket.once(secure ? "secureConnect" : "connect", write);
    socket.setEncoding("latin1");
    socket.on("data", (chunk) => {
      buffered += chunk;
      for (; ; ) {
        const end = buffered.indexOf(HEADER_END);
        if (end < 0) {
          if (buffered.length > MAX_HEADER_BYTES) return finish();
          return write();
        }
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + HEADER_END.length);
        const answer = parseAnswer(block);
        if (!answer) return finish();
        if (answer.status < 200) continue;
        if (received >= sent) return finish();
        answers[indexes[received++]] = answer;
        if (received === indexes.length || closesAfter(block, answer)) return finish();
      }
    });
  });
}
async function pipelineHeads(baseUrl, requests, opts) {
  const answers = new Array(requests.length).fill(void 0);
  const safe = requests.every(
    (r) => !/\s/.test(r.path) && r.headers.every((h) => !LINE_BREAK.test(h))
  );
  if (!safe || requests.length === 0) return answers;
  const url = new URL(baseUrl);
  const n = Math.max(1, Math.min(opts.connections, requests.length));
  const shares = Array.from({ length: n }, () => []);
  requests.forEach((_, i) => shares[i % n].push(i));
  await Promise.all(shares.map((share) => runConnection(url, requests, share, answers, opts)));
  return answers;
}

// src/registry/client.ts
var ACCEPT = [...MANIFEST_MEDIA_TYPES, "*/*"].join(", ");
var USER_AGENT = `digestpin/${VERSION}`;
function isReplayable(body) {
  return body === void 0 || body === null || typeof body === "string" || body instanceof Uint8Array || body instanceof ArrayBuffer || body instanceof URLSearchParams || body instanceof Blob;
}
function digestOf(bytes, algorithm = "sha256") {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest("hex")}`;
}
var RegistryClient = class {
  constructor(opts) {
    this.opts = opts;
    const fromEnv = requestSettings(opts.env);
    this.transport = {
      timeoutMs: opts.timeoutMs ?? fromEnv.timeoutMs,
      retries: opts.retries ?? fromEnv.retries,
      retryBaseMs: opts.retryBaseMs ?? 250,
      retryAfterCapMs: opts.retryAfterCapMs ?? 1e4,
      logger: opts.logger,
      env: opts.env
    };
  }
  opts;
  transport;
  tokens = new TokenCache();
  challenges = /* @__PURE__ */ new Map();
  /** prepare()'s pings: each resolves to its error, or undefined. */
  preparing = /* @__PURE__ */ new Map();
  pinging = /* @__PURE__ */ new Map();
  creds = /* @__PURE__ */ new Map();
  /** Hosts whose ping found no TLS (allowed for --insecure and loopback): reached over http. */
  schemes = /* @__PURE__ */ new Map();
  /** `https://host`, or `http://host` once a host that allows it proved to have no TLS. */
  baseUrl(host) {
    return baseUrlFor(host, this.schemes.get(normalizeHost(host)) ?? "https");
  }
  /** The origin requests to `host` go to; a host that may lack TLS is pinged first to know. */
  async origin(host) {
    await this.ready(host, false);
    return this.baseUrl(host);
  }
  /** The host may be reached with an unverified certificate (--insecure, loopback). */
  unverified(host) {
    return allowsInsecure(host, Boolean(this.opts.insecure));
  }
  async headManifest(ref) {
    const ex = await this.manifestRequest(ref, "HEAD");
    if (ex.res.status === 404) return void 0;
    if (ex.res.ok) {
      const info = manifestInfoOf(ex.res.headers);
      const digestOk = info !== void 0 && /^sha256:[0-9a-f]{64}$/.test(info.digest) && (!ref.digest || ref.digest === info.digest);
      if (digestOk) return info;
    } else if (ex.res.status !== 405) {
      throw this.failure(ex, ref, "HEAD");
    }
    const got = await this.getManifest(ref);
    return got && { digest: got.digest, mediaType: got.mediaType, size: got.size };
  }
  /**
   * Confirms, with pipelined HEADs (http/pipeline.ts), that the registry has each digest-pinned
   * manifest. An entry is set only when the answer was a 200 naming that very digest with a
   * manifest media type and a size; undefined means "not confirmed", and the caller asks that one
   * with headManifest, which follows redirects, retries and classifies errors. All refs are on
   * one host; its auth challenge should be known (one headManifest to the host first), or every
   * answer is a 401 and nothing is confirmed. A digest named by two repositories is not
   * pipelined: each confirmation must match exactly one request.
   */
  async confirmManifests(refs, connections) {
    const out = new Array(refs.length).fill(void 0);
    if (refs.length === 0) return out;
    const host = refs[0].domain;
    if (proxyFor(this.baseUrl(host), this.opts.env)) return out;
    if (!await this.ready(host, false).then(
      () => true,
      () => false
    ))
      return out;
    const uses = /* @__PURE__ */ new Map();
    for (const r of refs) if (r.digest) uses.set(r.digest, (uses.get(r.digest) ?? 0) + 1);
    const eligible = refs.map((_, i) => i).filter((i) => {
      const r = refs[i];
      return r.domain === host && r.digest?.startsWith("sha256:") && uses.get(r.digest) === 1;
    });
    const auth = /* @__PURE__ */ new Map();
    const limiter = new KeyedLimiter(Math.max(1, connections));
    await Promise.all(
      [...new Set(eligible.map((i) => refs[i].path))].map(
        (repository) => limiter.run(host, async () => {
          try {
            auth.set(repository, (await this.authorization(host, repository, ["pull"])).header);
          } catch {
            auth.set(repository, null);
          }
        })
      )
    );
    const sent = eligible.filter((i) => auth.get(refs[i].path) !== null);
    const requests = sent.map((i) => {
      const r = refs[i];
      const header = auth.get(r.path);
      const headers = [`User-Agent: ${USER_AGENT}`, `Accept: ${ACCEPT}`];
      if (header) headers.push(`Authorization: ${header}`);
      return { path: `/v2/${r.path}/manifests/${r.digest}`, headers };
    });
    const answers = await pipelineHeads(this.baseUrl(host), requests, {
      connections,
      depth: PIPELINE_DEPTH,
      idleTimeoutMs: Math.min(this.transport.timeoutMs, PIPELINE_IDLE_CAP_MS),
      unverifiedTls: this.unverified(host)
    });
    sent.forEach((i, k) => out[i] = confirmed(answers[k], refs[i].digest));
    const count = out.filter(Boolean).length;
    this.opts.logger.debug(
      `${host}: ${count} of ${refs.length} manifests confirmed by pipelined HEADs; the other ${refs.length - count} are asked one by one`
    );
    return out;
  }
  /**
   * What a reference points to now, the digest taken from the bytes: a tag's manifest is read
   * (GET, all four media types) and hashed, never taken from its Docker-Content-Digest header,
   * which a registry can get wrong or fake. A digest reference is confirmed with headManifest.
   */
  async resolveManifest(ref) {
    if (ref.digest) return this.headManifest(ref);
    const got = await this.getManifest(ref);
    return got && { digest: got.digest, mediaType: got.mediaType, size: got.size };
  }
  async getManifest(ref) {
    const ex = await this.manifestRequest(ref, "GET");
    if (ex.res.status === 404) return void 0;
    if (!ex.res.ok) throw this.failure(ex, ref, "GET");
    const bytes = ex.body ?? Buffer.alloc(0);
    const algorithm = ref.digest?.startsWith("sha512:") ? "sha512" : "sha256";
    const digest = digestOf(bytes, algorithm);
    if (ref.digest && ref.digest !== digest)
      throw new DigestpinError(
        "REGISTRY_ERROR",
        `${ref.domain}/${ref.path}: the registry served a manifest for ${ref.digest} whose bytes hash to ${digest}`,
        "The registry or a proxy altered the manifest; check for a caching proxy in between."
      );
    const header = (ex.res.headers.get("content-type") ?? "").split(";")[0].trim();
    const mediaType = MANIFEST_MEDIA_TYPES.includes(header) ? header : parseManifest(bytes).mediaType ?? header;
    return { digest, mediaType, size: bytes.length, bytes };
  }
  async getBlob(repository, digest) {
    const ex = await this.send(
      repository.domain,
      repository.path,
      ["pull"],
      `/v2/${repository.path}/blobs/${digest}`,
      { method: "GET" },
      true,
      "blob"
    );
    if (!ex.res.ok) throw this.failureFor(ex, repository, `blob ${digest}`);
    const body = ex.body ?? Buffer.alloc(0);
    const algorithm = digest.split(":")[0];
    if (digestOf(body, algorithm) !== digest)
      throw new DigestpinError(
        "REGISTRY_ERROR",
        `${repository.domain}/${repository.path}: blob ${digest} arrived with other content`,
        "The download was corrupted or altered; re-run."
      );
    return body;
  }
  /** platform (`linux/amd64`, `''` for a single manifest) → config digest; undefined if absent. */
  async configDigests(ref) {
    const top = await this.getManifest(ref);
    if (!top) return void 0;
    const doc = parseManifest(top.bytes);
    const what = `${ref.domain}/${ref.path}@${top.digest}`;
    if (!doc.manifests) return /* @__PURE__ */ new Map([["", configOf(doc.configDigest, what)]]);
    const entries = indexEntries(doc.manifests);
    const pairs = await Promise.all(
      entries.map(async (e) => {
        const child = await this.getManifest({ ...ref, tag: void 0, digest: e.digest });
        if (!child)
          throw new DigestpinError(
            "REGISTRY_ERROR",
            `${what} lists ${e.digest} (${e.platform}) but the registry does not have it`,
            "The index is incomplete on the registry; push the image again with --all."
          );
        return [e.platform, configOf(parseManifest(child.bytes).configDigest, e.digest)];
      })
    );
    return new Map(pairs);
  }
  /**
   * The `Authorization` header value for a request the caller streams itself (the push relay's
   * blob uploads, which cannot be replayed after a 401); pings the host first if needed.
   */
  async authorizationHeader(host, repository, actions) {
    await this.ready(host, true);
    return (await this.authorization(host, repository, actions)).header;
  }
  /** An authenticated request to a path (`/v2/…`) or an absolute URL of the registry. */
  async fetch(host, repository, actions, path, init) {
    return (await this.send(host, repository, actions, path, init, false)).res;
  }
  manifestRequest(ref, method) {
    const reference = ref.digest ?? ref.tag ?? "latest";
    return this.send(
      ref.domain,
      ref.path,
      ["pull"],
      `/v2/${ref.path}/manifests/${reference}`,
      { method, headers: { Accept: ACCEPT } },
      method === "GET",
      "manifest"
    );
  }
  failure(ex, ref, method) {
    const name = ref.digest ? `@${ref.digest}` : `:${ref.tag ?? "latest"}`;
    return this.failureFor(ex, ref, `manifest ${ref.path}${name} (${method})`);
  }
  failureFor(ex, ref, what) {
    return statusError(ex.res.status, ex.body, {
      host: ref.domain,
      repository: ref.path,
      what,
      attempts: ex.attempts,
      retryAfterMs: ex.retryAfterMs,
      credentialsSource: ex.credentialsSource,
      searched: this.searchedFiles()
    });
  }
  /** The credential files looked in, for the "no credentials" message. */
  searchedFiles() {
    return authFilePaths({ authfile: this.opts.authfile, env: this.opts.env });
  }
  credentialsFor(host, repository) {
    const key = `${normalizeHost(host)}|${repository}`;
    let found = this.creds.get(key);
    if (!found) {
      const { authfile, env, logger, credentials: override } = this.opts;
      const fromFiles = () => findCredentials(host, { authfile, env, repository, logger });
      found = (async () => {
        const explicit = authfile ? await fromFiles() : void 0;
        if (explicit) return explicit;
        const given = override ? await override(host) : void 0;
        if (given) return given;
        return authfile ? void 0 : fromFiles();
      })();
      this.creds.set(key, found);
    }
    return found;
  }
  async authorization(host, repository, actions) {
    const challenge = this.challenges.get(normalizeHost(host));
    if (!challenge) return {};
    const creds = await this.credentialsFor(host, repository);
    const source = creds?.source ?? (creds ? "the configured credentials" : void 0);
    if (challenge.scheme === "basic") return { header: creds && basicHeader(creds), source };
    if (creds?.registryToken) return { header: `Bearer ${creds.registryToken}`, source };
    const key = normalizeHost(host);
    let token = this.tokens.get(key, repository, actions);
    if (!token) {
      const fresh = await this.fetchToken(challenge, host, repository, actions, creds);
      this.tokens.put(key, repository, actions, fresh.token, fresh.expiresIn);
      token = fresh.token;
    }
    return { header: `Bearer ${token}`, source };
  }
  async fetchToken(challenge, host, repository, actions, creds) {
    const scope = scopeFor(repository, actions);
    let req;
    try {
      req = tokenRequest(challenge, scope, creds, USER_AGENT);
    } catch {
      throw new DigestpinError(
        "REGISTRY_ERROR",
        `${host}: the Bearer challenge names no valid token realm`,
        'The registry is misconfigured (WWW-Authenticate needs realm="https://\u2026").'
      );
    }
    if (sendsSecretsInClear(req, this.baseUrl(host)))
      throw new DigestpinError(
        "UNAUTHORIZED",
        `${host}: its token service ${req.url.origin} is plain HTTP; digestpin does not send credentials there in clear text`,
        `Serve the registry's token realm over HTTPS (WWW-Authenticate realm="https://\u2026"), or pull anonymously.`
      );
    const ex = await exchange(req.url.href, req.init, this.transport, {
      replayable: true,
      readBody: true,
      host: req.url.host,
      unverifiedTls: this.unverified(req.url.host),
      kind: "token"
    });
    const what = `a token for ${scope} from ${req.url.origin}${req.url.pathname}`;
    if (!ex.res.ok)
      throw statusError(ex.res.status, ex.body, {
        host,
        repository,
        what,
        attempts: ex.attempts,
        retryAfterMs: ex.retryAfterMs,
        credentialsSource: creds ? creds.source ?? "the configured credentials" : void 0,
        searched: this.searchedFiles()
      });
    const parsed = parseTokenBody((ex.body ?? Buffer.alloc(0)).toString("utf8"));
    if (!parsed)
      throw new DigestpinError(
        "REGISTRY_ERROR",
        `${host}: the token endpoint answered without a token (${what})`,
        "The registry auth service is misbehaving; re-run later."
      );
    return parsed;
  }
  /**
   * Pings `host` in the background (learns its auth challenge, opens a kept-alive connection)
   * while the caller still has other work; requests to it wait for that answer. When the ping
   * failed (after its own retries), the next request fails with that error at once instead of
   * waiting through the same timeouts again; the requests after it try afresh.
   */
  prepare(host) {
    const key = normalizeHost(host);
    if (this.challenges.has(key) || this.preparing.has(key)) return;
    this.preparing.set(
      key,
      this.ping(host).then(
        () => void 0,
        (err) => err
      )
    );
  }
  /**
   * Waits for a ping prepare() sent (the first caller gets its failure), then pings the host when
   * `needChallenge` and its challenge is still unknown.
   */
  async ready(host, needChallenge) {
    const key = normalizeHost(host);
    const pinged = this.preparing.get(key);
    if (pinged) {
      const failed = await pinged;
      if (failed !== void 0 && this.preparing.delete(key))
        throw failed instanceof Error ? failed : new Error(`${host}: the registry ping failed`);
    }
    const probe = this.unverified(host) && !this.schemes.has(key);
    if (needChallenge && !this.challenges.has(key) || probe) await this.ping(host);
  }
  /** GET /v2/: learns the host's auth challenge. One at a time per host: callers share it. */
  ping(host) {
    const key = normalizeHost(host);
    let running = this.pinging.get(key);
    if (!running) {
      running = this.pingOnce(host).finally(() => this.pinging.delete(key));
      this.pinging.set(key, running);
    }
    return running;
  }
  /**
   * HTTPS first, for every host. A host that allows it (--insecure, loopback) is asked again over
   * plain HTTP when the HTTPS attempt reached a server that does not speak TLS (containers/image's
   * ping does the same with TLS verification off); the answer fixes the scheme for the run.
   */
  async pingOnce(host) {
    const key = normalizeHost(host);
    const unverifiedTls = this.unverified(host);
    const get = (scheme2) => exchange(
      `${baseUrlFor(host, scheme2)}/v2/`,
      { method: "GET", headers: { "User-Agent": USER_AGENT } },
      this.transport,
      { replayable: true, readBody: true, host, unverifiedTls }
    );
    let scheme = this.schemes.get(key) ?? "https";
    let ex;
    try {
      ex = await get(scheme);
    } catch (err) {
      if (scheme === "http" || !unverifiedTls || !mayFallBackToHttp(err)) throw err;
      this.opts.logger.debug(
        `${host}: no TLS there (${err.message}); plain HTTP, as --insecure or a loopback host allows`
      );
      scheme = "http";
      ex = await get(scheme);
    }
    this.schemes.set(key, scheme);
    const challenge = ex.res.status === 401 ? parseChallenge(ex.res.headers.get("www-authenticate")) : void 0;
    this.challenges.set(key, challenge ?? null);
  }
  /** Sends with the auth the host asked for; learns it from a 401 and sends once more. */
  async send(host, repository, actions, pathOrUrl, init, readBody, kind = "error") {
    const replayable = isReplayable(init.body);
    const key = normalizeHost(host);
    await this.ready(host, !replayable);
    const url = pathOrUrl.startsWith("/") ? `${this.baseUrl(host)}${pathOrUrl}` : pathOrUrl;
    for (let round = 0; ; round++) {
      const auth = await this.authorization(host, repository, actions);
      const headers = headerRecord(init.headers);
      headers["user-agent"] = USER_AGENT;
      if (auth.header) headers.authorization = auth.header;
      const ex = await exchange(url, { ...init, headers }, this.transport, {
        replayable,
        readBody,
        host,
        unverifiedTls: this.unverified(host),
        kind
      });
      const result = { ...ex, credentialsSource: auth.source };
      if (ex.res.status !== 401 || round > 0 || !replayable) return result;
      const challenge = parseChallenge(ex.res.headers.get("www-authenticate"));
      if (!challenge) return result;
      const previous = this.challenges.get(key);
      this.challenges.set(key, challenge);
      if (challenge.scheme === "basic") {
        const creds = await this.credentialsFor(host, repository);
        if (!creds || !basicHeader(creds) || previous?.scheme === "basic" && auth.header)
          return result;
      } else {
        this.tokens.drop(key, repository);
      }
      if (!readBody) await ex.res.body?.cancel().catch(() => void 0);
    }
  }
};
var PIPELINE_DEPTH = 32;
var PIPELINE_IDLE_CAP_MS = 5e3;
function manifestInfoOf(headers) {
  const digest = headers.get("docker-content-digest") ?? "";
  const mediaType = (headers.get("content-type") ?? "").split(";")[0].trim();
  const size = Number(headers.get("content-length") ?? NaN);
  if (!MANIFEST_MEDIA_TYPES.includes(mediaType) || !Number.isInteger(size) || size < 0)
    return void 0;
  return { digest, mediaType, size };
}
function confirmed(answer, digest) {
  if (!answer || answer.status !== 200 || !digest) return void 0;
  const info = manifestInfoOf(answer.headers);
  return info?.digest === digest ? info : void 0;
}
function configOf(digest, what) {
  if (digest) return digest;
  throw new DigestpinError(
    "REGISTRY_ERROR",
    `${what} has no config (a Docker schema 1 manifest?)`,
    "Push the image again in v2s2 or OCI format."
  );
}

export {
  digestOf,
  RegistryClient
};
//# sourceMappingURL=chunk-X5GCCGS7.js.map
