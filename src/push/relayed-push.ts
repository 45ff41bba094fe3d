/**
 * One push through the loopback relay: skopeo uploads blobs and manifests (streamed through the
 * relay to the real registry), and the relay writes the tag last, right after a fresh check of it
 * (DESIGN.md "push: the overwrite rule"). Returns what happened to the tag.
 */
import { randomBytes } from 'node:crypto';
import { DigestpinError, toDigestpinError } from '../errors.js';
import type { Logger } from '../log.js';
import { isSameImage, tagExistsError, type TagState } from './overwrite-rule.js';
import type { ManifestInfo, RegistryClient } from '../registry/client.js';
import { ecrTagExistsError, matchEcrImmutableTagRejection } from '../registry/ecr/errors.js';
import { allowsInsecure, baseUrlFor } from '../registry/http/hosts.js';
import { proxyFor } from '../registry/http/proxy.js';
import { parseManifest } from '../registry/manifest.js';
import type { ManifestFormat } from '../registry/media-types.js';
import { relayAllBlobs } from '../settings.js';
import { startRelay, type TagDecision, type TagPut } from './relay/server.js';
import { skopeoCopy, type SkopeoAuth } from './skopeo.js';

export interface RelayedPushOptions {
  source: string;
  srcAuth?: SkopeoAuth;
  srcTlsVerify?: boolean;
  /** Registry host as the user wrote it, repository path inside it, and the tag. */
  host: string;
  path: string;
  tag: string;
  format: ManifestFormat;
  all: boolean;
  /** Cancels the copy (the tag check found the tag taken). */
  signal?: AbortSignal;
  /**
   * Client for the tag checks and the relay's upstream requests (tokens shared). A function
   * (memoised by the caller) so that it can be loaded once skopeo has been started: nothing the
   * relay does needs it before skopeo's first request.
   */
  client: () => Promise<RegistryClient>;
  /** --insecure: an unverified certificate, or plain HTTP where the registry has no TLS. */
  insecure: boolean;
  commandTimeoutMs: number;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Called once skopeo has been started: the caller's own registry requests go then. */
  onSpawn?: () => void;
  /** One platform of a multi-platform source (skopeo's --override-os/-arch/-variant). */
  platform?: { os: string; architecture: string; variant?: string };
  /** Decides about the tag instead of the overwrite rule (platform-list.ts: never writes it). */
  onTagPut?: (put: TagPut) => Promise<TagDecision>;
}

export type RelayedPushResult = { pushed: boolean; digest: string };

/** What the tag holds now, or undefined when it is absent (`known`: the tag's HEAD just made). */
export async function tagState(
  client: RegistryClient,
  host: string,
  path: string,
  tag: string,
  known?: ManifestInfo,
): Promise<TagState | undefined> {
  const head = known ?? (await client.headManifest({ domain: host, path, tag }));
  if (!head) return undefined;
  const configs = await client.configDigests({ domain: host, path, digest: head.digest });
  if (!configs) return undefined; // deleted between HEAD and GET
  return { digest: head.digest, mediaType: head.mediaType, configs };
}

