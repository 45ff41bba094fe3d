/**
 * The action's inputs and outputs: their names (defined once, here), and one function that reads and
 * validates every input into a typed object. An invalid value fails with INVALID_INPUT naming the
 * input, the value and what is accepted; nothing is silently defaulted from a typo.
 */
import * as core from '@actions/core';
import { DigestpinError } from '../errors.js';
import { MANIFEST_FORMATS, type ManifestFormat } from '../registry/media-types.js';

/** Input names, exactly as in action.yml. */
export const Input = {
  source: 'source',
  repository: 'repository',
  tag: 'tag',
  format: 'format',
  allPlatforms: 'all-platforms',
  attestations: 'attestations',
  manifests: 'manifests',
  insecure: 'insecure',
  ensureImmutable: 'ensure-immutable',
  dryRun: 'dry-run',
  comment: 'comment',
  githubToken: 'github-token',
  createRepository: 'create-repository',
  region: 'region',
  ecr: 'ecr',
  authfile: 'authfile',
} as const;

/** Output names, exactly as in action.yml (the same names as push's --json fields). */
export const Output = {
  /** The whole push result document (as `digestpin push --json` prints it). */
  json: 'json',
  tag: 'tag',
  digest: 'digest',
  image: 'image',
  ref: 'ref',
  pushed: 'pushed',
  changedFiles: 'changed-files',
} as const;

export const ATTESTATIONS = ['keep', 'drop'] as const;
export type Attestations = (typeof ATTESTATIONS)[number];

export interface ActionInputs {
  source: string;
  repository: string;
  /** Tag or template; undefined = the default template. */
  tag?: string;
  format: ManifestFormat;
  allPlatforms: boolean;
  /** With all-platforms in v2s2: attestation manifests pushed beside the list (keep) or not. */
  attestations: Attestations;
  manifests: string[];
  insecure: boolean;
  ensureImmutable: boolean;
  dryRun: boolean;
  comment: boolean;
  /** May be empty when the workflow passes none; only the PR comment needs it. */
  githubToken: string;
  /** ECR: create a missing repository (IMMUTABLE tags, scan on push). */
  createRepository: boolean;
  /** ECR: the AWS region (default: from the host, then AWS_REGION). */
  region?: string;
  /** Force ECR mode for any host. */
  ecr: boolean;
  /** A registry credentials file (containers auth.json or docker config.json format). */
  authfile?: string;
}

const BOOLEAN_VALUES =
  'true, false (YAML 1.2 core schema: true | True | TRUE | false | False | FALSE)';

function required(name: string): string {
  const value = core.getInput(name);
  if (!value) {
    throw new DigestpinError(
      'INVALID_INPUT',
      `input "${name}" is required but was empty`,
      `Set \`with: ${name}: …\` on the digestpin step.`,
    );
  }
  return value;
}

/** getBooleanInput, but an empty value takes the action.yml default and junk names the input. */
function boolean(name: string, fallback: boolean): boolean {
  if (core.getInput(name) === '') return fallback;
  try {
    return core.getBooleanInput(name);
  } catch {
    throw new DigestpinError(
      'INVALID_INPUT',
      `input "${name}" must be a boolean, got ${JSON.stringify(core.getInput(name))}`,
      `Accepted values: ${BOOLEAN_VALUES}.`,
    );
  }
}

function format(): ManifestFormat {
  const value = core.getInput(Input.format) || 'v2s2';
  const found = MANIFEST_FORMATS.find((f) => f === value);
  if (!found) {
    throw new DigestpinError(
      'INVALID_INPUT',
      `input "${Input.format}" must be one of ${MANIFEST_FORMATS.join(', ')}, got ${JSON.stringify(value)}`,
      'Use v2s2 (Docker v2 schema 2, pulls on every runtime) unless you need OCI.',
    );
  }
  return found;
}

function attestations(): Attestations {
  const value = core.getInput(Input.attestations) || 'keep';
  const found = ATTESTATIONS.find((a) => a === value);
  if (!found) {
    throw new DigestpinError(
      'INVALID_INPUT',
      `input "${Input.attestations}" must be one of ${ATTESTATIONS.join(', ')}, got ${JSON.stringify(value)}`,
      'Use keep (push the provenance beside the v2s2 list) or drop (leave it out).',
    );
  }
  return found;
}

/** Splits a newline- or comma-separated list; blank entries are dropped. */
export function splitList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Reads and validates every input (from INPUT_* variables, as the runner sets them). */
export function readInputs(): ActionInputs {
  const tag = core.getInput(Input.tag);
  return {
    source: required(Input.source),
    repository: required(Input.repository),
    tag: tag === '' ? undefined : tag,
    format: format(),
    allPlatforms: boolean(Input.allPlatforms, false),
    attestations: attestations(),
    manifests: splitList(core.getInput(Input.manifests)),
    insecure: boolean(Input.insecure, false),
    ensureImmutable: boolean(Input.ensureImmutable, false),
    dryRun: boolean(Input.dryRun, false),
    comment: boolean(Input.comment, true),
    githubToken: core.getInput(Input.githubToken),
    createRepository: boolean(Input.createRepository, false),
    region: core.getInput(Input.region) || undefined,
    ecr: boolean(Input.ecr, false),
    authfile: core.getInput(Input.authfile) || undefined,
  };
}
