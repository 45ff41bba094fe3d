/**
 * `digestpin resolve <ref...>`: the digest each reference points to now, printed as the
 * reference the user wrote with `@sha256:…` appended (`nginx:1.27` → `nginx:1.27@sha256:…`),
 * one per line, like `crane digest --full-ref` but keeping the user's spelling and tag, so the
 * line can be pasted into a manifest. A reference without a tag resolves `latest` but prints no
 * tag (`nginx@sha256:…`: kubelet pulls `repo:latest@…` with policy Always). A reference that
 * already carries a digest is checked to exist and printed unchanged.
 */
import { DigestpinError } from '../errors.js';
import { parseReference, type ImageReference } from '../reference.js';
import { RegistryClient } from '../registry/client.js';
import type { CommandContext, CommandOutcome } from './types.js';
import { ecrHostCredentials } from '../registry/ecr/read-credentials.js';

export interface ResolveOptions {
  references: string[];
  authfile?: string;
  insecure: boolean;
}

export interface ResolveResult {
  references: { reference: string; digest: string; pinned: string }[];
}

/** Requests in flight at once; one client, so one token per repository. */
const CONCURRENCY = 8;

/** `input` with its digest replaced by (or extended with) `digest`. */
export function pinnedForm(input: string, digest: string): string {
  const at = input.indexOf('@');
  return `${at < 0 ? input : input.slice(0, at)}@${digest}`;
}

export async function resolveOne(
  client: RegistryClient,
  input: string,
  ref: ImageReference,
): Promise<{ reference: string; digest: string; pinned: string }> {
  // the digest of the bytes, not the registry's header (a lying registry cannot pick it)
  const info = await client.resolveManifest(ref);
  if (!info) {
    const what = ref.digest
      ? `digest ${ref.digest}`
      : `tag ${ref.tag ?? 'latest'}${ref.tag ? '' : ' (no tag given)'}`;
    throw new DigestpinError(
      'MANIFEST_UNKNOWN',
      `${input}: not found — ${ref.domain} has no ${what} in ${ref.path}`,
      ref.digest
        ? 'The image was never pushed there or was deleted; push it again or fix the digest.'
        : 'Check the tag and repository name (list tags with `skopeo list-tags docker://REPO`), or push the image first.',
    );
  }
  return { reference: input, digest: info.digest, pinned: pinnedForm(input, info.digest) };
}

export async function runResolve(
  opts: ResolveOptions,
  ctx: CommandContext,
): Promise<CommandOutcome<ResolveResult>> {
  if (opts.references.length === 0)
    throw new DigestpinError(
      'USAGE',
      'resolve needs at least one reference',
      'digestpin resolve nginx:1.27',
    );
  const parsed = opts.references.map((input) => ({ input, ref: parseReference(input) }));
  const client = new RegistryClient({
    authfile: opts.authfile,
    insecure: opts.insecure,
    env: ctx.env,
    logger: ctx.logger,
    credentials: ecrHostCredentials(ctx),
  });
  const settled: PromiseSettledResult<ResolveResult['references'][number]>[] = [];
  for (let i = 0; i < parsed.length; i += CONCURRENCY)
    settled.push(
      ...(await Promise.allSettled(
        parsed.slice(i, i + CONCURRENCY).map((p) => resolveOne(client, p.input, p.ref)),
      )),
    );
  const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed.length > 0) {
    const first: unknown = failed[0].reason;
    if (failed.length > 1 && first instanceof DigestpinError)
      throw new DigestpinError(
        first.code,
        `${first.message} (and ${failed.length - 1} more of ${parsed.length} references failed)`,
        first.hint,
        { cause: first },
      );
    throw first;
  }
  const references = settled.map(
    (s) => (s as PromiseFulfilledResult<ResolveResult['references'][number]>).value,
  );
  return {
    json: { references },
    text: references.map((r) => r.pinned).join('\n'),
    exitCode: 0,
  };
}
