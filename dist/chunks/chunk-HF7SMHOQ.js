import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  unifiedDiff,
  writeAllAtomically
} from "./chunk-RQOHCX4T.js";
import {
  findManifestFiles,
  locateImages,
  planEdits,
  readManifestsInBatches,
  splitImage
} from "./chunk-SN5XHIYK.js";
import {
  parseReference,
  sameRepository,
  tryParseReference
} from "./chunk-A5WBNSYW.js";
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

// src/manifests/pinning.ts
import { relative } from "node:path";
function fieldRepository(field) {
  return tryParseReference(field.repository ?? splitImage(field.value).name);
}
async function locateFiles(files, ctx, needle) {
  const located = [];
  await readManifestsInBatches(
    files,
    (file) => relative(ctx.cwd, file) || file,
    async (file, shown, text) => {
      if (needle !== void 0 && !text.includes(needle)) return;
      if (text.includes("{{")) {
        ctx.logger.warn(`${shown}: skipped, contains template syntax ({{ \u2026 }})`);
        return;
      }
      located.push({ ...await locateImages(shown, text), path: file });
    }
  );
  return located;
}
async function applyPlan(located, targetFor, ctx, dryRun) {
  const planned = located.map((f) => planEdits(f, targetFor));
  const changed = planned.filter((p) => p.changes.length > 0 && p.newText !== p.text);
  for (const p of planned)
    for (const w of p.warnings) ctx.logger.warn(w.replace(p.path, relative(ctx.cwd, p.path)));
  if (!dryRun)
    await writeAllAtomically(
      changed.map((p) => ({ path: p.path, text: p.newText, before: p.text }))
    );
  const files = changed.map((p) => ({
    path: relative(ctx.cwd, p.path) || p.path,
    changes: p.changes
  }));
  const diff = !dryRun ? "" : changed.map((p) => unifiedDiff(relative(ctx.cwd, p.path), p.text, p.edits)).join("");
  return { files, diff };
}
function pinRule(ref) {
  const target = parseReference(ref);
  if (!target.digest) {
    throw new DigestpinError(
      "INVALID_REFERENCE",
      `${ref}: pin needs a reference with a digest (@sha256:\u2026)`,
      "digestpin pin repo:tag@sha256:\u2026 k8s/   (or: digestpin pin --resolve k8s/)"
    );
  }
  const digest = target.digest;
  const pin = target.tag === void 0 ? { digest } : { tag: target.tag, digest };
  const byRepository = /* @__PURE__ */ new Map();
  return {
    target,
    targetFor: (field) => {
      const name = field.repository ?? splitImage(field.value).name;
      if (byRepository.has(name)) return byRepository.get(name);
      const repo = tryParseReference(name);
      const result = repo && sameRepository(repo, target) ? pin : void 0;
      byRepository.set(name, result);
      return result;
    }
  };
}
function prefilterNeedle(ref) {
  return ref.domain === "docker.io" ? ref.path.replace(/^library\//, "") : ref.path;
}
async function pinText(path, text, ref) {
  return planEdits(await locateImages(path, text), pinRule(ref).targetFor);
}
async function pinFiles(ref, paths, ctx, opts) {
  const { target, targetFor } = pinRule(ref);
  const files = await findManifestFiles(paths, ctx.cwd);
  const needle = prefilterNeedle(target);
  const located = await locateFiles(files, ctx, needle);
  return applyPlan(located, targetFor, ctx, opts.dryRun);
}

export {
  fieldRepository,
  locateFiles,
  applyPlan,
  pinRule,
  prefilterNeedle,
  pinText,
  pinFiles
};
//# sourceMappingURL=chunk-HF7SMHOQ.js.map
