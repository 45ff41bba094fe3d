import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

// src/rules/invalid-reference.ts
var invalidReference = {
  id: "invalid-reference",
  severity: "error",
  summary: "Image value is not a valid image reference",
  description: "The API server accepts any string as an image, but the kubelet cannot parse this one: the pod fails with InvalidImageName and never starts.",
  help: "Write [registry/]repository[:tag][@sha256:digest]; repository components are lowercase.",
  check({ image, ref, parseError }) {
    const tag = image.unquotedTag;
    const hits = tag ? [
      {
        message: `newTag ${tag.value} is not a string for YAML (a number or a boolean): kustomize cannot build this kustomization (cannot unmarshal \u2026 into Go struct field Image.images.newTag of type string)`,
        fix: `quote it: newTag: "${tag.value}"`,
        line: tag.line,
        column: tag.column
      }
    ] : [];
    if (ref || parseError === void 0) return hits;
    return [
      ...hits,
      {
        message: `${parseError}: the kubelet cannot parse it, so the pod fails with InvalidImageName`,
        fix: "write [registry/]repository[:tag][@sha256:<64 hex>], lowercase repository"
      }
    ];
  }
};

// src/rules/latest-with-digest.ts
var latestWithDigest = {
  id: "latest-with-digest",
  severity: "warning",
  summary: "Image is pinned but still tagged latest",
  description: "The digest decides what runs, but the kubelet defaults imagePullPolicy to Always whenever the tag is `latest`, even with a digest: every pod start contacts the registry and fails when it is down or the pull credentials have lapsed.",
  help: "Drop `:latest` and keep the digest (repo@sha256:\u2026), or use a release tag with the digest.",
  check({ image, ref }) {
    if (!ref || ref.tag !== "latest" || ref.digest === void 0) return [];
    const fixed = image.value.replace(/:latest@/, "@");
    return [
      {
        message: `${image.value} is pinned but tagged latest: the kubelet still defaults it to imagePullPolicy Always, so every pod start needs the registry and its credentials`,
        fix: fixed
      }
    ];
  }
};

// src/rules/legacy-registry.ts
var K8S_GCR_WHY = "was frozen on 3 Apr 2023 and is being phased out with Google Container Registry (read cutoff 2025); new releases and fixes are only on registry.k8s.io, and pulls can fail with ImagePullBackOff";
var LEGACY = [
  {
    pattern: /^k8s\.gcr\.io\//i,
    name: "k8s.gcr.io",
    replacement: "registry.k8s.io/",
    why: K8S_GCR_WHY
  },
  {
    pattern: /^gcr\.io\/google_containers\//i,
    name: "gcr.io/google_containers",
    replacement: "registry.k8s.io/",
    why: `(the storage behind k8s.gcr.io) ${K8S_GCR_WHY}`
  },
  {
    pattern: /^gcr\.io\/google-containers\//i,
    name: "gcr.io/google-containers",
    replacement: "registry.k8s.io/",
    why: `(the storage behind k8s.gcr.io) ${K8S_GCR_WHY}`
  },
  {
    pattern: /^quay\.io\/k8scsi\//i,
    name: "quay.io/k8scsi",
    replacement: "registry.k8s.io/sig-storage/",
    why: "was deprecated in 2020 for sig-storage images on k8s.gcr.io, now registry.k8s.io/sig-storage, and is no longer pullable"
  }
];
function legacyRewrite(value) {
  for (const legacy of LEGACY) {
    const match = legacy.pattern.exec(value);
    if (match) {
      return {
        to: legacy.replacement + value.slice(match[0].length),
        registry: legacy.name
      };
    }
  }
  return void 0;
}
function why(registry) {
  return LEGACY.find((l) => l.name === registry)?.why ?? "";
}
var legacyRegistry = {
  id: "legacy-registry",
  severity: "error",
  summary: "Image is on a retired Kubernetes registry",
  description: "k8s.gcr.io was frozen on 3 Apr 2023 and is being phased out together with Google Container Registry (gcr.io/google_containers and gcr.io/google-containers are its storage); quay.io/k8scsi was retired in 2020. Images there get no fixes and pulls end in ImagePullBackOff once the registry is gone.",
  help: "Use registry.k8s.io (quay.io/k8scsi/x \u2192 registry.k8s.io/sig-storage/x): `digestpin check --fix <file>` rewrites them in place.",
  check({ path, image, ref }) {
    if (!ref) return [];
    const rewrite = legacyRewrite(image.value);
    if (!rewrite) return [];
    return [
      {
        message: `${image.value}: ${rewrite.registry} ${why(rewrite.registry)} (digestpin check --fix ${path} rewrites it)`,
        fix: rewrite.to
      }
    ];
  }
};

