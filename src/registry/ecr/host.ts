// Which hosts are Amazon ECR private registries, and which account and region a run talks to.
// Pure functions: no SDK, no network (REGISTRY-FACTS.md §4 "Registry hosts").
import { DigestpinError } from '../../errors.js';

export interface EcrHost {
  account: string;
  region: string;
  fips: boolean;
  dualStack: boolean;
}

/** Where ECR API calls go for one registry host. */
export interface EcrTarget {
  /** The registry host as written in the reference (lower-cased). */
  host: string;
  /** Registry id for API calls; undefined in forced mode on a host without an account (default registry). */
  account?: string;
  region: string;
  fips: boolean;
  dualStack: boolean;
  /** True when ECR mode comes from --ecr rather than from the host name. */
  forced: boolean;
}

const REGION = '[a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}';
// <account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn], plus the ISO partitions of the
// cloud-provider-aws ecr-credential-provider regex.
const STANDARD = new RegExp(
  `^(\\d{12})\\.dkr\\.ecr(-fips)?\\.(${REGION})\\.(?:amazonaws\\.com(?:\\.cn)?|c2s\\.ic\\.gov|sc2s\\.sgov\\.gov)$`,
);
// Dual-stack (2025): <account>.dkr-ecr[-fips].<region>.on.aws
const DUAL_STACK = new RegExp(`^(\\d{12})\\.dkr-ecr(-fips)?\\.(${REGION})\\.on\\.aws$`);
const REGION_ONLY = new RegExp(`^${REGION}$`);

/** Recognises an ECR private registry host; undefined for anything else (ECR Public included). */
export function parseEcrHost(host: string): EcrHost | undefined {
  const h = host.toLowerCase();
  const standard = STANDARD.exec(h);
  if (standard) {
    return {
      account: standard[1],
      region: standard[3],
      fips: standard[2] !== undefined,
      dualStack: false,
    };
  }
  const dual = DUAL_STACK.exec(h);
  if (dual) {
    return { account: dual[1], region: dual[3], fips: dual[2] !== undefined, dualStack: true };
  }
  return undefined;
}

export interface EcrModeOptions {
  /** --ecr: treat the host as ECR even when its name does not say so (emulators, proxies). */
  ecr?: boolean;
  /** --region */
  region?: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Decides whether a run on `host` uses ECR and where its API calls go. Region: --region, else the
 * host's, else AWS_REGION, else AWS_DEFAULT_REGION. Returns undefined for a non-ECR host without
 * --ecr. Throws USAGE when ECR mode has no region or --region contradicts the host.
 */
export function resolveEcrTarget(host: string, opts: EcrModeOptions): EcrTarget | undefined {
  const parsed = parseEcrHost(host);
  if (!parsed && !opts.ecr) return undefined;
  const explicit = opts.region?.trim() || undefined;
  if (explicit !== undefined && !REGION_ONLY.test(explicit)) {
    throw new DigestpinError(
      'USAGE',
      `--region "${explicit}" is not an AWS region name`,
      'Pass a region such as --region us-east-1.',
    );
  }
  if (parsed && explicit !== undefined && explicit !== parsed.region) {
    throw new DigestpinError(
      'USAGE',
      `--region ${explicit} contradicts the region ${parsed.region} in the ECR host ${host}`,
      `Drop --region (the host already names the region) or use the registry host of ${explicit}.`,
    );
  }
  const region =
    explicit ??
    parsed?.region ??
    (opts.env.AWS_REGION?.trim() || undefined) ??
    (opts.env.AWS_DEFAULT_REGION?.trim() || undefined);
  if (region === undefined) {
    throw new DigestpinError(
      'USAGE',
      `ECR mode (--ecr) for ${host} needs an AWS region, and none is set`,
      'Pass --region <region> or set AWS_REGION (aws-actions/configure-aws-credentials sets it).',
    );
  }
  return {
    host: host.toLowerCase(),
    account: parsed?.account,
    region,
    fips: parsed?.fips ?? false,
    dualStack: parsed?.dualStack ?? false,
    forced: !parsed,
  };
}
