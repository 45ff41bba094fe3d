import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  classifyFailure,
  classifyMissing,
  classifyPresent,
  exitCodeFor
} from "./chunk-5FWA6MHO.js";
import {
  RegistryClient
} from "./chunk-X5GCCGS7.js";
import {
  KeyedLimiter
} from "./chunk-256RKVCH.js";
import {
  INFORMATION_URI,
  pascalCase,
  sarifLocation,
  sarifLog
} from "./chunk-AOQNKHCZ.js";
import {
  findManifestFiles,
  locateImages,
  readManifestsInBatches
} from "./chunk-SN5XHIYK.js";
import {
  pipelineHeads
} from "./chunk-ANCL6P4L.js";
import {
  command,
  escapeData
} from "./chunk-JDUHXU5K.js";
import {
  repositoryName,
  tryParseReference
} from "./chunk-A5WBNSYW.js";
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

// src/commands/verify/index.ts
import { relative } from "node:path";

// src/report/verify.ts
var plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
var where = (img) => img.locations.map((l) => `${l.path}:${l.line}`).join(", ");
function summaryLine(result) {
  const counts = /* @__PURE__ */ new Map();
  for (const img of result.images) counts.set(img.status, (counts.get(img.status) ?? 0) + 1);
  const ok = counts.get("ok") ?? 0;
  const parts = [...counts].map(([status, n]) => `${n} ${status}`);
  const head = result.images.length === 0 ? `no pinned images in ${plural(result.files, "file")}` : ok === result.images.length ? `${plural(ok, "pinned image")} in ${plural(result.files, "file")}: all present` : `${plural(result.images.length, "pinned image")} in ${plural(result.files, "file")}: ${parts.join(", ")}`;
  const drift = result.images.flatMap((i) => i.tags ?? []).filter((t) => t.status === "drift");
  const drifted = drift.length > 0 ? `; ${plural(drift.length, "tag")} drifted` : "";
  const unpinned = result.unpinned > 0 ? `; ${plural(result.unpinned, "unpinned image")} not verified (digestpin check reports them)` : "";
  return `${head}${drifted}${unpinned}`;
}
function formatText(result) {
  const lines = [];
  for (const img of result.images) {
    if (img.status !== "ok") {
      lines.push(`${img.status}  ${img.image}`);
      lines.push(`  ${img.message}`);
      if (img.hint) lines.push(`  fix: ${img.hint}`);
      lines.push(`  used at: ${where(img)}`);
    }
    for (const t of img.tags ?? []) {
      if (t.status === "same") continue;
      const at = t.locations.map((l) => `${l.path}:${l.line}`).join(", ");
      lines.push(`tag ${t.status}  ${t.message}  (${at})`);
    }
  }
  lines.push(summaryLine(result));
  return `${lines.join("\n")}
`;
}
function formatGithub(result) {
  const lines = [];
  for (const img of result.images) {
    if (img.status !== "ok") {
      for (const l of img.locations) {
        const props = {
          file: l.path,
          line: l.line,
          col: l.column,
          title: `digestpin verify: ${img.status}`
        };
        lines.push(command("error", props, `${img.image}: ${img.message}
fix: ${img.hint}`));
      }
    }
    for (const t of img.tags ?? []) {
      if (t.status === "same") continue;
      for (const l of t.locations) {
        const props = {
          file: l.path,
          line: l.line,
          col: l.column,
          title: `digestpin verify: tag ${t.status}`
        };
        lines.push(command("notice", props, t.message));
      }
    }
  }
  lines.push(escapeData(summaryLine(result)));
  return `${lines.join("\n")}
`;
}
var RULES = [
  [
    "missing",
    "The pinned manifest is not in the registry: pods fail with ErrImagePull: manifest unknown.",
    "Push the image, or pin what its tag holds now: digestpin pin --resolve <paths>."
  ],
  [
    "unauthorized",
    "The registry refused the credentials: pods fail with ErrImagePull unless the cluster has access.",
    "Give the cluster an imagePullSecret for the registry (on ECR, a node IAM role that may pull)."
  ],
  [
    "unreachable",
    "The registry could not be reached (DNS, connection refused, TLS or timeout).",
    "Check the host name, the network path and the certificate; nodes must reach it too."
  ],
  [
    "error",
    "The registry failed, or the manifest is not in the format --require-format asks for.",
    "Re-run later for a failing registry; push again in the required format for a format error."
  ],
  [
    "tag-drift",
    "The tag written next to the digest now points to another image (informational).",
    "The pin still pulls the pinned image; digestpin pin --resolve moves it to the tag."
  ]
];
var ruleId = (status) => `verify-${status}`;
function buildSarif(result) {
  const index = new Map(RULES.map(([id], i) => [id, i]));
  const locations = (ls) => ls.map((l) => sarifLocation(l.path, l.line, l.column));
  const results = [];
  for (const img of result.images) {
    if (img.status !== "ok")
      results.push({
        ruleId: ruleId(img.status),
        ruleIndex: index.get(img.status),
        level: "error",
        message: { text: `${img.image}: ${img.message}. Fix: ${img.hint}` },
        locations: locations(img.locations)
      });
    for (const t of img.tags ?? [])
      if (t.status !== "same")
        results.push({
          ruleId: ruleId("tag-drift"),
          ruleIndex: index.get("tag-drift"),
          level: "note",
          message: { text: t.message },
          locations: locations(t.locations)
        });
  }
  const rules = RULES.map(([id, text, help]) => ({
    id: ruleId(id),
    name: `Verify${pascalCase(id)}`,
    shortDescription: { text },
    fullDescription: { text },
    help: { text: help, markdown: help },
    helpUri: `${INFORMATION_URI}#verify`,
    defaultConfiguration: { level: id === "tag-drift" ? "note" : "error" }
  }));
  return sarifLog(rules, results);
}
function formatVerify(result, format) {
  switch (format) {
    case "github":
      return formatGithub(result);
    case "sarif":
      return `${JSON.stringify(buildSarif(result), null, 2)}
`;
    case "json":
      return `${JSON.stringify(result, null, 2)}
`;
    case "text":
      return formatText(result);
  }
}

