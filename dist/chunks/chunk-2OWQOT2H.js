import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  DigestpinError
} from "./chunk-3WEU2BZR.js";

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

// src/settings.ts
function envInt(env, name, min, what = "an integer", hint = `Set ${name} to a whole number, or unset it.`) {
  const raw = env[name];
  if (raw === void 0 || raw === "") return void 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new DigestpinError("INVALID_INPUT", `${name}=${raw} is not ${what} \u2265 ${min}`, hint);
  return n;
}
function requestSettings(env) {
  return {
    timeoutMs: envInt(env, "DIGESTPIN_TIMEOUT_MS", 1) ?? 3e4,
    retries: envInt(env, "DIGESTPIN_RETRIES", 0) ?? 3
  };
}

export {
  parseManifest,
  indexEntries,
  envInt,
  requestSettings
};
//# sourceMappingURL=chunk-2OWQOT2H.js.map
