import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

// src/reference-grammar.ts
var NAME_TOTAL_LENGTH_MAX = 255;
var alphanumeric = "[a-z0-9]+";
var separator = "(?:[._]|__|[-]+)";
var domainNameComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
var optionalPort = "(?::[0-9]+)?";
var ipv6address = "\\[(?:[a-fA-F0-9:]+)\\]";
var domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
var host = `(?:${domainName}|${ipv6address})`;
var domainAndPortPattern = `${host}${optionalPort}`;
var tagPattern = "[\\w][\\w.-]{0,127}";
var digestPattern = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}";
var pathComponentPattern = `${alphanumeric}(?:${separator}${alphanumeric})*`;
var remoteName = `${pathComponentPattern}(?:/${pathComponentPattern})*`;
var namePattern = `(?:${domainAndPortPattern}/)?${remoteName}`;
var anchored = (source) => new RegExp(`^${source}$`);
var anchoredDomainRegexp = anchored(domainAndPortPattern);
var anchoredNameRegexp = anchored(`(?:(${domainAndPortPattern})/)?(${remoteName})`);
var referenceRegexp = anchored(
  `(${namePattern})(?::(${tagPattern}))?(?:@(${digestPattern}))?`
);
var anchoredTagRegexp = anchored(tagPattern);
var anchoredDigestRegexp = anchored(digestPattern);
var anchoredIdentifierRegexp = anchored("([a-f0-9]{64})");
var anchoredPathComponentRegexp = anchored(pathComponentPattern);
function submatch(re, input) {
  const m = re.exec(input);
  return m ? Array.from(m, (g) => g ?? "") : void 0;
}
var DIGEST_ALGORITHMS = { sha256: 64, sha384: 96, sha512: 128 };
var goDigestRegexp = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
function digestProblem(digest) {
  const i = digest.indexOf(":");
  if (i <= 0 || i + 1 === digest.length) return "invalid-format";
  const algorithm = digest.slice(0, i);
  const encoded = digest.slice(i + 1);
  const length = DIGEST_ALGORITHMS[algorithm];
  if (length === void 0) return goDigestRegexp.test(digest) ? "unsupported" : "invalid-format";
  if (encoded.length !== length) return "invalid-length";
  return /^[a-f0-9]+$/.test(encoded) ? void 0 : "invalid-format";
}
var FORM_HINT = "An image reference is [registry[:port]/]repository[:tag][@sha256:<64 hex digits>] with a lowercase repository, e.g. registry.example.com/team/app:1.4.2";
var InvalidReferenceError = class extends DigestpinError {
  problem;
  /** The reason alone, without the input (the message is `<input>: <why>`). */
  why;
  constructor(input, problem, why, hint = FORM_HINT) {
    super("INVALID_REFERENCE", `${input === "" ? "(empty reference)" : input}: ${why}`, hint);
    this.problem = problem;
    this.why = why;
  }
};
function digestError(input, digest) {
  const problem = digestProblem(digest);
  if (problem === void 0) return void 0;
  const algorithm = digest.slice(0, digest.indexOf(":"));
  if (problem === "invalid-length") {
    const hex = digest.length - algorithm.length - 1;
    return new InvalidReferenceError(
      input,
      "digest-invalid-length",
      `invalid digest length: ${algorithm} needs ${algorithm === "sha256" ? 64 : algorithm === "sha384" ? 96 : 128} hex digits, got ${hex}`
    );
  }
  if (problem === "unsupported") {
    return new InvalidReferenceError(
      input,
      "digest-unsupported",
      `unsupported digest algorithm "${algorithm}" (sha256, sha384 and sha512 are supported)`
    );
  }
  return new InvalidReferenceError(
    input,
    "digest-invalid-format",
    "invalid digest format (expected sha256: and 64 lowercase hex digits)"
  );
}
function checkPathLength(input, path) {
  if (path.length > NAME_TOTAL_LENGTH_MAX) {
    throw new InvalidReferenceError(
      input,
      "name-too-long",
      `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters (it has ${path.length})`
    );
  }
}
function explainInvalid(input) {
  if (/\s/.test(input)) return "contains whitespace";
  const at = input.indexOf("@");
  const digest = at >= 0 ? input.slice(at + 1) : void 0;
  const beforeDigest = at >= 0 ? input.slice(0, at) : input;
  if (digest !== void 0 && !anchoredDigestRegexp.test(digest)) {
    return `invalid digest format "${digest}" (expected algorithm:hex, e.g. sha256: and 64 hex digits)`;
  }
  const lastSlash = beforeDigest.lastIndexOf("/");
  const colon = beforeDigest.indexOf(":", lastSlash + 1);
  const name = colon >= 0 ? beforeDigest.slice(0, colon) : beforeDigest;
  if (colon >= 0) {
    const tag = beforeDigest.slice(colon + 1);
    if (!anchoredTagRegexp.test(tag)) {
      return `invalid tag format "${tag}" (a tag is 1 to 128 of A-Z a-z 0-9 _ . -, not starting with . or -)`;
    }
  }
  if (name === "") return "repository name is missing";
  const components = name.split("/");
  const first = components[0] ?? "";
  if (components.length > 1 && !anchoredDomainRegexp.test(first)) {
    if (!anchoredPathComponentRegexp.test(first)) return `invalid registry domain "${first}"`;
  }
  for (const component of components.slice(components.length > 1 ? 1 : 0)) {
    if (!anchoredPathComponentRegexp.test(component)) {
      return `invalid repository path component "${component}" (lowercase letters and digits, separated by . _ __ or dashes)`;
    }
  }
  return "not of the form [registry/]repository[:tag][@digest]";
}

