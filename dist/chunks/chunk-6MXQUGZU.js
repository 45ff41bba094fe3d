import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  formatSarif
} from "./chunk-AOQNKHCZ.js";
import {
  unifiedDiff,
  writeAllAtomically
} from "./chunk-RQOHCX4T.js";
import {
  applyEdits,
  findManifestFiles,
  formatScalar,
  kustomizeSplit,
  locateImages,
  readManifestsInBatches
} from "./chunk-SN5XHIYK.js";
import {
  countFindings,
  formatGithub,
  formatText,
  legacyRewrite,
  runRules,
  validateIgnore
} from "./chunk-JDUHXU5K.js";
import {
  parseReference
} from "./chunk-A5WBNSYW.js";
import {
  DigestpinError,
  ExitCode
} from "./chunk-KJLBA246.js";

// src/commands/check.ts
import { relative, sep } from "node:path";

// src/report/index.ts
function reportJson(report) {
  return { findings: report.findings, skipped: report.skipped, fixed: report.fixed };
}
function formatReport(report, format) {
  switch (format) {
    case "github":
      return formatGithub(report);
    case "sarif":
      return formatSarif(report);
    case "json":
      return `${JSON.stringify(reportJson(report), null, 2)}
`;
    case "text":
      return formatText(report);
  }
}

// src/commands/check-fix.ts
var HOST = "registry.k8s.io";
var FixPlanner = class {
  constructor(file) {
    this.file = file;
  }
  file;
  edits = [];
  changes = [];
  skipped = [];
  field(field, ignored) {
    if (field.value.includes("{{") || ignored(field)) return;
    const rewrite = legacyRewrite(field.value);
    if (!rewrite) return;
    const ok = field.kind === "container" || field.kind === "volume" ? this.set(field, field.scalar, rewrite.to) : field.kind === "kustomize" ? this.kustomize(field) : this.helm(field);
    if (ok) this.changes.push({ line: field.line, from: field.value, to: rewrite.to });
  }
  /** Replaces a scalar whose value starts with the legacy name by its new value. */
  set(field, span, to) {
    if (!span) return this.skip(field, "its value could not be located");
    if (span.style === "block") return this.skip(field, "block scalars are not rewritten");
    this.edits.push({ start: span.start, end: span.end, text: formatScalar(span.style, to) });
    return true;
  }
  skip(field, why) {
    this.skipped.push(`${this.file.path}:${field.line}: ${field.value} not fixed: ${why}`);
    return false;
  }
  /** newName is rewritten; an entry matched by `name` alone gets a newName (name must still match the base). */
  kustomize(field) {
    const fields = field.fields ?? {};
    const name = fields.newName ?? fields.name;
    if (!name) return this.skip(field, "the entry has no name");
    const rewrite = legacyRewrite(name.value);
    if (!rewrite) return this.skip(field, "the registry is not in one value");
    if (fields.newName) return this.set(field, fields.newName, rewrite.to);
    const at = field.insert;
    if (!at) return this.skip(field, "newName cannot be added to this entry");
    const eol = this.file.text[at.offset] === "\r" ? "\r\n" : "\n";
    const newName = kustomizeSplit(rewrite.to).name;
    const entry = at.json ? `"newName": ${JSON.stringify(newName)}` : `newName: ${formatScalar("plain", newName)}`;
    const text = at.indent === void 0 ? `, ${entry}` : `${eol}${at.indent}${entry}`;
    this.edits.push({ start: at.offset, end: at.offset, text });
    return true;
  }
  /** `registry` + `repository`: the host goes to `registry` (when present), the rest to `repository`. */
  helm(field) {
    const fields = field.fields ?? {};
    const repository = fields.repository;
    if (!repository) return this.skip(field, "the values map has no repository");
    const name = legacyRewrite(
      fields.registry?.value ? `${fields.registry.value}/${repository.value}` : repository.value
    );
    if (!name) return this.skip(field, "the registry is not in its values");
    if (!fields.registry?.value) return this.set(field, repository, name.to);
    const rest = name.to.slice(HOST.length + 1);
    const okRegistry = fields.registry.value === HOST || this.set(field, fields.registry, HOST);
    const okRepository = repository.value === rest || this.set(field, repository, rest);
    return okRegistry && okRepository;
  }
};
function dedupe(path, edits) {
  const byRange = /* @__PURE__ */ new Map();
  for (const e of edits) {
    const key = `${e.start}:${e.end}`;
    const prev = byRange.get(key);
    if (prev && prev.text !== e.text) {
      throw new DigestpinError(
        "INVALID_INPUT",
        `${path}: one anchored value would need two different images (${prev.text}, ${e.text})`,
        "Write the image values separately instead of through one YAML anchor."
      );
    }
    byRange.set(key, e);
  }
  return [...byRange.values()].sort((a, b) => a.start - b.start);
}
function planLegacyFixes(file, ignored) {
  const planner = new FixPlanner(file);
  if (!file.template) for (const field of file.images) planner.field(field, ignored);
  const edits = dedupe(file.path, planner.edits);
  return {
    path: file.path,
    text: file.text,
    newText: applyEdits(file.text, edits),
    edits,
    changes: planner.changes,
    skipped: file.template ? file.images.filter((f) => legacyRewrite(f.value) && !ignored(f)).map(
      (f) => `${file.path}:${f.line}: ${f.value} not fixed: the file contains template syntax`
    ) : planner.skipped
  };
}

