/**
 * The ECR step of DESIGN.md's credential order for the registry reads of every command (resolve,
 * verify, pin --resolve, a push's docker:// source and its tag checks): a host recognised as ECR
 * gets a token from the AWS SDK's chain (GetAuthorizationToken), as a push to it does. When that
 * chain has no credentials, or may not ask for a token, the next step of the order (the auth
 * files) is tried: a job that logged in with `aws ecr get-login-password | docker login` keeps
 * working without AWS credentials. The SDK is loaded only when an ECR host is asked for.
 */
import type { Logger } from '../../log.js';
import type { Credentials } from '../auth.js';
import { noAwsCredentialsAtAll } from './errors.js';
import { parseEcrHost, resolveEcrTarget, type EcrTarget } from './host.js';

/** One lookup per region and process, failed ones included (key: region, FIPS, dual-stack). */
const lookups = new Map<string, Promise<Credentials | undefined>>();

/** Forgets the lookups (tests). */
export function resetEcrHostCredentials(): void {
  lookups.clear();
}

export function ecrHostCredentials(o: {
  env: NodeJS.ProcessEnv;
  logger: Logger;
}): (host: string) => Promise<Credentials | undefined> {
  return async (host) => {
    if (!parseEcrHost(host)) return undefined;
    let target;
    try {
      target = resolveEcrTarget(host, { env: o.env });
    } catch {
      return undefined;
    }
    if (!target) return undefined;
    const key = JSON.stringify([target.region, target.fips, target.dualStack]);
    let found = lookups.get(key);
    if (!found) {
      found = lookup(target, host, o.logger);
      lookups.set(key, found);
    }
    return found;
  };
}

async function lookup(
  target: EcrTarget,
  host: string,
  logger: Logger,
): Promise<Credentials | undefined> {
  try {
    const { ecrCredentials } = await import('./index.js');
    const c = await ecrCredentials(target, logger);
    return {
      username: c.username,
      password: c.password,
      source: `ECR (GetAuthorizationToken in ${target.region})`,
    };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    // no AWS credentials anywhere is the ordinary case of a job that logged in otherwise; other
    // failures (a profile or SSO session that does not load, expired or denied credentials, ECR
    // unreachable) are worth a warning, once per region
    logger[noAwsCredentialsAtAll(err) ? 'debug' : 'warn'](
      `${host}: no ECR token (${why}); trying the auth files`,
    );
    return undefined;
  }
}
