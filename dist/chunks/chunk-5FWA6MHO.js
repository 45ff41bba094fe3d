import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  shellQuote
} from "./chunk-OMVSYKBA.js";
import {
  FORMAT_MEDIA_TYPES
} from "./chunk-TSB7FB7W.js";
import {
  DigestpinError,
  ExitCode
} from "./chunk-KJLBA246.js";

// src/commands/verify/classify.ts
var FORMAT_NAMES = { v2s2: "Docker v2 schema 2", oci: "OCI" };
function usedIn(image) {
  return [...new Set(image.locations.map((l) => shellQuote(l.path)))].join(" ");
}
function classifyPresent(image, found, required) {
  const format = required && { types: FORMAT_MEDIA_TYPES[required], name: FORMAT_NAMES[required] };
  if (format && !format.types.includes(found.mediaType)) {
    const old = required === "v2s2" ? ' (old container runtimes fail to pull it with "archive/tar: invalid tar header")' : "";
    return {
      status: "error",
      message: `wrong manifest format: ${image.image} is ${found.mediaType}, not ${format.name} as --require-format ${required} demands${old}`,
      hint: `Push the image again as ${format.name} (digestpin push --format ${required} \u2026, or skopeo copy --format ${required}) and pin the new digest: digestpin pin <ref> ${usedIn(image)}`,
      mediaType: found.mediaType
    };
  }
  return {
    status: "ok",
    message: `present (${found.mediaType}, ${found.size} bytes)`,
    hint: "",
    mediaType: found.mediaType
  };
}
function classifyMissing(image) {
  return {
    status: "missing",
    message: `manifest unknown: ${image.ref.domain} has no ${image.ref.path}@${image.ref.digest}; a pod using it fails with ErrImagePull: manifest unknown`,
    hint: `Push the image to ${image.ref.domain}/${image.ref.path}, or fix the pin to what its tag holds now: digestpin pin --resolve ${usedIn(image)}`
  };
}
var STATUS_OF = {
  UNAUTHORIZED: "unauthorized",
  DENIED: "unauthorized",
  AWS_CREDENTIALS: "unauthorized",
  UNREACHABLE: "unreachable",
  TIMEOUT: "unreachable",
  REPOSITORY_NOT_FOUND: "missing",
  MANIFEST_UNKNOWN: "missing"
};
function classifyFailure(image, err) {
  if (!(err instanceof DigestpinError))
    return {
      status: "error",
      message: `checking ${image.image} failed: ${err instanceof Error ? err.message : String(err)}`,
      hint: "This looks like a bug in digestpin; re-run with DIGESTPIN_DEBUG=1 and report it."
    };
  const status = STATUS_OF[err.code] ?? "error";
  const host = image.ref.domain;
  switch (status) {
    case "missing":
      return {
        ...classifyMissing(image),
        message: `${classifyMissing(image).message} (${err.message})`
      };
    case "unauthorized":
      return {
        status,
        message: `${host} refused access to ${image.ref.path}: ${err.message}`,
        hint: `The cluster needs an imagePullSecret for ${host} (or, on ECR, a node IAM role allowed ecr:BatchGetImage) or its pods fail with ErrImagePull: unauthorized. For this check: ${err.hint}`
      };
    case "unreachable":
      return {
        status,
        message: `cannot reach ${host}: ${err.message}`,
        hint: `${err.hint} Nodes that cannot reach ${host} either fail with ErrImagePull.`
      };
    default:
      return { status: "error", message: err.message, hint: err.hint };
  }
}
function exitCodeFor(statuses) {
  const rank = {
    ok: [0, ExitCode.OK],
    missing: [1, ExitCode.NOT_FOUND],
    error: [2, ExitCode.UNREACHABLE],
    unreachable: [2, ExitCode.UNREACHABLE],
    unauthorized: [3, ExitCode.AUTH]
  };
  let worst = rank.ok;
  for (const s of statuses) if (rank[s][0] > worst[0]) worst = rank[s];
  return worst[1];
}

export {
  classifyPresent,
  classifyMissing,
  classifyFailure,
  exitCodeFor
};
//# sourceMappingURL=chunk-5FWA6MHO.js.map