// src/commands/verify/images.ts
var ImageCollector = class {
  byKey = /* @__PURE__ */ new Map();
  hosts = /* @__PURE__ */ new Set();
  unpinned = 0;
  passedOver = 0;
  add(file) {
    const newHosts = [];
    for (const field of file.images) {
      const ref = field.value.includes("{{") ? void 0 : tryParseReference(field.value);
      if (!ref) {
        this.passedOver++;
        continue;
      }
      if (!ref.digest) {
        this.unpinned++;
        continue;
      }
      if (!this.hosts.has(ref.domain)) {
        this.hosts.add(ref.domain);
        newHosts.push(ref.domain);
      }
      const location = { path: file.path, line: field.line, column: field.column };
      const image = `${repositoryName(ref)}@${ref.digest}`;
      let entry = this.byKey.get(image);
      if (!entry) {
        entry = {
          image,
          ref: { domain: ref.domain, path: ref.path, digest: ref.digest },
          locations: [],
          tags: /* @__PURE__ */ new Map()
        };
        this.byKey.set(image, entry);
      }
      entry.locations.push(location);
      if (ref.tag) {
        const at = entry.tags.get(ref.tag) ?? [];
        at.push(location);
        entry.tags.set(ref.tag, at);
      }
    }
    return newHosts;
  }
  result() {
    return {
      pinned: [...this.byKey.values()],
      unpinned: this.unpinned,
      passedOver: this.passedOver
    };
  }
};
function hostOf(image) {
  return image.ref.domain;
}

