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

export {
  DOCKER_HUB_AUTH_KEY,
  splitHostPort,
  isLoopback,
  allowsInsecure,
  baseUrlFor,
  normalizeAuthKey,
  normalizeHost
};
//# sourceMappingURL=chunk-LZHWYFUE.js.map
