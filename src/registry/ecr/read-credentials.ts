/**
 * The ECR step of DESIGN.md's credential order for the registry reads of every command (resolve,
 * verify, pin --resolve, a push's docker:// source and its tag checks): a host recognised as ECR
 * gets a token from the AWS SDK's chain (GetAuthorizationToken), as a push to it does. When that
 * chain has no credentials, or may not ask for a token, the next step of the order (the auth
 * files) is tried: a job that logged in with `aws ecr get-login-password | docker login` keeps
 * working without AWS credentials. The SDK is loaded only when an ECR host is asked for.
 */
import { DigestpinError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { Credentials } from '../auth.js';
import { parseEcrHost, resolveEcrTarget } from './host.js';

export function ecrHostCredentials(o: {
  env: NodeJS.ProcessEnv;
  logger: Logger;
}): (host: string) => Promise<Credentials | undefined> {
  return async (host) => {
    if (!parseEcrHost(host)) return undefined;
    try {
      const target = resolveEcrTarget(host, { env: o.env });
      if (!target) return undefined;
      const { ecrCredentials } = await import('./index.js');
      const c = await ecrCredentials(target, o.logger);
      return {
        username: c.username,
        password: c.password,
        source: `ECR (GetAuthorizationToken in ${target.region})`,
      };
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      // no AWS credentials at all is the ordinary case of a job that logged in otherwise; others
      // (expired or denied credentials, ECR unreachable) are worth a warning
      const none =
        err instanceof DigestpinError &&
        (err.cause as { name?: unknown } | undefined)?.name === 'CredentialsProviderError';
      o.logger[none ? 'debug' : 'warn'](`${host}: no ECR token (${why}); trying the auth files`);
      return undefined;
    }
  };
}