// src/reference.ts
var DEFAULT_DOMAIN = "docker.io";
var LEGACY_DEFAULT_DOMAIN = "index.docker.io";
var OFFICIAL_REPO_PREFIX = "library/";
function isDigestReference(ref) {
  return !("path" in ref);
}
function parse(s) {
  const m = submatch(referenceRegexp, s);
  if (!m) {
    if (s === "") {
      throw new InvalidReferenceError(
        s,
        "name-empty",
        "repository name must have at least one component"
      );
    }
    if (referenceRegexp.test(s.toLowerCase())) {
      throw new InvalidReferenceError(
        s,
        "name-contains-uppercase",
        "repository name must be lowercase"
      );
    }
    throw new InvalidReferenceError(
      s,
      "invalid-format",
      `invalid reference format: ${explainInvalid(s)}`
    );
  }
  const [, name = "", tag = "", digest = ""] = m;
  const nm = submatch(anchoredNameRegexp, name);
  const domain = nm?.[1] ?? "";
  const path = nm?.[2] ?? name;
  checkPathLength(s, path);
  const ref = { domain, path };
  if (tag !== "") ref.tag = tag;
  if (digest !== "") {
    const err = digestError(s, digest);
    if (err) throw err;
    ref.digest = digest;
  }
  return ref;
}
function splitDockerDomain(name) {
  const i = name.indexOf("/");
  let domain;
  let remainder;
  const first = i === -1 ? "" : name.slice(0, i);
  if (i === -1 || !/[.:]/.test(first) && first !== "localhost" && first.toLowerCase() === first) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(i + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes("/"))
    remainder = OFFICIAL_REPO_PREFIX + remainder;
  return { domain, remainder };
}
function parseNormalizedNamed(s) {
  if (anchoredIdentifierRegexp.test(s)) {
    throw new InvalidReferenceError(
      s,
      "hex-identifier",
      "a 64-hex-digit string is an image ID, not a repository name",
      "To refer to an image by digest write repository@sha256:<64 hex digits>."
    );
  }
  const { domain, remainder } = splitDockerDomain(s);
  const tagSep = remainder.indexOf(":");
  const remote = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remote.toLowerCase() !== remote) {
    throw new InvalidReferenceError(
      s,
      "name-contains-uppercase",
      `repository name must be lowercase ("${remote}")`
    );
  }
  try {
    return parse(`${domain}/${remainder}`);
  } catch (err) {
    if (err instanceof InvalidReferenceError) {
      const missing = err.problem === "invalid-format" && /^([:@]|$)/.test(s);
      const why = missing ? "invalid reference format: repository name is missing" : err.why;
      throw new InvalidReferenceError(s, err.problem, why, err.hint);
    }
    throw err;
  }
}
function repositoryName(ref) {
  return ref.domain === "" ? ref.path : `${ref.domain}/${ref.path}`;
}
function referenceString(ref) {
  if (isDigestReference(ref)) return ref.digest;
  return `${repositoryName(ref)}${ref.tag !== void 0 ? `:${ref.tag}` : ""}${ref.digest !== void 0 ? `@${ref.digest}` : ""}`;
}
function parseReference(input) {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input);
  if (scheme)
    throw new InvalidReferenceError(
      input,
      "invalid-format",
      `an image reference has no scheme; drop "${scheme[0]}"`,
      `Write it as ${input.slice(scheme[0].length).replace(/\/+$/, "")} (digestpin speaks HTTPS; --insecure allows plain HTTP).`
    );
  return parseNormalizedNamed(input);
}
function tryParseReference(input) {
  try {
    return parseNormalizedNamed(input);
  } catch {
    return void 0;
  }
}
function formatReference(ref) {
  return referenceString(ref);
}
function sameRepository(a, b) {
  const ra = typeof a === "string" ? tryParseReference(a) : a;
  const rb = typeof b === "string" ? tryParseReference(b) : b;
  return ra !== void 0 && rb !== void 0 && repositoryName(ra) === repositoryName(rb);
}
function isValidTag(tag) {
  return anchoredTagRegexp.test(tag);
}

export {
  repositoryName,
  parseReference,
  tryParseReference,
  formatReference,
  sameRepository,
  isValidTag
};
//# sourceMappingURL=chunk-A5WBNSYW.js.map
