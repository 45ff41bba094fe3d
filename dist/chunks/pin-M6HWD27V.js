import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  exitCodeFor
} from "./chunk-5FWA6MHO.js";
import {
  applyPlan,
  locateFiles,
  pinFiles
} from "./chunk-HF7SMHOQ.js";
import {
  KeyedLimiter
} from "./chunk-256RKVCH.js";
import "./chunk-OMVSYKBA.js";
import "./chunk-RQOHCX4T.js";
import {
  findManifestFiles,
  splitImage
} from "./chunk-SN5XHIYK.js";
import "./chunk-KK367FDL.js";
import "./chunk-TSB7FB7W.js";
import {
  formatReference,
  parseReference,
  repositoryName,
  tryParseReference
} from "./chunk-A5WBNSYW.js";
import {
  DigestpinError
} from "./chunk-KJLBA246.js";
import "./chunk-TDRKEOBG.js";

// src/commands/pin-resolve.ts
var RESOLVE_CONCURRENCY = 8;
var STATUS = {
  UNAUTHORIZED: "unauthorized",
  DENIED: "unauthorized",
  AWS_CREDENTIALS: "unauthorized",
  UNREACHABLE: "unreachable",
  TIMEOUT: "unreachable",
  REGISTRY_ERROR: "unreachable",
  RATE_LIMITED: "unreachable",
  REPOSITORY_NOT_FOUND: "missing",
  MANIFEST_UNKNOWN: "missing",
  NOT_FOUND: "missing"
};
function toResolve(field) {
  if (field.value.includes("{{")) return void 0;
  const ref = tryParseReference(field.value);
  if (!ref || ref.digest) return void 0;
  return { ...ref, tag: ref.tag ?? "latest" };
}
function failure(ref, err) {
  const image = formatReference(ref);
  if (err instanceof DigestpinError) {
    const status = STATUS[err.code] ?? "error";
    return { image, status, message: `cannot resolve ${image}: ${err.message}`, hint: err.hint };
  }
  const why = err instanceof Error ? err.message : String(err);
  return {
    image,
    status: "error",
    message: `cannot resolve ${image}: ${why}`,
    hint: "Re-run with DIGESTPIN_DEBUG=1."
  };
}
async function resolvePins(paths, ctx, heads, opts) {
  const files = await findManifestFiles(paths, ctx.cwd);
  const located = await locateFiles(files, ctx);
  const wanted = /* @__PURE__ */ new Map();
  const keyOf = /* @__PURE__ */ new Map();
  for (const field of located.flatMap((f) => f.images)) {
    if (keyOf.has(field.value)) continue;
    const ref = toResolve(field);
    const key = ref && formatReference(ref);
    keyOf.set(field.value, key);
    if (ref && key) wanted.set(key, ref);
  }
  const limiter = new KeyedLimiter(opts.concurrency ?? RESOLVE_CONCURRENCY);
  const digests = /* @__PURE__ */ new Map();
  const unresolved = [];
  await Promise.all(
    [...wanted].map(async ([key, ref]) => {
      try {
        const info = await limiter.run(ref.domain, () => heads.resolveManifest(ref));
        if (info) digests.set(key, info.digest);
        else
          unresolved.push({
            image: key,
            status: "missing",
            message: `cannot resolve ${key}: ${repositoryName(ref)} has no tag ${ref.tag ?? "latest"} (manifest unknown)`,
            hint: `Push ${key} first, or fix the tag in the manifests.`
          });
      } catch (err) {
        unresolved.push(failure(ref, err));
      }
    })
  );
  unresolved.sort((a, b) => a.image < b.image ? -1 : a.image > b.image ? 1 : 0);
  for (const u of unresolved) ctx.logger.warn(`${u.message}${u.hint ? ` (${u.hint})` : ""}`);
  const exitCode = exitCodeFor(unresolved.map((u) => u.status));
  const strictFail = opts.strict && unresolved.length > 0;
  const targetFor = (field) => {
    const key = keyOf.get(field.value);
    const digest = key && digests.get(key);
    if (!digest) return void 0;
    return { tag: splitImage(field.value).tag, digest };
  };
  const result = await applyPlan(located, targetFor, ctx, opts.dryRun || strictFail);
  return { ...result, unresolved, exitCode: strictFail ? exitCode : 0 };
}

// src/commands/pin.ts
var CHANGE_LINES_PER_FILE = 20;
function formatPinText(result, dryRun, verbose = false) {
  const lines = [];
  let count = 0;
  for (const f of result.files) {
    count += f.changes.length;
    if (!verbose && f.changes.length > CHANGE_LINES_PER_FILE) {
      const first = f.changes[0]?.line ?? 0;
      const last = f.changes[f.changes.length - 1]?.line ?? 0;
      lines.push(
        `${f.path}: ${f.changes.length} changes, lines ${first}\u2013${last} (--verbose or --json lists each)`
      );
      continue;
    }
    for (const c of f.changes) lines.push(`${f.path}:${c.line}  ${c.from} \u2192 ${c.to}`);
  }
  const files = result.files.length;
  const summary = `${count} change${count === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}`;
  if (dryRun) {
    return `${result.diff}${lines.join("\n")}${lines.length ? "\n" : ""}${summary} (dry run: nothing written)
`;
  }
  return `${lines.join("\n")}${lines.length ? "\n" : ""}${summary}
`;
}
async function runPinResolve(opts, ctx, heads) {
  const { RegistryClient } = await import("./client-YRSZOPPZ.js");
  const client = heads ?? new RegistryClient({
    authfile: opts.authfile,
    insecure: opts.insecure,
    env: ctx.env,
    logger: ctx.logger
  });
  const r = await resolvePins(opts.paths, ctx, client, {
    dryRun: opts.dryRun,
    strict: opts.strict
  });
  const failed = r.unresolved.map(
    (u) => `unresolved: ${u.message}${u.hint ? `
  hint: ${u.hint}` : ""}
`
  );
  const strictFail = opts.strict && r.unresolved.length > 0;
  const text = failed.join("") + (strictFail ? `--strict: ${r.unresolved.length} image(s) could not be resolved; nothing written
` : formatPinText(r, opts.dryRun, opts.verbose));
  return { json: { files: r.files, unresolved: r.unresolved }, text, exitCode: r.exitCode };
}
async function runPin(opts, ctx) {
  if (opts.resolve) return runPinResolve(opts, ctx);
  const ref = opts.ref ?? "";
  const result = await pinFiles(ref, opts.paths, ctx, { dryRun: opts.dryRun });
  if (result.files.length === 0)
    await (await import("./no-pin-ZDLO2KQB.js")).reportNoPin(parseReference(ref), opts.paths, ctx, Boolean(opts.requirePin));
  return {
    json: { ref, files: result.files },
    text: formatPinText(result, opts.dryRun, opts.verbose),
    exitCode: 0
  };
}
export {
  CHANGE_LINES_PER_FILE,
  formatPinText,
  pinFiles,
  runPin,
  runPinResolve
};
//# sourceMappingURL=pin-M6HWD27V.js.map
