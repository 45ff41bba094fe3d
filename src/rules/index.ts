/**
 * Runs the check rules over located images: parses each value once, lets every rule look at it,
 * and drops what `--ignore` or an inline `# digestpin-ignore: <rule>` comment silences.
 */
import { DigestpinError } from '../errors.js';
import { invalidReference } from './invalid-reference.js';
import { latestWithDigest } from './latest-with-digest.js';
import { legacyRegistry } from './legacy-registry.js';
import { mutableTag } from './mutable-tag.js';
import { neverPullPolicy } from './never-pull-policy.js';
import { unpinnedImage } from './unpinned-image.js';
import { RULE_IDS, type Finding, type ImageInput, type ParsedImage, type Rule } from './types.js';

export { legacyRewrite } from './legacy-registry.js';
export * from './types.js';

/** Every rule, in the order of RULE_IDS (the SARIF ruleIndex is the index in this array). */
export const RULES: readonly Rule[] = [
  unpinnedImage,
  mutableTag,
  latestWithDigest,
  legacyRegistry,
  neverPullPolicy,
  invalidReference,
];

/** The located images of one file. */
export interface RuleFile {
  path: string;
  images: ImageInput[];
}

export interface RunRulesOptions {
  /** Rules dropped for the run (--ignore). */
  ignore: string[];
  /** Parses an image value; throws (any error with a message) when it is not a valid reference. */
  parse: (value: string) => ParsedImage;
}

/** Throws USAGE for an --ignore value that names no rule (a typo would silently check nothing). */
export function validateIgnore(ignore: string[]): void {
  const known: readonly string[] = RULE_IDS;
  const unknown = ignore.filter((r) => !known.includes(r));
  if (unknown.length > 0) {
    throw new DigestpinError(
      'USAGE',
      `--ignore ${unknown.join(', ')}: no such rule`,
      `Rules: ${RULE_IDS.join(', ')}.`,
    );
  }
}

/** Findings for every image of every file, in file order, then line and column. */
export function runRules(files: RuleFile[], opts: RunRulesOptions): Finding[] {
  validateIgnore(opts.ignore);
  const findings: Finding[] = [];
  for (const file of files) {
    const own: Finding[] = [];
    for (const image of file.images) {
      // A templated value ({{ .Values.image }}) is only known at render time.
      if (image.value.includes('{{')) continue;
      let ref: ParsedImage | undefined;
      let parseError: string | undefined;
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
            fix: hit.fix,
          });
        }
      }
    }
    own.sort((a, b) => a.line - b.line || a.column - b.column);
    findings.push(...own);
  }
  return findings;
}

/** Counts by severity, for summaries and the exit code. */
export function countFindings(findings: Finding[]): { errors: number; warnings: number } {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { errors, warnings: findings.length - errors };
}
