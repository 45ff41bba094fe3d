/**
 * Image references, parsed, normalised and formatted exactly as distribution/reference does
 * (reference.go, normalize.go, helpers.go). The Go entry points are mirrored one to one
 * (parse = Parse, parseNormalizedNamed = ParseNormalizedNamed, …) so the upstream test tables in
 * test/fixtures/reference can check them; the rest of digestpin uses the small API at the
 * bottom (parseReference, formatReference, …).
 *
 * An ImageReference's `domain` is '' when the input had no registry part (only `parse` and
 * `withName` produce that; every normalising function fills in docker.io).
 */
import {
  InvalidReferenceError,
  checkPathLength,
  digestError,
  anchoredDigestRegexp,
  anchoredIdentifierRegexp,
  anchoredNameRegexp,
  anchoredTagRegexp,
  digestProblem,
  explainInvalid,
  globRegExp,
  referenceRegexp,
  submatch,
} from './reference-grammar.js';

export * from './reference-grammar.js';

export interface ImageReference {
  domain: string;
  path: string;
  tag?: string;
  digest?: string;
}
/** Go `digestReference`: a bare digest with no name (only parseAnyReference returns one). */
export interface DigestReference {
  digest: string;
}
export type AnyReference = ImageReference | DigestReference;

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';

export function isDigestReference(ref: AnyReference): ref is DigestReference {
  return !('path' in ref);
}

/** Go `Parse`: no normalisation; the first of several components is the domain when it can be one. */
export function parse(s: string): ImageReference {
  const m = submatch(referenceRegexp, s);
  if (!m) {
    if (s === '') {
      throw new InvalidReferenceError(
        s,
        'name-empty',
        'repository name must have at least one component',
      );
    }
    if (referenceRegexp.test(s.toLowerCase())) {
      throw new InvalidReferenceError(
        s,
        'name-contains-uppercase',
        'repository name must be lowercase',
      );
    }
    throw new InvalidReferenceError(
      s,
      'invalid-format',
      `invalid reference format: ${explainInvalid(s)}`,
    );
  }
  const [, name = '', tag = '', digest = ''] = m;
  const nm = submatch(anchoredNameRegexp, name);
  const domain = nm?.[1] ?? '';
  const path = nm?.[2] ?? name;
  checkPathLength(s, path);
  const ref: ImageReference = { domain, path };
  if (tag !== '') ref.tag = tag;
  if (digest !== '') {
    const err = digestError(s, digest);
    if (err) throw err;
    ref.digest = digest;
  }
  return ref;
}

/** Go `splitDockerDomain`. */
export function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const i = name.indexOf('/');
  let domain: string;
  let remainder: string;
  const first = i === -1 ? '' : name.slice(0, i);
  if (i === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(i + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/'))
    remainder = OFFICIAL_REPO_PREFIX + remainder;
  return { domain, remainder };
}

/** Go `ParseNormalizedNamed`: nginx → docker.io/library/nginx; no default tag is added. */
export function parseNormalizedNamed(s: string): ImageReference {
  if (anchoredIdentifierRegexp.test(s)) {
    throw new InvalidReferenceError(
      s,
      'hex-identifier',
      'a 64-hex-digit string is an image ID, not a repository name',
      'To refer to an image by digest write repository@sha256:<64 hex digits>.',
    );
  }
  const { domain, remainder } = splitDockerDomain(s);
  const tagSep = remainder.indexOf(':');
  const remote = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remote.toLowerCase() !== remote) {
    throw new InvalidReferenceError(
      s,
      'name-contains-uppercase',
      `repository name must be lowercase ("${remote}")`,
    );
  }
  try {
    return parse(`${domain}/${remainder}`);
  } catch (err) {
    // Report the input as the user wrote it, not the normalised form we built.
    if (err instanceof InvalidReferenceError) {
      const missing = err.problem === 'invalid-format' && /^([:@]|$)/.test(s);
      const why = missing ? 'invalid reference format: repository name is missing' : err.why;
      throw new InvalidReferenceError(s, err.problem, why, err.hint);
    }
    throw err;
  }
}

/** Go `ParseNamed`: only canonical (already fully normalised) names are accepted. */
export function parseNamed(s: string): ImageReference {
  const named = parseNormalizedNamed(s);
  const canonical = referenceString(named);
  if (canonical !== s) {
    throw new InvalidReferenceError(
      s,
      'name-not-canonical',
      `repository name must be canonical (the canonical form is ${canonical})`,
    );
  }
  return named;
}

/** Go `ParseAnyReference`: a bare or sha256:-prefixed image ID becomes a digest reference. */
export function parseAnyReference(s: string): AnyReference {
  if (anchoredIdentifierRegexp.test(s)) return { digest: `sha256:${s}` };
  if (digestProblem(s) === undefined) return { digest: s };
  return parseNormalizedNamed(s);
}

