/**
 * HTTP statuses from a registry turned into DigestpinErrors (the exit codes of DESIGN.md), with
 * the registry's own error code and message (distribution `{"errors":[{code,message}]}`) quoted.
 */
import { DigestpinError } from '../errors.js';

export interface FailureContext {
  host: string;
  repository: string;
  /** What was asked for, e.g. `manifest nginx:1.27` or `blob sha256:…`. */
  what: string;
  attempts: number;
  /** Where the credentials came from, or undefined when the request was anonymous. */
  credentialsSource?: string;
  /** The credential files looked in (named when none had credentials for the host). */
  searched?: string[];
  retryAfterMs?: number;
}

/** The first error of a distribution error body, if the body is one. */
export function registryError(
  body: Buffer | undefined,
): { code: string; message: string } | undefined {
  if (!body || body.length === 0 || body.length > 65536) return undefined;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: unknown };
    const first: unknown = Array.isArray(parsed.errors) ? parsed.errors[0] : undefined;
    if (!first || typeof first !== 'object') return undefined;
    const e = first as { code?: unknown; message?: unknown };
    return {
      code: typeof e.code === 'string' ? e.code : 'UNKNOWN',
      message: typeof e.message === 'string' ? e.message : '',
    };
  } catch {
    return undefined;
  }
}

function statusText(status: number): string {
  const names: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    408: 'Request Timeout',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return names[status] ?? 'unexpected status';
}

/** The DigestpinError for a response that is not a success (and not an expected 404). */
export function statusError(
  status: number,
  body: Buffer | undefined,
  c: FailureContext,
): DigestpinError {
  const reg = registryError(body);
  const said = reg ? `: ${reg.code}${reg.message ? ` ${reg.message}` : ''}` : '';
  const where = `${c.host}/${c.repository}`;
  const head = `${where}: HTTP ${status} ${statusText(status)} reading ${c.what}${said}`;
  const tries = c.attempts > 1 ? ` (after ${c.attempts} attempts)` : '';
  // an ECR token of the job's AWS credentials comes before the auth files (DESIGN.md's order): a
  // registry of another account, logged in to with that account's credentials, needs --authfile
  const ecrToken = c.credentialsSource?.startsWith('ECR ') === true;
  const otherAccount = ecrToken
    ? ` The token came from the job's AWS credentials; if ${c.host} takes other credentials (another account's, from docker login), pass them with --authfile, which comes before ECR.`
    : '';
  if (status === 401)
    return new DigestpinError(
      'UNAUTHORIZED',
      `${head}${c.credentialsSource ? ` — credentials from ${c.credentialsSource} were rejected` : ` — no credentials were found for this host${c.searched?.length ? ` (looked in ${c.searched.join(', ')})` : ''}`}`,
      c.credentialsSource
        ? `Log in again (skopeo login ${c.host}) or pass a valid --authfile; check the user and password or token.${otherAccount}`
        : `Log in first (skopeo login ${c.host} or docker login ${c.host}), or pass --authfile FILE. Some registries also answer 401 for a repository that does not exist.`,
    );
  if (status === 403)
    return new DigestpinError(
      'DENIED',
      head,
      `The credentials were accepted but may not access ${c.repository}; grant pull (and push) on it, or use other credentials.${otherAccount}`,
    );
  if (status === 404) {
    const nameUnknown = reg?.code === 'NAME_UNKNOWN';
    return new DigestpinError(
      nameUnknown ? 'REPOSITORY_NOT_FOUND' : 'MANIFEST_UNKNOWN',
      head,
      nameUnknown
        ? `The repository ${where} does not exist; check the name or create it (push creates it on most registries).`
        : `Nothing is stored under ${c.what}; check the tag or digest, or push the image first.`,
    );
  }
  if (status === 429) {
    const wait =
      c.retryAfterMs !== undefined
        ? `; the registry asks to wait ${Math.ceil(c.retryAfterMs / 1000)} s`
        : '';
    return new DigestpinError(
      'RATE_LIMITED',
      `${head}${tries}${wait}`,
      'The registry is rate-limiting this client: wait and re-run; authenticated clients usually get a higher limit.',
    );
  }
  return new DigestpinError(
    'REGISTRY_ERROR',
    `${head}${tries}`,
    status >= 500
      ? 'The registry is failing; re-run later or check its status page and logs.'
      : 'The registry refused the request; check the reference (tag characters, repository name).',
  );
}