// src/commands/verify/lookup.ts
var PIPELINE_MIN = 4;
var PIPELINE_CONNECTIONS = 4;
async function checkTag(heads, image, tag, locations) {
  const name = `${image.ref.domain}/${image.ref.path}:${tag}`;
  try {
    const now = await heads.headManifest({ domain: image.ref.domain, path: image.ref.path, tag });
    if (!now) return { tag, status: "absent", message: `${name} no longer exists`, locations };
    if (now.digest === image.ref.digest)
      return {
        tag,
        status: "same",
        digest: now.digest,
        message: `${name} \u2192 pinned digest`,
        locations
      };
    return {
      tag,
      status: "drift",
      digest: now.digest,
      message: `${name} now points to ${now.digest}, not the pinned ${image.ref.digest}; the pin still pulls the pinned image (digestpin pin --resolve updates it)`,
      locations
    };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { tag, status: "unknown", message: `could not read ${name}: ${why}`, locations };
  }
}
var FirstGate = class {
  opened = /* @__PURE__ */ new Map();
  async enter(key) {
    const first = this.opened.get(key);
    if (first) {
      await first;
      return () => void 0;
    }
    let open = () => void 0;
    this.opened.set(key, new Promise((resolve) => open = resolve));
    return open;
  }
};
function hostIsDown(verdict, err) {
  return verdict.status === "unreachable" || err instanceof DigestpinError && err.code === "RATE_LIMITED";
}
async function checkImages(images, heads, opts) {
  const limiter = new KeyedLimiter(opts.concurrency);
  const hosts = new FirstGate();
  const repositories = new FirstGate();
  const down = /* @__PURE__ */ new Map();
  const ask = async (image, host) => {
    const skip = down.get(host);
    if (skip)
      return { ...skip, message: `${skip.message} (not asked again after an earlier failure)` };
    try {
      const found = await limiter.run(host, () => heads.headManifest(image.ref));
      return found ? classifyPresent(image, found, opts.requireFormat) : classifyMissing(image);
    } catch (err) {
      const verdict = classifyFailure(image, err);
      if (hostIsDown(verdict, err) && !down.has(host)) down.set(host, verdict);
      return verdict;
    }
  };
  const checkOne = async (image) => {
    const host = hostOf(image);
    const openHost = await hosts.enter(host);
    const openRepository = await repositories.enter(`${host}/${image.ref.path}`);
    let verdict;
    try {
      verdict = await ask(image, host);
    } finally {
      openRepository();
      openHost();
    }
    return withTags(image, verdict);
  };
  const withTags = async (image, verdict) => {
    const host = hostOf(image);
    const tags = [];
    if (opts.tagConsistency && (verdict.status === "ok" || verdict.status === "missing")) {
      const checks = [...image.tags].map(
        ([tag, at]) => limiter.run(host, () => checkTag(heads, image, tag, at))
      );
      tags.push(...await Promise.all(checks));
    }
    return { image, verdict, tags };
  };
  const byHost = /* @__PURE__ */ new Map();
  images.forEach((image, i) => {
    const host = hostOf(image);
    const indexes = byHost.get(host);
    if (indexes) indexes.push(i);
    else byHost.set(host, [i]);
  });
  const confirm = opts.pipeline === false ? void 0 : heads.confirmManifests?.bind(heads);
  const results = new Array(images.length);
  for (const [host, indexes] of byHost) {
    if (!confirm || indexes.length < PIPELINE_MIN) {
      for (const i of indexes) results[i] = checkOne(images[i]);
      continue;
    }
    const [first, ...rest] = indexes;
    results[first] = checkOne(images[first]);
    const connections = Math.min(opts.concurrency, PIPELINE_CONNECTIONS);
    const confirmed = results[first].then(async () => {
      if (down.has(host)) return [];
      try {
        return await confirm(
          rest.map((i) => images[i].ref),
          connections
        );
      } catch {
        return [];
      }
    });
    rest.forEach((i, k) => {
      results[i] = confirmed.then((found) => {
        const info = found[k];
        return info ? withTags(images[i], classifyPresent(images[i], info, opts.requireFormat)) : checkOne(images[i]);
      });
    });
  }
  return Promise.all(results);
}

// src/commands/verify/index.ts
async function readManifests(paths, ctx, located) {
  const files = await findManifestFiles(paths, ctx.cwd);
  const skipped = [];
  await readManifestsInBatches(
    files,
    (file) => relative(ctx.cwd, file) || file,
    async (_file, shown, text) => {
      try {
        located(await locateImages(shown, text));
      } catch (err) {
        if (!(err instanceof DigestpinError && err.code === "MALFORMED_YAML" && text.includes("{{")))
          throw err;
        ctx.logger.warn(`${shown}: passed over, a template that is not YAML on its own`);
        skipped.push({
          path: shown,
          reason: `template that does not parse as YAML: ${err.message}`
        });
      }
    }
  );
  return { skipped, files: files.length };
}
function toImage(c, tagConsistency) {
  const out = {
    image: c.image.image,
    status: c.verdict.status,
    message: c.verdict.message,
    hint: c.verdict.hint,
    locations: c.image.locations
  };
  if (c.verdict.mediaType) out.mediaType = c.verdict.mediaType;
  if (tagConsistency) out.tags = c.tags;
  return out;
}
async function verifyWith(opts, ctx, heads) {
  const started = Date.now();
  const collector = new ImageCollector();
  const { skipped, files } = await readManifests(opts.paths, ctx, (source) => {
    for (const host of collector.add(source)) heads.prepare?.(host);
  });
  const collected = collector.result();
  ctx.logger.debug(
    `verify: ${collected.pinned.length} pinned images, ${collected.unpinned} unpinned, in ${files} files (read in ${Date.now() - started} ms)`
  );
  const asking = Date.now();
  const checked = await checkImages(collected.pinned, heads, {
    concurrency: opts.concurrency,
    pipeline: pipelineHeads(ctx.env),
    requireFormat: opts.requireFormat,
    tagConsistency: opts.tagConsistency
  });
  ctx.logger.debug(`verify: registries answered in ${Date.now() - asking} ms`);
  const json = {
    images: checked.map((c) => toImage(c, opts.tagConsistency)),
    files,
    unpinned: collected.unpinned,
    skipped
  };
  return {
    json,
    text: formatVerify(json, opts.format),
    exitCode: exitCodeFor(json.images.map((i) => i.status))
  };
}
function runVerify(opts, ctx) {
  const client = new RegistryClient({
    authfile: opts.authfile,
    insecure: opts.insecure,
    env: ctx.env,
    logger: ctx.logger
  });
  return verifyWith(opts, ctx, client);
}

export {
  verifyWith,
  runVerify
};
//# sourceMappingURL=chunk-7T2JPJVY.js.map
