/**
 * The image-reference grammar of distribution/reference (regexp.go) and the digest rules of
 * go-digest, as JavaScript regular expressions. Go's regexp is RE2 with leftmost-first
 * (Perl-like) preference, so the same patterns capture the same groups in JS; the only
 * translation is `[[:xdigit:]]` → `[0-9A-Fa-f]` (Go's `\w` is ASCII `[0-9A-Za-z_]`, as in JS
 * without the `u` flag). Also here: the error type for refused references, with the reason
 * spelled out, and the Go path.Match glob used by familiarMatch.
 */

import { DigestpinError } from './errors.js';

/** The longest repository path (the name without domain, tag or digest) the registry accepts. */
export const NAME_TOTAL_LENGTH_MAX = 255;

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const optionalPort = '(?::[0-9]+)?';
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const host = `(?:${domainName}|${ipv6address})`;

/** Source of the domain-and-optional-port pattern (Go `DomainRegexp`, unanchored). */
export const domainAndPortPattern = `${host}${optionalPort}`;
/** Source of the tag pattern: `[\w][\w.-]{0,127}`. */
export const tagPattern = '[\\w][\\w.-]{0,127}';
/** Source of the digest pattern: `algorithm:hex` with at least 32 hex digits. */
export const digestPattern =
  '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
