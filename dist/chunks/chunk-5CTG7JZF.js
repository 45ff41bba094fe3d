import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);

// src/registry/http/hosts.ts
var DOCKER_HUB_API_HOST = "registry-1.docker.io";
var DOCKER_HUB_AUTH_KEY = "https://index.docker.io/v1/";
var HUB_ALIASES = /* @__PURE__ */ new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);
function splitHostPort(host) {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(host);
  if (bracketed) return { hostname: bracketed[1], port: bracketed[2] };
  const i = host.lastIndexOf(":");
  if (i > 0 && host.indexOf(":") === i && /^\d+$/.test(host.slice(i + 1)))
    return { hostname: host.slice(0, i), port: host.slice(i + 1) };
  return { hostname: host };
}
function isLoopback(host) {
  const name = splitHostPort(host).hostname.toLowerCase();
  if (name === "localhost" || name.endsWith(".localhost") || name === "::1") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
function apiHost(host) {
  return HUB_ALIASES.has(host.toLowerCase()) ? DOCKER_HUB_API_HOST : host;
}
function allowsInsecure(host, insecure) {
  return insecure || isLoopback(apiHost(host));
}
function baseUrlFor(host, scheme = "https") {
  return `${scheme}://${apiHost(host)}`;
}
function normalizeAuthKey(key) {
  let rest = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  rest = rest.replace(/\/+$/, "");
  const slash = rest.indexOf("/");
  let host = slash < 0 ? rest : rest.slice(0, slash);
  let path = slash < 0 ? "" : rest.slice(slash + 1);
  if (HUB_ALIASES.has(host.toLowerCase())) host = "docker.io";
  if (/^v[12]$/.test(path)) path = "";
  return { host: host.toLowerCase(), path };
}
function normalizeHost(host) {
  return normalizeAuthKey(host).host;
}

// src/json-position.ts
var Stop = class extends Error {
  constructor(at) {
    super(`JSON syntax error at ${at}`);
    this.at = at;
  }
  at;
};
function jsonErrorOffset(s) {
  let i = 0;
  const fail = () => {
    throw new Stop(i);
  };
  const ws = () => {
    while (i < s.length && " 	\n\r".includes(s[i])) i++;
  };
  const literal = (word) => {
    if (s.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++;
    while (i < s.length && s[i] !== '"') {
      if (s.charCodeAt(i) < 32) fail();
      i += s[i] === "\\" ? 2 : 1;
    }
    if (i >= s.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(s.slice(i, i + 400));
    if (!m) fail();
    else i += m[0].length;
  };
  const value = () => {
    ws();
    const c = s[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      ws();
      if (s[i] === close) {
        i++;
        return;
      }
      for (; ; ) {
        if (c === "{") {
          ws();
          if (s[i] !== '"') fail();
          string();
          ws();
          if (s[i] !== ":") fail();
          i++;
        }
        value();
        ws();
        if (s[i] === ",") i++;
        else if (s[i] === close) {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') return string();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    number();
  };
  try {
    value();
    ws();
    if (i < s.length) fail();
    return -1;
  } catch (err) {
    if (err instanceof Stop) return err.at;
    throw err;
  }
}
function jsonErrorLineColumn(s) {
  const at = jsonErrorOffset(s);
  if (at < 0) return void 0;
  const before = s.slice(0, at).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1, at };
}
function jsonErrorPosition(s) {
  const p = jsonErrorLineColumn(s);
  return p ? `line ${p.line}, column ${p.column} (position ${p.at})` : "";
}

export {
  DOCKER_HUB_AUTH_KEY,
  splitHostPort,
  isLoopback,
  allowsInsecure,
  baseUrlFor,
  normalizeAuthKey,
  normalizeHost,
  jsonErrorLineColumn,
  jsonErrorPosition
};
//# sourceMappingURL=chunk-5CTG7JZF.js.map
