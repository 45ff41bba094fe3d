import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);

// src/registry/http/proxy.ts
import net from "node:net";
function firstOf(env, ...names) {
  for (const n of names) {
    const v = env[n];
    if (v) return v;
  }
  return void 0;
}
function proxyUrl(value) {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  try {
    return new URL(withScheme).href.replace(/\/$/, "");
  } catch {
    return void 0;
  }
}
function ipValue(text) {
  const family = net.isIP(text);
  if (family === 4) {
    const v2 = text.split(".").reduce((acc, part) => acc << 8n | BigInt(Number(part)), 0n);
    return { v: v2, bits: 32 };
  }
  if (family !== 6) return void 0;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped) return ipValue(mapped[1]);
  const [head, tail = ""] = text.split("::");
  const groups = (s) => s ? s.split(":") : [];
  const h = groups(head);
  const t = groups(tail);
  const parts = text.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
  const v = parts.reduce((acc, g) => acc << 16n | BigInt(parseInt(g, 16)), 0n);
  return { v, bits: 128 };
}
function isLoopbackIp(ip) {
  return ip.bits === 32 ? ip.v >> 24n === 127n : ip.v === 1n;
}
function splitEntry(entry) {
  const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1], port: bracketed[2] || void 0 };
  const m = /^([^:]*):(\d+)$/.exec(entry);
  return m ? { host: m[1], port: m[2] } : { host: entry };
}
function matches(entry, host, port) {
  if (entry === "*") return true;
  const ip = ipValue(host);
  const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
  if (cidr) {
    const base = ipValue(cidr[1]);
    const len = Number(cidr[2]);
    if (!base || !ip || base.bits !== ip.bits || len > base.bits) return false;
    const shift = BigInt(base.bits - len);
    return base.v >> shift === ip.v >> shift;
  }
  const e = splitEntry(entry);
  if (e.host === "") return false;
  if (e.port !== void 0 && e.port !== port) return false;
  const entryIp = ipValue(e.host);
  if (entryIp) return ip !== void 0 && ip.bits === entryIp.bits && ip.v === entryIp.v;
  let domain = e.host.startsWith("*.") ? e.host.slice(1) : e.host;
  const matchesItself = !domain.startsWith(".");
  if (matchesItself) domain = `.${domain}`;
  return host.endsWith(domain) || matchesItself && host === domain.slice(1);
}
function proxyFor(url, env) {
  const u = typeof url === "string" ? new URL(url) : url;
  const secure = u.protocol === "https:";
  if (!secure && u.protocol !== "http:") return void 0;
  const value = secure ? firstOf(env, "HTTPS_PROXY", "https_proxy") : firstOf(env, "HTTP_PROXY", "http_proxy");
  if (!value) return void 0;
  const host = u.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = u.port || (secure ? "443" : "80");
  if (host === "localhost") return void 0;
  const ip = ipValue(host);
  if (ip && isLoopbackIp(ip)) return void 0;
  const noProxy = firstOf(env, "NO_PROXY", "no_proxy") ?? "";
  for (const raw of noProxy.split(",")) {
    const entry = raw.trim().toLowerCase();
    if (entry && matches(entry, host, port)) return void 0;
  }
  return proxyUrl(value);
}

export {
  proxyFor
};
//# sourceMappingURL=chunk-LDYPEOT2.js.map