// src/rules/mutable-tag.ts
var mutableTag = {
  id: "mutable-tag",
  severity: "error",
  summary: "Image uses latest (or no tag) without a digest",
  description: "Without a tag the image means `latest`. For `latest` or no tag (and no digest) the kubelet defaults imagePullPolicy to Always: every pod start needs the registry, and whatever `latest` points to at that moment is what runs, so nodes can run different images and a rollback does not roll back.",
  help: "Use a release tag and pin it: `repo:<version>`, then `digestpin pin --resolve <file>`.",
  check({ path, image, ref }) {
    if (!ref || ref.digest !== void 0) return [];
    if (image.kind === "kustomize" && ref.tag === void 0) return [];
    if (ref.tag !== void 0 && ref.tag !== "latest") return [];
    const name = image.value.replace(/:latest$/, "");
    const what = ref.tag === void 0 ? "has no tag, which means `latest`" : "uses the tag `latest`";
    return [
      {
        message: `${image.value} ${what}: the kubelet defaults it to imagePullPolicy Always and runs whatever \`latest\` points to when each pod starts, so nodes can run different images`,
        fix: `use a release tag (${name}:<version>), then run: digestpin pin --resolve ${path}`
      }
    ];
  }
};

// src/rules/never-pull-policy.ts
var neverPullPolicy = {
  id: "never-pull-policy",
  severity: "warning",
  summary: "imagePullPolicy is Never",
  description: "With imagePullPolicy Never the kubelet never pulls: the pod fails with ErrImageNeverPull on every node whose containerd `k8s.io` namespace does not already hold the image (an image built with the local docker daemon is not there).",
  help: "Push the image to a registry (`digestpin push <source> <repository>`), pin it, and use imagePullPolicy IfNotPresent.",
  check({ image, ref }) {
    const policy = image.pullPolicy;
    if (!ref || !policy || policy.value !== "Never") return [];
    const key = image.kind === "volume" ? "pullPolicy" : "imagePullPolicy";
    const what = image.kind === "volume" ? `image volume ${image.value}` : image.value;
    return [
      {
        message: `${key} Never for ${what}: the kubelet never pulls it, so the pod fails with ErrImageNeverPull on any node whose containerd k8s.io namespace does not already hold the image`,
        fix: `${key}: IfNotPresent, after pushing the image: digestpin push <source> <repository>`,
        line: policy.line,
        column: policy.column
      }
    ];
  }
};

// src/rules/unpinned-image.ts
var unpinnedImage = {
  id: "unpinned-image",
  severity: "error",
  summary: "Image is not pinned to a sha256 digest",
  description: "A tag can be moved or pushed again (and ECR untags the old image when the same tag is pushed twice). Nodes that cached the old image under imagePullPolicy IfNotPresent keep running it while other nodes pull the new one, so one Deployment can run different images.",
  help: "Pin the image as repo:tag@sha256:\u2026: `digestpin pin --resolve <file>` pins every image to the digest its tag has now.",
  check({ path, image, ref }) {
    if (!ref || ref.digest?.startsWith("sha256:")) return [];
    if (image.kind === "kustomize" && ref.tag === void 0 && ref.digest === void 0) return [];
    const other = ref.digest ? ` (its digest ${ref.digest} is not sha256)` : "";
    return [
      {
        message: `${image.value} is not pinned to a sha256 digest${other}: the tag can be moved or pushed again, and nodes that cached the old image (imagePullPolicy IfNotPresent) keep running it while others pull the new one`,
        fix: `digestpin pin --resolve ${path}`
      }
    ];
  }
};

// src/rules/types.ts
var RULE_IDS = [
  "unpinned-image",
  "mutable-tag",
  "latest-with-digest",
  "legacy-registry",
  "never-pull-policy",
  "invalid-reference"
];

