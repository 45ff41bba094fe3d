import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

// src/settings.ts
function envInt(env, name, min, what = "an integer", hint = `Set ${name} to a whole number, or unset it.`) {
  const raw = env[name];
  if (raw === void 0 || raw === "") return void 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new DigestpinError("INVALID_INPUT", `${name}=${raw} is not ${what} \u2265 ${min}`, hint);
  return n;
}
function requestTimeoutMs(env) {
  return envInt(env, "DIGESTPIN_TIMEOUT_MS", 1) ?? 3e4;
}
function requestRetries(env) {
  return envInt(env, "DIGESTPIN_RETRIES", 0) ?? 3;
}
function requestSettings(env) {
  return { timeoutMs: requestTimeoutMs(env), retries: requestRetries(env) };
}
function pushTimeoutMs(env) {
  return envInt(
    env,
    "DIGESTPIN_PUSH_TIMEOUT_MS",
    1e3,
    "a whole number of milliseconds",
    "Set it to e.g. 600000 (10 minutes), or unset it."
  ) ?? 30 * 6e4;
}
function skopeoBinary(env) {
  return env.DIGESTPIN_SKOPEO || "skopeo";
}
function relayAllBlobs(env) {
  return env.DIGESTPIN_RELAY_BLOBS === "1";
}
function pipelineHeads(env) {
  return env.DIGESTPIN_PIPELINE !== "0";
}
function debugWanted(env) {
  return env.DIGESTPIN_DEBUG === "1";
}

export {
  requestSettings,
  pushTimeoutMs,
  skopeoBinary,
  relayAllBlobs,
  pipelineHeads,
  debugWanted
};
//# sourceMappingURL=chunk-ANCL6P4L.js.map
