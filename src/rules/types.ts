/**
 * Shared shapes of the check rules. A rule looks at one located image (already parsed) and returns
 * zero or more hits; src/rules/index.ts turns hits into findings and applies the ignore lists.
 */
import type { ImageField } from '../manifests/locate.js';

/** Every rule of DESIGN.md "check rules", in the order they are documented and reported. */
export const RULE_IDS = [
  'unpinned-image',
  'mutable-tag',
  'latest-with-digest',
  'legacy-registry',
  'never-pull-policy',
  'invalid-reference',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'error' | 'warning';

/** One problem found in one file (the JSON shape of DESIGN.md "JSON results", check). */
export interface Finding {
  path: string;
  line: number;
  column: number;
  rule: string;
  severity: Severity;
  image: string;
  message: string;
  fix: string;
}

/** The parts of a parsed image reference the rules need (structurally an ImageReference). */
export interface ParsedImage {
  domain: string;
  path: string;
  tag?: string;
  digest?: string;
}

/** The parts of a located image field the rules need. */
export type ImageInput = Pick<
  ImageField,
  'kind' | 'value' | 'line' | 'column' | 'ignore' | 'pullPolicy' | 'unquotedTag'
>;

/**
 * What a rule is given: the file, the field and either the parsed reference or, when the value is
 * not a valid reference, why (then only invalid-reference looks at it).
 */
export interface RuleContext {
  path: string;
  image: ImageInput;
  ref?: ParsedImage;
  parseError?: string;
}

/** What a rule reports; the position defaults to the image value's. */
export interface RuleHit {
  message: string;
  fix: string;
  line?: number;
  column?: number;
}

/** A rule: its documentation (used by the SARIF reporter too) and its check. */
export interface Rule {
  id: RuleId;
  severity: Severity;
  /** One line: what the rule fires on. */
  summary: string;
  /** Why it matters: the failure in the field it prevents. */
  description: string;
  /** How to fix it, in general terms. */
  help: string;
  check(ctx: RuleContext): RuleHit[];
}
