import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  fieldRepository,
  locateFiles
} from "./chunk-HF7SMHOQ.js";
import "./chunk-RQOHCX4T.js";
import {
  findManifestFiles
} from "./chunk-SN5XHIYK.js";
import "./chunk-KK367FDL.js";
import {
  formatReference,
  sameRepository
} from "./chunk-A5WBNSYW.js";
import {
  DigestpinError
} from "./chunk-KJLBA246.js";
import "./chunk-TDRKEOBG.js";

// src/commands/no-pin.ts
import { relative } from "node:path";
function distance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
async function explainNoPin(target, paths, ctx) {
  const files = await findManifestFiles(paths, ctx.cwd);
  const located = await locateFiles(files, {
    ...ctx,
    logger: { ...ctx.logger, warn: () => void 0 }
  });
  const wanted = formatReference({ domain: target.domain, path: target.path });
  const repos = /* @__PURE__ */ new Set();
  let images = 0;
  let matching = 0;
  for (const f of located)
    for (const field of f.images) {
      images++;
      const repo = fieldRepository(field);
      if (!repo) continue;
      if (sameRepository(repo, target)) matching++;
      else repos.add(formatReference({ domain: repo.domain, path: repo.path }));
    }
  const closest = [...repos].map((r) => ({ r, d: distance(r, wanted) })).sort((a, b) => a.d - b.d || a.r.localeCompare(b.r)).slice(0, 3).map((x) => x.r);
  return {
    files: files.map((f) => relative(ctx.cwd, f) || f),
    images,
    matching,
    closest
  };
}
var list = (xs, max = 5) => xs.length <= max ? xs.join(", ") : `${xs.slice(0, max).join(", ")}, \u2026 (${xs.length} in all)`;
function noPinMessage(target, given, r) {
  const wanted = formatReference({ domain: target.domain, path: target.path });
  if (r.files.length === 0)
    return `nothing pinned: ${list(given)} holds no manifest file (*.yaml, *.yml, *.json)`;
  if (r.matching > 0)
    return `nothing changed: the ${r.matching} image value(s) of ${wanted} in ${list(r.files)} are already pinned to this reference`;
  const closest = r.closest.length > 0 ? `; the closest repositories they name: ${r.closest.join(", ")}` : "";
  return `nothing pinned: no image value of ${wanted} in ${r.files.length} file(s) read (${list(r.files)}; ${r.images} image value(s))${closest}`;
}
async function reportNoPin(target, paths, ctx, requirePin) {
  const r = await explainNoPin(target, paths, ctx);
  const message = noPinMessage(target, paths, r);
  if (requirePin && r.matching === 0)
    throw new DigestpinError(
      "NOTHING_PINNED",
      message,
      "Check the repository (it must match the image values in the manifests, e.g. registry host and path) and the --manifests paths; drop --require-pin to allow a push without pins."
    );
  ctx.logger.warn(message);
}
export {
  explainNoPin,
  noPinMessage,
  reportNoPin
};
//# sourceMappingURL=no-pin-ZDLO2KQB.js.map