/** Go `ParseDockerRef`: normalised, `:latest` added when there is no tag or digest, tag dropped when both. */
export function parseDockerRef(s: string): ImageReference {
  const named = parseNormalizedNamed(s);
  if (named.tag !== undefined && named.digest !== undefined) {
    return withDigest(withName(repositoryName(named)), named.digest);
  }
  return tagNameOnly(named);
}

/** Go `TagNameOnly`: adds the default tag `latest` to a bare name. */
export function tagNameOnly(ref: ImageReference): ImageReference {
  if (ref.tag === undefined && ref.digest === undefined) return { ...ref, tag: 'latest' };
  return ref;
}

/** Go `WithName`: a bare repository name, not normalised. */
export function withName(name: string): ImageReference {
  const m = submatch(anchoredNameRegexp, name);
  if (!m) {
    throw new InvalidReferenceError(
      name,
      'invalid-format',
      `invalid reference format: not a repository name (${explainInvalid(name)})`,
    );
  }
  const [, domain = '', path = ''] = m;
  checkPathLength(name, path);
  return { domain, path };
}

/** Go `WithTag`: sets the tag, keeping any digest. */
export function withTag(ref: ImageReference, tag: string): ImageReference {
  if (!anchoredTagRegexp.test(tag)) {
    throw new InvalidReferenceError(
      tag,
      'tag-invalid-format',
      'invalid tag format (1 to 128 of A-Z a-z 0-9 _ . -, not starting with . or -)',
    );
  }
  return { ...ref, tag };
}

/** Go `WithDigest`: sets the digest after a syntax check only (length is not checked). */
export function withDigest(ref: ImageReference, digest: string): ImageReference {
  if (!anchoredDigestRegexp.test(digest)) {
    throw new InvalidReferenceError(
      digest,
      'digest-invalid-format',
      'invalid digest format (expected algorithm:hex)',
    );
  }
  return { ...ref, digest };
}

/** Go `Named.Name()`: domain/path, or path alone when there is no domain. */
export function repositoryName(ref: ImageReference): string {
  return ref.domain === '' ? ref.path : `${ref.domain}/${ref.path}`;
}

/** Go `String()`: name[:tag][@digest]. */
export function referenceString(ref: AnyReference): string {
  if (isDigestReference(ref)) return ref.digest;
  return `${repositoryName(ref)}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

function familiarize(ref: ImageReference): ImageReference {
  if (ref.domain !== DEFAULT_DOMAIN) return ref;
  let path = ref.path;
  if (path.startsWith(OFFICIAL_REPO_PREFIX)) {
    const rest = path.slice(OFFICIAL_REPO_PREFIX.length);
    if (!rest.includes('/')) path = rest;
  }
  return { ...ref, domain: '', path };
}

/** Go `FamiliarName`: docker.io/library/nginx → nginx. */
export function familiarName(ref: ImageReference): string {
  return repositoryName(familiarize(ref));
}

/** Go `FamiliarString`: the short Docker-UI form with tag and digest, e.g. nginx:1.27. */
export function familiarString(ref: AnyReference): string {
  return isDigestReference(ref) ? ref.digest : referenceString(familiarize(ref));
}

/** Go `FamiliarMatch`: the glob (Go path.Match) against the familiar string, then the familiar name. */
export function familiarMatch(pattern: string, ref: AnyReference): boolean {
  const re = globRegExp(pattern);
  if (re.test(familiarString(ref))) return true;
  return !isDigestReference(ref) && re.test(familiarName(ref));
}

// ---- The API the rest of digestpin uses ----

/** Parses and normalises (ParseNormalizedNamed); throws INVALID_REFERENCE saying why. */
export function parseReference(input: string): ImageReference {
  // `https://host/repo` reads as the domain "https:"; say what is wrong instead
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input);
  if (scheme)
    throw new InvalidReferenceError(
      input,
      'invalid-format',
      `an image reference has no scheme; drop "${scheme[0]}"`,
      `Write it as ${input.slice(scheme[0].length).replace(/\/+$/, '')} (digestpin speaks HTTPS; --insecure allows plain HTTP).`,
    );
  return parseNormalizedNamed(input);
}

export function tryParseReference(input: string): ImageReference | undefined {
  try {
    return parseNormalizedNamed(input);
  } catch {
    return undefined;
  }
}

/** Canonical form: docker.io/library/nginx:1.27@sha256:…. */
export function formatReference(ref: ImageReference): string {
  return referenceString(ref);
}

/** Whether two references name the same repository after normalisation; false if either is invalid. */
export function sameRepository(a: string | ImageReference, b: string | ImageReference): boolean {
  const ra = typeof a === 'string' ? tryParseReference(a) : a;
  const rb = typeof b === 'string' ? tryParseReference(b) : b;
  return ra !== undefined && rb !== undefined && repositoryName(ra) === repositoryName(rb);
}

export function isValidTag(tag: string): boolean {
  return anchoredTagRegexp.test(tag);
}

/** A digest `Parse` accepts: sha256/sha384/sha512 with the right number of lowercase hex digits. */
export function isValidDigest(digest: string): boolean {
  return anchoredDigestRegexp.test(digest) && digestProblem(digest) === undefined;
}