export async function relayedPush(o: RelayedPushOptions): Promise<RelayedPushResult> {
  const label = `${o.host}/${o.path}:${o.tag}`;
  const decide = async (put: TagPut): Promise<TagDecision> => {
    const client = await o.client();
    const now = await tagState(client, o.host, o.path, o.tag);
    if (!now) return { action: 'write' };
    if (now.digest === put.digest) return { action: 'skip', digest: now.digest };
    const m = parseManifest(put.bytes);
    const ours = m.configDigest
      ? new Map([['', m.configDigest]])
      : await client.configDigests({ domain: o.host, path: o.path, digest: put.digest });
    if (ours && isSameImage(now, ours, o.format)) return { action: 'skip', digest: now.digest };
    const err = tagExistsError(
      label,
      now,
      { configs: ours ?? new Map<string, string>(), digest: put.digest },
      o.format,
      true,
    );
    conflict = err;
    return {
      action: 'refuse',
      message: `tag invalid: ${label} already exists (${now.digest}); digestpin does not overwrite tags`,
    };
  };
  let conflict: DigestpinError | undefined;
  // HTTPS, unless a host that allows it (--insecure, loopback) has no TLS: its ping tells
  const unverified = allowsInsecure(o.host, o.insecure);
  const origin = unverified ? await (await o.client()).origin(o.host) : baseUrlFor(o.host);
  const authorization = async () =>
    (await o.client()).authorizationHeader(o.host, o.path, ['pull', 'push']);
  // Blob bytes skip the relay only where it adds nothing: plain HTTP and no credentials asked.
  const directUploads = async (): Promise<boolean> => {
    if (!origin.startsWith('http://') || relayAllBlobs(o.env)) return false;
    const auth = await authorization();
    if (auth === undefined)
      o.logger.debug(`relay: blob uploads go straight to ${origin} (plain HTTP, no credentials)`);
    return auth === undefined;
  };
  const credentials = { username: 'digestpin', password: randomBytes(24).toString('base64url') };
  // The registry ping (and token) the relay's first request needs, asked as soon as skopeo has
  // been started (not before: skopeo starts ~2 ms sooner) and answered while it starts up; that
  // first request takes this answer (or its failure), later ones ask the client again.
  let warm: Promise<string | undefined> | undefined;
  const spawned = () => {
    warm = authorization();
    warm.catch(() => undefined);
    o.onSpawn?.();
  };
  const relay = await startRelay({
    credentials,
    upstream: {
      origin,
      directUploads,
      fetch: async (p, init) => (await o.client()).fetch(o.host, o.path, ['pull', 'push'], p, init),
      // the relay's own node:http requests verify certificates and know no proxy: an https host
      // that need not verify, or a proxied one, is reached through the client's fetch instead
      ...((!unverified || origin.startsWith('http:')) &&
        !proxyFor(origin, o.env) && {
          authorization: () => {
            const first = warm;
            warm = undefined;
            return first ?? authorization();
          },
        }),
    },
    onTagPut: o.onTagPut ?? decide,
    logger: o.logger,
  });
  let copied: { digest: string } | undefined;
  let copyError: unknown;
  try {
    copied = await skopeoCopy({
      source: o.source,
      dest: `docker://${relay.host}/${o.path}:${o.tag}`,
      destLabel: label,
      format: o.format,
      all: o.all,
      ...(o.srcAuth ? { srcAuth: o.srcAuth } : {}),
      ...(o.srcTlsVerify !== undefined ? { srcTlsVerify: o.srcTlsVerify } : {}),
      destTlsVerify: false,
      destAuth: { host: relay.host, ...credentials },
      commandTimeout: o.commandTimeoutMs,
      ...(o.signal ? { signal: o.signal } : {}),
      env: o.env,
      logger: o.logger,
      onSpawn: spawned,
      ...(o.platform && { platform: o.platform }),
    });
  } catch (err) {
    copyError = err;
  } finally {
    await relay.close();
  }
  const outcome = relay.outcome();
  if (conflict) throw conflict;
  // ECR refused the tag PUT: an IMMUTABLE tag written by someone else since our check.
  if (
    outcome?.kind === 'failed' &&
    outcome.error instanceof Error &&
    matchEcrImmutableTagRejection(outcome.error.message)
  )
    throw ecrTagExistsError(label, outcome.error);
  if (outcome?.kind === 'failed')
    throw toDigestpinError(
      outcome.error instanceof DigestpinError ? outcome.error : (copyError ?? outcome.error),
    );
  const upstreamError = relay.upstreamError();
  if (copyError)
    throw toDigestpinError(upstreamError instanceof DigestpinError ? upstreamError : copyError);
  if (!copied || !outcome)
    throw new DigestpinError(
      'INTERNAL',
      `skopeo finished but never wrote the manifest of ${label}`,
      'This is a bug; run with --verbose.',
    );
  if (outcome.kind === 'written') {
    if (copied.digest !== outcome.digest)
      throw new DigestpinError(
        'INTERNAL',
        `skopeo reported ${copied.digest} but the relay wrote ${outcome.digest}`,
        'This is a bug; run with --verbose.',
      );
    return { pushed: true, digest: outcome.digest };
  }
  if (outcome.kind === 'skipped') return { pushed: false, digest: outcome.digest };
  throw new DigestpinError('INTERNAL', `unexpected relay outcome ${outcome.kind}`);
}
