// Amazon ECR through @aws-sdk/client-ecr: registry credentials (GetAuthorizationToken), the tag guard
// (DescribeImages), tag immutability (DescribeRepositories / PutImageTagMutability) and repository
// creation. The SDK is loaded lazily by sdk.ts, only when one of these functions runs.
import { DigestpinError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { type EcrTarget } from './host.js';
import { mapEcrError } from './errors.js';
import { ensureImmutableDecision, mutabilityForTag, type MutabilityReport } from './mutability.js';
import { ecrClient, loadEcrSdk, type EcrClientOptions } from './sdk.js';

export { parseEcrHost, resolveEcrTarget, type EcrHost, type EcrTarget } from './host.js';
export {
  ECR_IAM_ACTIONS,
  createRepositoryCommand,
  ecrTagExistsError,
  matchEcrImmutableTagRejection,
} from './errors.js';
export { mutabilityForTag, wildcardMatch, type MutabilityReport } from './mutability.js';
export { resetEcrClients } from './sdk.js';

/** Registry credentials from an ECR token; assignable to registry/auth.ts `Credentials`. */
export interface EcrCredentials {
  username: string;
  password: string;
}

export interface EcrCallOptions {
  logger: Logger;
  client?: EcrClientOptions;
}

type TargetArg = EcrTarget | string;
const asTarget = (t: TargetArg): EcrTarget =>
  typeof t === 'string'
    ? { host: `ecr.${t}`, region: t, fips: false, dualStack: false, forced: true }
    : t;

const secretHandlers = new Set<(secret: string) => void>();

/**
 * Registers a callback that receives every ECR secret (the base64 authorization token and the
 * password inside it) as soon as it is obtained; the action passes `core.setSecret`. Returns an
 * unregister function. Secrets are never logged.
 */
export function onEcrSecret(handler: (secret: string) => void): () => void {
  secretHandlers.add(handler);
  return () => secretHandlers.delete(handler);
}

interface CachedToken {
  credentials: EcrCredentials;
  token: string;
  expiresAt: number;
}
const tokens = new Map<string, CachedToken>();
const TOKEN_MARGIN_MS = 15 * 60_000;

/** Forgets cached tokens (tests). */
export function resetEcrTokens(): void {
  tokens.clear();
}

/**
 * GetAuthorizationToken with the SDK's default credential chain → {username: 'AWS', password}.
 * One token (valid 12 h) covers every registry the principal can reach, so it is cached per region
 * and reused until 15 minutes before it expires. Missing/expired AWS credentials → AWS_CREDENTIALS.
 */
export async function ecrCredentials(
  target: TargetArg,
  logger: Logger,
  opts: Omit<EcrCallOptions, 'logger'> = {},
): Promise<EcrCredentials> {
  const t = asTarget(target);
  const key = JSON.stringify([t.region, t.fips, t.dualStack]);
  const cached = tokens.get(key);
  if (cached && cached.expiresAt - Date.now() > TOKEN_MARGIN_MS) {
    announce(cached.token, cached.credentials.password);
    return cached.credentials;
  }
  const client = await ecrClient(t, opts.client);
  const sdk = await loadEcrSdk();
  logger.debug(`ECR: GetAuthorizationToken in ${t.region}`);
  let data;
  try {
    const out = await client.send(new sdk.GetAuthorizationTokenCommand({}));
    data = out.authorizationData?.[0];
  } catch (err) {
    throw mapEcrError(err, 'GetAuthorizationToken', t);
  }
  const token = data?.authorizationToken;
  const decoded = token ? Buffer.from(token, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (!token || colon < 1) {
    throw new DigestpinError(
      'REGISTRY_ERROR',
      `ECR GetAuthorizationToken in ${t.region} returned no usable authorization token`,
      'Retry; if it persists, check the ECR endpoint (AWS_ENDPOINT_URL_ECR) points at ECR.',
    );
  }
  const credentials = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  announce(token, credentials.password);
  const expiresAt = data?.expiresAt?.getTime() ?? Date.now() + 12 * 3600_000;
  tokens.set(key, { credentials, token, expiresAt });
  logger.debug(`ECR: token obtained for ${t.region}, expires ${new Date(expiresAt).toISOString()}`);
  return credentials;
}

function announce(...secrets: string[]): void {
  for (const s of secrets) for (const h of secretHandlers) h(s);
}

export interface TagImage {
  digest: string;
  mediaType?: string;
}

/** DescribeImages(imageIds: [{imageTag}]): the image a tag points to, undefined when the tag is free. */
export async function describeTag(
  target: EcrTarget,
  repository: string,
  tag: string,
  opts: EcrCallOptions,
): Promise<TagImage | undefined> {
  const client = await ecrClient(target, opts.client);
  const sdk = await loadEcrSdk();
  opts.logger.debug(`ECR: DescribeImages ${repository}:${tag} in ${target.region}`);
  try {
    const out = await client.send(
      new sdk.DescribeImagesCommand({
        registryId: target.account,
        repositoryName: repository,
        imageIds: [{ imageTag: tag }],
      }),
    );
    const image = out.imageDetails?.find((d) => d.imageDigest);
    if (!image?.imageDigest) return undefined;
    const found: TagImage = { digest: image.imageDigest };
    const mediaType = image.imageManifestMediaType ?? image.artifactMediaType;
    if (mediaType) found.mediaType = mediaType;
    return found;
  } catch (err) {
    if (err instanceof Error && err.name === 'ImageNotFoundException') return undefined;
    throw mapEcrError(err, 'DescribeImages', target, repository);
  }
}

/** DescribeRepositories → the repository's mutability settings and whether `tag` is immutable. */
export async function tagMutability(
  target: EcrTarget,
  repository: string,
  tag: string,
  opts: EcrCallOptions,
): Promise<MutabilityReport> {
  const client = await ecrClient(target, opts.client);
  const sdk = await loadEcrSdk();
  try {
    const out = await client.send(
      new sdk.DescribeRepositoriesCommand({
        registryId: target.account,
        repositoryNames: [repository],
      }),
    );
    const repo = out.repositories?.[0];
    return mutabilityForTag(
      repo?.imageTagMutability,
      repo?.imageTagMutabilityExclusionFilters,
      tag,
    );
  } catch (err) {
    throw mapEcrError(err, 'DescribeRepositories', target, repository);
  }
}

export interface ImmutabilityChange {
  changed: boolean;
  from: string;
  to: string;
  message: string;
}

/**
 * --ensure-immutable: switches a MUTABLE repository to IMMUTABLE with PutImageTagMutability; never
 * edits exclusion filters (see ensureImmutableDecision for why the *_WITH_EXCLUSION cases are left
 * alone and reported). `dryRun` reports what would change without changing it.
 */
export async function ensureImmutable(
  target: EcrTarget,
  repository: string,
  tag: string,
  opts: EcrCallOptions & { report?: MutabilityReport; dryRun?: boolean },
): Promise<ImmutabilityChange> {
  const report = opts.report ?? (await tagMutability(target, repository, tag, opts));
  const decision = ensureImmutableDecision(report, tag);
  const from = report.mutability;
  if (!decision.change) {
    return { changed: false, from, to: from, message: `ECR ${repository}: ${decision.reason}` };
  }
  const what = `ECR ${repository}: tag mutability ${from} → ${decision.to}`;
  if (opts.dryRun)
    return { changed: false, from, to: from, message: `dry run: would switch ${what}` };
  const client = await ecrClient(target, opts.client);
  const sdk = await loadEcrSdk();
  try {
    await client.send(
      new sdk.PutImageTagMutabilityCommand({
        registryId: target.account,
        repositoryName: repository,
        imageTagMutability: decision.to,
      }),
    );
  } catch (err) {
    throw mapEcrError(err, 'PutImageTagMutability', target, repository);
  }
  return { changed: true, from, to: decision.to, message: `switched ${what}` };
}

/**
 * --create-repository: CreateRepository with IMMUTABLE tags and scan on push. Returns false when the
 * repository appeared meanwhile (RepositoryAlreadyExistsException).
 */
export async function createRepository(
  target: EcrTarget,
  repository: string,
  opts: EcrCallOptions,
): Promise<boolean> {
  const client = await ecrClient(target, opts.client);
  const sdk = await loadEcrSdk();
  try {
    await client.send(
      new sdk.CreateRepositoryCommand({
        registryId: target.account,
        repositoryName: repository,
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
      }),
    );
    opts.logger.info(`created ECR repository ${repository} (IMMUTABLE tags, scan on push)`);
    return true;
  } catch (err) {
    if (err instanceof Error && err.name === 'RepositoryAlreadyExistsException') return false;
    throw mapEcrError(err, 'CreateRepository', target, repository);
  }
}