/** Source of one lowercase path component. */
export const pathComponentPattern = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponentPattern}(?:/${pathComponentPattern})*`;
const namePattern = `(?:${domainAndPortPattern}/)?${remoteName}`;

const anchored = (source: string): RegExp => new RegExp(`^${source}$`);

/** Domain with optional port, anchored at both ends (syntax only; ports are not range-checked). */
export const anchoredDomainRegexp = anchored(domainAndPortPattern);
/** A whole name: group 1 = domain ('' or undefined when absent), group 2 = path. */
export const anchoredNameRegexp = anchored(`(?:(${domainAndPortPattern})/)?(${remoteName})`);
/** A whole reference: group 1 = name, group 2 = tag, group 3 = digest. */
export const referenceRegexp = anchored(
  `(${namePattern})(?::(${tagPattern}))?(?:@(${digestPattern}))?`,
);
export const anchoredTagRegexp = anchored(tagPattern);
export const anchoredDigestRegexp = anchored(digestPattern);
/** A bare 64-hex-digit image ID, which is never a valid repository name. */
export const anchoredIdentifierRegexp = anchored('([a-f0-9]{64})');
const anchoredPathComponentRegexp = anchored(pathComponentPattern);

/**
 * Matches `re` against `input` and returns the capture groups with Go's convention: an empty or
 * unused group is '' (JS gives undefined for a group that did not participate).
 */
export function submatch(re: RegExp, input: string): string[] | undefined {
  const m = re.exec(input);
  return m ? Array.from(m, (g) => g ?? '') : undefined;
}

/** go-digest's algorithms with their hex length. sha512 is accepted (see the conformance README). */
const DIGEST_ALGORITHMS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
/** go-digest `DigestRegexp`: any syntactically plausible `algorithm:encoded`. */
const goDigestRegexp = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export type DigestProblem = 'invalid-format' | 'unsupported' | 'invalid-length';

/** go-digest `Digest.Validate`: undefined when valid, else why not. */
export function digestProblem(digest: string): DigestProblem | undefined {
  const i = digest.indexOf(':');
  if (i <= 0 || i + 1 === digest.length) return 'invalid-format';
  const algorithm = digest.slice(0, i);
  const encoded = digest.slice(i + 1);
  const length = DIGEST_ALGORITHMS[algorithm];
  if (length === undefined) return goDigestRegexp.test(digest) ? 'unsupported' : 'invalid-format';
  if (encoded.length !== length) return 'invalid-length';
  return /^[a-f0-9]+$/.test(encoded) ? undefined : 'invalid-format';
}

/** Why a reference was refused; each maps to a Go error variable of reference or go-digest. */
export type ReferenceProblem =
  | 'name-empty'
  | 'name-too-long'
  | 'name-contains-uppercase'
  | 'invalid-format'
  | 'name-not-canonical'
  | 'digest-invalid-format'
  | 'digest-invalid-length'
  | 'digest-unsupported'
  | 'tag-invalid-format'
  | 'hex-identifier';

const FORM_HINT =
  'An image reference is [registry[:port]/]repository[:tag][@sha256:<64 hex digits>] with a lowercase repository, e.g. registry.example.com/team/app:1.4.2';

export class InvalidReferenceError extends DigestpinError {
  readonly problem: ReferenceProblem;
  /** The reason alone, without the input (the message is `<input>: <why>`). */
  readonly why: string;
  constructor(input: string, problem: ReferenceProblem, why: string, hint = FORM_HINT) {
    super('INVALID_REFERENCE', `${input === '' ? '(empty reference)' : input}: ${why}`, hint);
    this.problem = problem;
    this.why = why;
  }
}

export function digestError(input: string, digest: string): InvalidReferenceError | undefined {
  const problem = digestProblem(digest);
  if (problem === undefined) return undefined;
  const algorithm = digest.slice(0, digest.indexOf(':'));
  if (problem === 'invalid-length') {
    const hex = digest.length - algorithm.length - 1;
    return new InvalidReferenceError(
      input,
      'digest-invalid-length',
      `invalid digest length: ${algorithm} needs ${algorithm === 'sha256' ? 64 : algorithm === 'sha384' ? 96 : 128} hex digits, got ${hex}`,
    );
  }
  if (problem === 'unsupported') {
    return new InvalidReferenceError(
      input,
      'digest-unsupported',
      `unsupported digest algorithm "${algorithm}" (sha256, sha384 and sha512 are supported)`,
    );
  }
  return new InvalidReferenceError(
    input,
    'digest-invalid-format',
    'invalid digest format (expected sha256: and 64 lowercase hex digits)',
  );
}

export function checkPathLength(input: string, path: string): void {
  if (path.length > NAME_TOTAL_LENGTH_MAX) {
    throw new InvalidReferenceError(
      input,
      'name-too-long',
      `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters (it has ${path.length})`,
    );
  }
}

/**
 * Explains why `input` (which failed the reference pattern) is not a reference, naming the part
 * that is wrong. Used only to build error messages; the accept/reject decision is the regexp's.
 */
export function explainInvalid(input: string): string {
  if (/\s/.test(input)) return 'contains whitespace';
  const at = input.indexOf('@');
  const digest = at >= 0 ? input.slice(at + 1) : undefined;
  const beforeDigest = at >= 0 ? input.slice(0, at) : input;
  if (digest !== undefined && !anchoredDigestRegexp.test(digest)) {
    return `invalid digest format "${digest}" (expected algorithm:hex, e.g. sha256: and 64 hex digits)`;
  }
  const lastSlash = beforeDigest.lastIndexOf('/');
  const colon = beforeDigest.indexOf(':', lastSlash + 1);
  const name = colon >= 0 ? beforeDigest.slice(0, colon) : beforeDigest;
  if (colon >= 0) {
    const tag = beforeDigest.slice(colon + 1);
    if (!anchoredTagRegexp.test(tag)) {
      return `invalid tag format "${tag}" (a tag is 1 to 128 of A-Z a-z 0-9 _ . -, not starting with . or -)`;
    }
  }
  if (name === '') return 'repository name is missing';
  const components = name.split('/');
  const first = components[0] ?? '';
  if (components.length > 1 && !anchoredDomainRegexp.test(first)) {
    if (!anchoredPathComponentRegexp.test(first)) return `invalid registry domain "${first}"`;
  }
  for (const component of components.slice(components.length > 1 ? 1 : 0)) {
    if (!anchoredPathComponentRegexp.test(component)) {
      return `invalid repository path component "${component}" (lowercase letters and digits, separated by . _ __ or dashes)`;
    }
  }
  return 'not of the form [registry/]repository[:tag][@digest]';
}

function unicodeEscape(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Go path.Match syntax as a RegExp: `*` and `?` never match `/`; `[^a-z]` classes; `\` escapes. */
export function globRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      let j = i + 1;
      let body = '';
      if (pattern.charAt(j) === '^') {
        body = '^';
        j++;
      }
      for (; j < pattern.length && pattern.charAt(j) !== ']'; j++) {
        const escaped = pattern.charAt(j) === '\\';
        if (escaped) j++;
        const ch = pattern.charAt(j);
        body += !escaped && /[a-zA-Z0-9-]/.test(ch) ? ch : unicodeEscape(ch);
      }
      if (j >= pattern.length)
        throw new DigestpinError(
          'INVALID_INPUT',
          `${pattern}: unterminated [ in pattern`,
          'Close the character class with ].',
        );
      out += `[${body}]`;
      i = j;
    } else {
      if (c === '\\' && i + 1 < pattern.length) i++;
      out += unicodeEscape(pattern.charAt(i));
    }
  }
  return new RegExp(`^${out}$`);
}
