import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  DOCKER_HUB_AUTH_KEY,
  jsonErrorLineColumn,
  normalizeAuthKey,
  normalizeHost
} from "./chunk-5CTG7JZF.js";
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

// src/registry/auth.ts
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
var LEGACY_NAME = ".dockercfg";
function authFilePaths(opts, uid = process.getuid?.() ?? 0) {
  if (opts.authfile) return [opts.authfile];
  const env = opts.env;
  if (env.REGISTRY_AUTH_FILE) return [env.REGISTRY_AUTH_FILE];
  const home = env.HOME || homedir();
  const configHome = env.XDG_CONFIG_HOME || path.join(home, ".config");
  return [
    env.XDG_RUNTIME_DIR ? path.join(env.XDG_RUNTIME_DIR, "containers", "auth.json") : `/run/containers/${uid}/auth.json`,
    path.join(configHome, "containers", "auth.json"),
    env.DOCKER_CONFIG ? path.join(env.DOCKER_CONFIG, "config.json") : path.join(home, ".docker", "config.json"),
    path.join(home, LEGACY_NAME)
  ];
}
async function readAuthFile(file, required) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if (!required) return void 0;
    throw new DigestpinError(
      "FILE_NOT_FOUND",
      `cannot read the credentials file ${file}: ${err.code ?? String(err)}`,
      "Pass an existing file to --authfile (containers auth.json or docker config.json format), or create it with `skopeo login --authfile FILE HOST`."
    );
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    const at = jsonErrorLineColumn(text) ?? { line: 1, column: 1 };
    throw new DigestpinError(
      "INVALID_INPUT",
      `the credentials file ${file}:${at.line}:${at.column} is not valid JSON`,
      'Fix or remove the file; it must hold {"auths": {"host": {"auth": "<base64 user:password>"}}}.'
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw new DigestpinError(
      "INVALID_INPUT",
      `the credentials file ${file} does not hold a JSON object`,
      'It must hold {"auths": {"host": {"auth": "<base64 user:password>"}}}.'
    );
  if (path.basename(file) === LEGACY_NAME && !("auths" in parsed))
    return { auths: parsed };
  return parsed;
}
function matchKey(keys, host, repository) {
  let best;
  for (const key of keys) {
    const k = normalizeAuthKey(key);
    if (k.host !== host) continue;
    if (k.path && !(repository === k.path || repository?.startsWith(`${k.path}/`))) continue;
    const len = k.path ? k.path.length + 1 : 0;
    if (!best || len > best.len) best = { key, len };
  }
  return best?.key;
}
function str(v) {
  return typeof v === "string" && v !== "" ? v : void 0;
}
function decodeEntry(entry, source) {
  const creds = { source };
  const auth = str(entry.auth);
  if (auth) {
    const decoded = Buffer.from(auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0)
      throw new DigestpinError(
        "INVALID_INPUT",
        `an "auth" value in ${source} does not decode to user:password`,
        "Log in again (skopeo login / docker login) to rewrite the entry."
      );
    creds.username = decoded.slice(0, colon);
    creds.password = decoded.slice(colon + 1);
  } else {
    creds.username = str(entry.username);
    creds.password = str(entry.password);
  }
  creds.identityToken = str(entry.identitytoken);
  creds.registryToken = str(entry.registrytoken);
  const usable = Boolean(
    creds.username && creds.password || creds.identityToken || creds.registryToken
  );
  return usable ? creds : void 0;
}
async function runCredentialHelper(name, serverUrl, opts) {
  const program = `docker-credential-${name}`;
  const { execa } = await import("./execa-TTSRXPBZ.js");
  const result = await execa(program, ["get"], {
    input: serverUrl,
    env: opts.env,
    extendEnv: false,
    reject: false,
    timeout: opts.helperTimeoutMs ?? 3e4,
    stripFinalNewline: true
  });
  if (result.failed) {
    if (/credentials not found/i.test(`${result.stdout}`)) return void 0;
    const why = result.timedOut ? "timed out" : result.exitCode === void 0 ? (result.originalMessage ?? "could not be started").split("\n")[0] : `exited with ${result.exitCode}`;
    opts.logger?.warn(`credential helper ${program} ${why}; continuing without its credentials`);
    return void 0;
  }
  let parsed;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    opts.logger?.warn(`credential helper ${program} printed something that is not JSON`);
    return void 0;
  }
  const o = parsed ?? {};
  const username = str(o.Username);
  const secret = str(o.Secret);
  if (!secret) return void 0;
  if (username === "<token>") return { identityToken: secret, source: program };
  return { username, password: secret, source: program };
}
async function findCredentials(host, opts) {
  const wanted = normalizeHost(host);
  const serverUrl = wanted === "docker.io" ? DOCKER_HUB_AUTH_KEY : wanted;
  for (const file of authFilePaths(opts)) {
    const config = await readAuthFile(file, file === opts.authfile);
    if (!config) continue;
    const helpers = config.credHelpers ?? {};
    const helperKey = matchKey(Object.keys(helpers), wanted, void 0);
    if (helperKey && str(helpers[helperKey])) {
      const found = await runCredentialHelper(helpers[helperKey], serverUrl, opts);
      if (found) return found;
    }
    const auths = config.auths ?? {};
    const authKey = matchKey(Object.keys(auths), wanted, opts.repository);
    if (authKey) {
      const found = decodeEntry(auths[authKey] ?? {}, file);
      if (found) {
        opts.logger?.debug(`credentials for ${wanted} from ${file} (key ${authKey})`);
        return found;
      }
    }
    if (str(config.credsStore)) {
      const found = await runCredentialHelper(config.credsStore, serverUrl, opts);
      if (found) return found;
    }
  }
  opts.logger?.debug(`no credentials for ${wanted}; anonymous`);
  return void 0;
}

export {
  authFilePaths,
  decodeEntry,
  runCredentialHelper,
  findCredentials
};
//# sourceMappingURL=chunk-PQKOWIM7.js.map