// src/commands/check.ts
function shownPath(cwd, file) {
  return (relative(cwd, file) || file).split(sep).join("/");
}
async function locateAll(files, ctx) {
  const located = [];
  const skipped = [];
  await readManifestsInBatches(
    files,
    (file) => shownPath(ctx.cwd, file),
    async (file, shown, text) => {
      try {
        located.push({ ...await locateImages(shown, text), path: file });
      } catch (err) {
        if (!(err instanceof DigestpinError && err.code === "MALFORMED_YAML" && text.includes("{{")))
          throw err;
        const reason = `${err.message} (template syntax that is not YAML on its own; not checked)`;
        ctx.logger.warn(reason);
        skipped.push({ path: shown, reason });
      }
    }
  );
  return { located, skipped };
}
function ignoredFor(ignore, rule) {
  return (field) => ignore.includes(rule) || field.ignore.includes(rule);
}
async function runCheck(opts, ctx) {
  validateIgnore(opts.ignore);
  const files = await findManifestFiles(opts.paths, ctx.cwd);
  const { located, skipped } = await locateAll(files, ctx);
  let diff = "";
  const fixed = [];
  if (opts.fix) {
    const plans = located.map(
      (f) => planLegacyFixes(f, ignoredFor(opts.ignore, "legacy-registry"))
    );
    const changed = plans.filter((p) => p.edits.length > 0 && p.newText !== p.text);
    for (const p of plans)
      for (const s of p.skipped) ctx.logger.warn(s.replace(p.path, shownPath(ctx.cwd, p.path)));
    diff = changed.map((p) => unifiedDiff(shownPath(ctx.cwd, p.path), p.text, p.edits)).join("");
    if (!opts.dryRun) {
      await writeAllAtomically(
        changed.map((p) => ({ path: p.path, text: p.newText, before: p.text }))
      );
      for (const p of changed) {
        const i = located.findIndex((f) => f.path === p.path);
        located[i] = {
          ...await locateImages(shownPath(ctx.cwd, p.path), p.newText),
          path: p.path
        };
      }
    }
    for (const p of changed)
      fixed.push({ path: shownPath(ctx.cwd, p.path), changes: p.changes.length });
  }
  const findings = runRules(
    located.map((f) => ({ path: shownPath(ctx.cwd, f.path), images: f.images })),
    { ignore: opts.ignore, parse: parseReference }
  );
  const report = { findings, files: files.length, skipped, fixed };
  const { errors } = countFindings(findings);
  const dry = opts.fix && opts.dryRun && opts.format === "text" ? diff : "";
  return {
    json: reportJson(report),
    text: dry + formatReport(report, opts.format),
    exitCode: errors > 0 ? ExitCode.CHECK_FAILED : ExitCode.OK
  };
}

export {
  runCheck
};
//# sourceMappingURL=chunk-6MXQUGZU.js.map