// src/rules/index.ts
var RULES = [
  unpinnedImage,
  mutableTag,
  latestWithDigest,
  legacyRegistry,
  neverPullPolicy,
  invalidReference
];
function validateIgnore(ignore) {
  const known = RULE_IDS;
  const unknown = ignore.filter((r) => !known.includes(r));
  if (unknown.length > 0) {
    throw new DigestpinError(
      "USAGE",
      `--ignore ${unknown.join(", ")}: no such rule`,
      `Rules: ${RULE_IDS.join(", ")}.`
    );
  }
}
function runRules(files, opts) {
  validateIgnore(opts.ignore);
  const findings = [];
  for (const file of files) {
    const own = [];
    for (const image of file.images) {
      if (image.value.includes("{{")) continue;
      let ref;
      let parseError;
      try {
        ref = opts.parse(image.value);
      } catch (err) {
        parseError = err instanceof Error ? err.message : String(err);
      }
      for (const rule of RULES) {
        if (opts.ignore.includes(rule.id) || image.ignore.includes(rule.id)) continue;
        for (const hit of rule.check({ path: file.path, image, ref, parseError })) {
          own.push({
            path: file.path,
            line: hit.line ?? image.line,
            column: hit.column ?? image.column,
            rule: rule.id,
            severity: rule.severity,
            image: image.value,
            message: hit.message,
            fix: hit.fix
          });
        }
      }
    }
    own.sort((a, b) => a.line - b.line || a.column - b.column);
    findings.push(...own);
  }
  return findings;
}
function countFindings(findings) {
  const errors = findings.filter((f) => f.severity === "error").length;
  return { errors, warnings: findings.length - errors };
}

// src/report/text.ts
var plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
function summaryLine(report) {
  const { errors, warnings } = countFindings(report.findings);
  const files = plural(report.files, "file");
  const skipped = report.skipped.length > 0 ? `, ${report.skipped.length} skipped` : "";
  const fixed = report.fixed.reduce((n, f) => n + f.changes, 0);
  const fixes = report.fixed.length > 0 ? `; fixed ${plural(fixed, "image")}` : "";
  if (report.findings.length === 0) return `no problems in ${files}${skipped}${fixes}`;
  const inFiles = new Set(report.findings.map((f) => f.path)).size;
  return `${plural(report.findings.length, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")}) in ${inFiles} of ${files}${skipped}${fixes}`;
}
function formatText(report) {
  const lines = [];
  for (const f of report.findings) {
    lines.push(`${f.path}:${f.line}:${f.column}  ${f.severity}  ${f.rule}  ${f.message}`);
    lines.push(`  fix: ${f.fix}`);
  }
  lines.push(summaryLine(report));
  return `${lines.join("\n")}
`;
}

// src/report/github.ts
var RUNNER_WS = "[\\s\\u0085\\u180e\\x1c-\\x1f]";
var LINE_COMMAND = new RegExp(`^(${RUNNER_WS}*)::`, "gm");
function neutralizeCommands(text) {
  return text.replace(/##\[/g, "##\\[").replace(LINE_COMMAND, "$1\\::");
}
function escapeData(s) {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/##\[/g, "##\\[");
}
function escapeProperty(s) {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
function command(name, props, message) {
  const list = Object.entries(props).map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(",");
  return `::${name} ${list}::${escapeData(message)}`;
}
function annotationsOf(report) {
  return [
    ...report.findings.map((f) => ({
      level: f.severity,
      file: f.path,
      line: f.line,
      column: f.column,
      title: `digestpin ${f.rule}`,
      message: `${f.message}
fix: ${f.fix}`
    })),
    ...report.skipped.map((s) => ({
      level: "warning",
      file: s.path,
      title: "digestpin skipped",
      message: s.reason
    }))
  ];
}
function formatGithub(report) {
  const lines = annotationsOf(report).map((a) => {
    const props = { file: a.file };
    if (a.line !== void 0) props.line = a.line;
    if (a.column !== void 0) props.col = a.column;
    props.title = a.title;
    return command(a.level, props, a.message);
  });
  lines.push(escapeData(summaryLine(report)));
  return `${lines.join("\n")}
`;
}

export {
  legacyRewrite,
  RULES,
  validateIgnore,
  runRules,
  countFindings,
  formatText,
  neutralizeCommands,
  escapeData,
  command,
  annotationsOf,
  formatGithub
};
//# sourceMappingURL=chunk-JDUHXU5K.js.map
