/**
 * The registry client of a push, made while the push code is still loading (cli.ts), so that the
 * registry's ping — three round trips: TCP, TLS, `GET /v2/`, whose Basic-or-Bearer answer skopeo's
 * start waits for (docs/decisions/relay.md) — overlaps that loading instead of following it. Only
 * where push would make the same client: not for ECR (its credentials come from AWS first, through
 * ecr-plan.ts) and not for a host that may lack TLS (--insecure, loopback: the ping decides how it
 * is reached); undefined then, or for a repository that does not parse (push reports that).
 */
import type { CommandContext } from '../context.js';
import { parseReference } from '../reference.js';
import type { RegistryClient, RegistryClientOptions } from '../registry/client.js';
import { parseEcrHost } from '../registry/ecr/host.js';
import { ecrHostCredentials } from '../registry/ecr/read-credentials.js';
import { allowsInsecure } from '../registry/http/hosts.js';

/** What push's registry client is made with (push.ts's lazyClient adds ECR credentials). */
export function pushClientOptions(
  o: { authfile?: string; insecure: boolean },
  ctx: Pick<CommandContext, 'env' | 'logger'>,
): RegistryClientOptions {
  return {
    authfile: o.authfile,
    insecure: o.insecure,
    env: ctx.env,
    logger: ctx.logger,
    // an ECR source (or any ECR host read) gets an ECR token, as DESIGN.md's order says
    credentials: ecrHostCredentials(ctx),
  };
}

export function earlyClient(
  o: { repository: string; authfile?: string; insecure: boolean; ecr: boolean },
  ctx: Pick<CommandContext, 'env' | 'logger'>,
  load: () => Promise<{ RegistryClient: typeof RegistryClient }> = () =>
    import('../registry/client.js'),
): Promise<RegistryClient> | undefined {
  let host: string;
  try {
    host = parseReference(o.repository).domain;
  } catch {
    return undefined;
  }
  if (o.ecr || parseEcrHost(host) || allowsInsecure(host, o.insecure)) return undefined;
  const client = load().then(({ RegistryClient: Client }) => {
    const c = new Client(pushClientOptions(o, ctx));
    c.authScheme(host).catch(() => undefined); // its failure is met where push asks again
    return c;
  });
  client.catch(() => undefined); // a client that cannot be made: met where push first uses it
  return client;
}
