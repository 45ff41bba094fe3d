// Turns AWS SDK errors and ECR registry rejections into DigestpinErrors with hints users can act on.
import { DigestpinError } from '../../errors.js';
import type { EcrTarget } from './host.js';

/** Every IAM action digestpin needs on ECR (push, guard, mutability check). */
export const ECR_IAM_ACTIONS = [
  'ecr:GetAuthorizationToken',
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
  'ecr:DescribeImages',
  'ecr:DescribeRepositories',
] as const;

const IAM_HINT =
  'Configure AWS credentials (aws-actions/configure-aws-credentials with an OIDC role, AWS_PROFILE, ' +
  'AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or an instance/task role) for a principal allowed ' +
  `${ECR_IAM_ACTIONS.join(', ')} on the repository.`;

/** Error names (SDK `name` = AWS error code) that mean "no usable AWS identity or no permission". */
const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredTokenException',
  'ExpiredToken',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'AccessDeniedException',
  'AccessDenied',
]);
const THROTTLING = new Set([
  'ThrottlingException',
  'ThrottleException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

interface AwsErrorShape {
  name: string;
  message: string;
  code?: string;
  status?: number;
  fault?: string;
}

function shape(err: unknown): AwsErrorShape {
  if (typeof err !== 'object' || err === null) return { name: 'Error', message: String(err) };
  const e = err as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    $fault?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : '',
    code: typeof e.code === 'string' ? e.code : undefined,
    status:
      typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined,
    fault: typeof e.$fault === 'string' ? e.$fault : undefined,
  };
}

export function createRepositoryCommand(repository: string, target: EcrTarget): string {
  const registry = target.account ? ` --registry-id ${target.account}` : '';
  return (
    `aws ecr create-repository --repository-name ${repository} --image-tag-mutability IMMUTABLE ` +
    `--image-scanning-configuration scanOnPush=true --region ${target.region}${registry}`
  );
}

export function repositoryNotFound(repository: string, target: EcrTarget): DigestpinError {
  return new DigestpinError(
    'REPOSITORY_NOT_FOUND',
    `ECR repository ${repository} does not exist in ${target.host} (region ${target.region})`,
    `Create it: ${createRepositoryCommand(repository, target)} — or re-run with --create-repository.`,
  );
}

/**
 * Maps an error from an ECR API call. `operation` is the API name (GetAuthorizationToken, …); the
 * message names it, the host and the AWS error, and never contains credentials.
 */
export function mapEcrError(
  err: unknown,
  operation: string,
  target: EcrTarget,
  repository?: string,
): DigestpinError {
  if (err instanceof DigestpinError) return err;
  const e = shape(err);
  const what = `ECR ${operation} on ${target.host} (region ${target.region})`;
  const detail = `${e.name}${e.message ? `: ${e.message}` : ''}`;
  const opts = { cause: err };
  if (e.name === 'RepositoryNotFoundException' && repository !== undefined) {
    return repositoryNotFound(repository, target);
  }
  if (CREDENTIAL_ERRORS.has(e.name) || e.status === 401 || e.status === 403) {
    return new DigestpinError(
      'AWS_CREDENTIALS',
      `${what} failed: AWS credentials missing, expired or not allowed (${detail})`,
      IAM_HINT,
      opts,
    );
  }
  if (THROTTLING.has(e.name) || e.status === 429) {
    return new DigestpinError(
      'RATE_LIMITED',
      `${what} was throttled and still failed after adaptive retries (${detail})`,
      'Retry later, lower the concurrency of parallel jobs, or ask AWS for a higher ECR API quota (Service Quotas).',
      opts,
    );
  }
  if (e.name === 'TimeoutError' || e.code === 'ETIMEDOUT') {
    return new DigestpinError('TIMEOUT', `${what} timed out (${detail})`, networkHint(), opts);
  }
  if ((e.code !== undefined && NETWORK_CODES.has(e.code)) || NETWORK_CODES.has(e.name)) {
    return new DigestpinError(
      'UNREACHABLE',
      `${what}: cannot reach the ECR API (${e.code ?? e.name}: ${e.message})`,
      networkHint(),
      opts,
    );
  }
  if (
    e.name === 'InvalidParameterException' ||
    e.name === 'ValidationException' ||
    e.name === 'SerializationException'
  ) {
    return new DigestpinError(
      'INVALID_INPUT',
      `${what} rejected the request (${detail})`,
      'Check the repository name and tag.',
      opts,
    );
  }
  return new DigestpinError(
    'REGISTRY_ERROR',
    `${what} failed${e.status ? ` with HTTP ${e.status}` : ''} (${detail})`,
    e.fault === 'server' || (e.status ?? 0) >= 500
      ? 'ECR reported a server error; retry later (status: https://health.aws.amazon.com).'
      : 'Run with --verbose for details.',
    opts,
  );
}

function networkHint(): string {
  return 'Check network access to the ECR API endpoint (VPC endpoint, proxy, firewall); AWS_ENDPOINT_URL_ECR overrides the endpoint.';
}

export interface EcrTagRejection {
  tag?: string;
  repository?: string;
}

// "The image tag 't1' already exists in the 'app' repository and cannot be overwritten because the
// tag is immutable." (c.2025) and the older "... because the repository is immutable."
const IMMUTABLE_REJECTION =
  /(?:The image tag '([^']*)' already exists in the '([^']*)' repository and )?cannot be overwritten because the (?:tag|repository) is immutable/i;

/**
 * Recognises ECR's manifest-PUT rejection of an existing immutable tag (HTTP 400 TAG_INVALID; docker
 * and skopeo print it as "tag invalid: …") in any text: skopeo stderr, a registry error body, a
 * PutImage ImageTagAlreadyExistsException message. Undefined when the text is something else.
 */
export function matchEcrImmutableTagRejection(text: string): EcrTagRejection | undefined {
  const m = IMMUTABLE_REJECTION.exec(text);
  if (!m) {
    return /ImageTagAlreadyExistsException/.test(text) ? {} : undefined;
  }
  return { tag: m[1], repository: m[2] };
}

/** The TAG_EXISTS error (exit 3) for an immutable-tag rejection. */
export function ecrTagExistsError(reference: string, cause?: unknown): DigestpinError {
  return new DigestpinError(
    'TAG_EXISTS',
    `${reference} already exists and ECR refused to overwrite it (the tag is immutable)`,
    'Every build needs a new tag: include {sha}, {run} or {attempt} in --tag. ECR rejects even an identical re-push of an immutable tag.',
    { cause },
  );
}

/**
 * Whether an ECR call failed because the AWS SDK's chain found no credentials at all (the
 * `CredentialsProviderError` "Could not load credentials from any providers"), as on a machine
 * where the job logged in to the registry some other way — not a profile that does not load, an
 * expired session or credentials that are refused.
 */
export function noAwsCredentialsAtAll(err: unknown): boolean {
  if (!(err instanceof DigestpinError) || err.code !== 'AWS_CREDENTIALS') return false;
  const cause = err.cause as { message?: unknown } | undefined;
  return (
    typeof cause?.message === 'string' &&
    /could not load credentials from any providers/i.test(cause.message)
  );
}
