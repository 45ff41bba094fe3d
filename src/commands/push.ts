/**
 * `digestpin push <source> <repository>`: unique tag, refuse overwrite, v2s2 by default, digest
 * verified on the registry, manifests pinned. The order (DESIGN.md "push: the overwrite rule"):
 * check the tag (same image → done, nothing pushed; another image → exit 3), push through the
 * relay (which writes the tag last after a fresh check), then HEAD the tag and compare digests.
 */
import { DigestpinError } from '../errors.js';
import { silentLogger } from '../log.js';
import {
  describeConfigs,
  isSameImage,
  tagExistsError,
  type TagState,
} from '../push/overwrite-rule.js';
import { registryTrust, relayedPush, tagState } from '../push/relayed-push.js';
import { formatReference, parseReference } from '../reference.js';
import type { Credentials } from '../registry/auth.js';
import type { RegistryClient } from '../registry/client.js';
import { parseEcrHost } from '../registry/ecr/host.js';
import type { EcrCredentials } from '../registry/ecr/index.js';
import { ecrHostCredentials } from '../registry/ecr/read-credentials.js';
import { allowsInsecure } from '../registry/http/hosts.js';
import { MANIFEST_FORMATS, type ManifestFormat } from '../registry/media-types.js';
import { pushTimeoutMs, requestSettings, stallMs } from '../settings.js';
import { preloadProcessRunner } from '../process.js';
import { checkSkopeo, type CertFile, type SkopeoAuth } from '../push/skopeo.js';
import { pushClientOptions } from '../push/early-client.js';
import { checkSource, normalizeSource, sourceConfigDigests, sourcePlan } from '../push/source.js';
import { renderTag } from '../push/tag-template.js';
import type { AttestationReport } from '../push/attestations.js';
import type { AttestationsMode } from '../push/list-push.js';
import { plannedAttestations, readBuildxSource, registryReader } from '../push/platform-list.js';
import type { CommandContext, CommandOutcome } from './types.js';

export interface PushOptions {
  source: string;
  repository: string;
  tag?: string;
  format: ManifestFormat;
  all: boolean;
  manifests: string[];
  authfile?: string;
  insecure: boolean;
  dryRun: boolean;
  ecr: boolean;
  region?: string;
  ensureImmutable: boolean;
  createRepository: boolean;
  /** No progress lines. */
  quiet?: boolean;
  /** `--attestations keep|drop` (default keep): see docs/multi-platform.md. */
  attestations?: AttestationsMode;
  /** Fail (NOTHING_PINNED, exit 2, nothing pushed) when --manifests names no value of the repository. */
  requirePin?: boolean;
}

export interface PushResult {
  repository: string;
  tag: string;
  digest: string;
  image: string;
  ref: string;
  format: ManifestFormat;
  pushed: boolean;
  files: { path: string; changes: number }[];
  /** Attestation manifests left out of a v2s2 list (push --all of a buildx index). */
  attestations?: AttestationReport[];
}

const SOURCE_PREFIX =
  /^(docker-daemon|docker-archive|oci-archive|oci|dir|containers-storage):|^docker:\/\//;

function parseRepository(input: string, source: string) {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input);
  if (SOURCE_PREFIX.test(input))
    throw new DigestpinError(
      'USAGE',
      `${input} is an image source, not a repository: are the arguments swapped? push takes <source> first, then <repository>`,
      `digestpin push ${input} ${source.replace(/^docker-daemon:/, '')}`,
    );
  if (scheme)
    throw new DigestpinError(
      'INVALID_REFERENCE',
      `${input}: a repository has no scheme; drop "${scheme[0]}"`,
      `digestpin push <source> ${input.slice(scheme[0].length).replace(/\/+$/, '')} (HTTPS is used; --insecure allows plain HTTP)`,
    );
  const ref = parseReference(input);
  if (ref.tag !== undefined || ref.digest !== undefined)
    throw new DigestpinError(
      'INVALID_REFERENCE',
      `${input}: the repository must not carry a tag or digest`,
      `Pass the tag with --tag: digestpin push <source> ${formatReference({ domain: ref.domain, path: ref.path })} --tag <template>`,
    );
  return ref;
}

/** Credentials and TLS for a docker:// source (other transports are local). */
async function sourceAccess(
  source: string,
  opts: PushOptions,
  ctx: CommandContext,
  ecr: (host: string) => Promise<Credentials | undefined>,
): Promise<{ srcAuth?: SkopeoAuth; srcTlsVerify?: boolean; srcCerts?: CertFile[] }> {
  if (!source.startsWith('docker://')) return {};
  const src = parseReference(source.slice('docker://'.length));
  const { credentialsInOrder } = await import('../registry/auth.js');
  // DESIGN.md's order, as for the destination: --authfile, then ECR (the destination's token when
  // the source is on the same registry, --ecr included), then the auth files
  const creds = await credentialsInOrder(
    src.domain,
    { authfile: opts.authfile, env: ctx.env, repository: src.path, logger: ctx.logger },
    ecr,
  );
  const srcAuth: SkopeoAuth | undefined =
    creds && (creds.password !== undefined || creds.identityToken !== undefined)
      ? {
          host: src.domain,
          username: creds.username,
          password: creds.password,
          identityToken: creds.identityToken,
        }
      : undefined;
  const srcTlsVerify = !allowsInsecure(src.domain, opts.insecure);
  // A private CA given to digestpin (NODE_EXTRA_CA_CERTS, docs/registries.md) is given to skopeo
  // for the source too, with the source host's certs.d folder that --src-cert-dir replaces.
  const srcCerts =
    srcTlsVerify && ctx.env.NODE_EXTRA_CA_CERTS ? registryTrust(src.domain, ctx.env) : [];
  return { srcAuth, srcTlsVerify, ...(srcCerts.length > 0 && { srcCerts }) };
}

/**
 * What push talks to: the registry client (loaded on first use), the relayed push (skopeo
 * through the relay), the skopeo check and the source readers. runPush passes the real ones;
 * tests can pass fakes (as verifyWith takes its client).
 */
export interface PushDeps {
  /** The registry client for the destination (memoised; `null` credentials: none known). */
  client: () => Promise<RegistryClient>;
  relayedPush: typeof relayedPush;
  checkSkopeo: typeof checkSkopeo;
  sourceConfigDigests: typeof sourceConfigDigests;
  sourcePlan: typeof sourcePlan;
}

/** Everything push works out from its options before it touches the network. */
interface PushTarget {
  repo: { domain: string; path: string };
  repository: string;
  tag: string;
  label: string;
  source: string;
  timeoutMs: number;
  attestations: AttestationsMode;
}

async function resolveTarget(opts: PushOptions, ctx: CommandContext): Promise<PushTarget> {
  if (!MANIFEST_FORMATS.includes(opts.format))
    throw new DigestpinError(
      'USAGE',
      `--format ${String(opts.format)}: expected ${MANIFEST_FORMATS.join(' or ')}`,
      `digestpin push --format ${MANIFEST_FORMATS.join('|')} …`,
    );
  const attestations = opts.attestations ?? 'keep';
  if (attestations !== 'keep' && attestations !== 'drop')
    throw new DigestpinError(
      'USAGE',
      `--attestations ${String(attestations)}: expected keep or drop`,
      'digestpin push --all --attestations keep|drop …',
    );
  const repo = parseRepository(opts.repository, opts.source);
  const repository = formatReference({ domain: repo.domain, path: repo.path });
  const tag = await renderTag(opts.tag, ctx.env, ctx.cwd);
  const source = normalizeSource(opts.source);
  await checkSource(opts.source, source);
  const timeoutMs = pushTimeoutMs(ctx.env);
  // Checked now, before anything starts: the client and the relay that read them load later.
  requestSettings(ctx.env);
  stallMs(ctx.env);
  return {
    repo,
    repository,
    tag,
    label: `${repository}:${tag}`,
    source,
    timeoutMs,
    attestations,
  };
}

/** ECR (recognised host or --ecr): token, repository creation, tag immutability first. */
async function prepareEcr(opts: PushOptions, ctx: CommandContext, t: PushTarget) {
  if (!opts.ecr && !parseEcrHost(t.repo.domain)) return undefined;
  // its code (and the AWS SDK) is only loaded for such a host
  const { ecrPlan, registryLoginInstead } = await import('../push/ecr-plan.js');
  try {
    return await ecrPlan(t.repo.domain, {
      repository: t.repo.path,
      tag: t.tag,
      ecr: opts.ecr,
      region: opts.region,
      env: ctx.env,
      logger: ctx.logger,
      createRepository: opts.createRepository,
      ensureImmutable: opts.ensureImmutable,
      dryRun: opts.dryRun,
    });
  } catch (err) {
    const login = await registryLoginInstead(err, t.repo.domain, {
      repository: t.repo.path,
      authfile: opts.authfile,
      env: ctx.env,
      logger: ctx.logger,
      needsApi: opts.createRepository || opts.ensureImmutable,
    });
    if (!login) throw err;
    ctx.logger.warn(
      `${t.label}: no AWS credentials; pushing with the registry login from ${login} and checking the tag on the registry (ECR's own tag check and its tag-immutability report need AWS credentials)`,
    );
    return undefined;
  }
}

/**
 * The ECR step of the credential order for what push reads and writes with the registry client and
 * gives skopeo for a source: the destination's own token (ecrPlan: a recognised host or --ecr) on
 * its host, an ECR token for any other recognised ECR host.
 */
function pushEcrCredentials(
  ctx: CommandContext,
  domain: string,
  destination: EcrCredentials | undefined,
): (host: string) => Promise<Credentials | undefined> {
  const ecrHost = ecrHostCredentials(ctx);
  return (host) => (host === domain && destination ? Promise.resolve(destination) : ecrHost(host));
}

/**
 * The registry client, loaded on first use: for a push, once skopeo has been started (module
 * loading that skopeo's start then no longer waits for; docs/decisions/lazy-loading.md).
 */
function lazyClient(
  opts: PushOptions,
  ctx: CommandContext,
  domain: string,
  ecrCredentials: NonNullable<Awaited<ReturnType<typeof prepareEcr>>>['credentials'] | undefined,
): () => Promise<RegistryClient> {
  let loading: Promise<RegistryClient> | undefined;
  return () =>
    (loading ??= import('../registry/client.js').then(
      ({ RegistryClient }) =>
        new RegistryClient({
          ...pushClientOptions(opts, ctx),
          credentials: pushEcrCredentials(ctx, domain, ecrCredentials),
        }),
    ));
}

/** The digest written into the plan before the push has one. */
const PLACEHOLDER = `@sha256:${'0'.repeat(64)}`;

/**
 * Manifests are read and planned before anything is pushed: a malformed file fails the run with
 * nothing pushed. A plan that pins nothing is said (which files, which repositories they name)
 * before the push; with --require-pin it fails the run here, nothing pushed. Returns the pin
 * function for after the push and the plan (the manifest code and its YAML parser are loaded only
 * when there are manifests to pin).
 */
async function planManifests(
  opts: PushOptions,
  ctx: CommandContext,
  t: Pick<PushTarget, 'label' | 'repo'>,
) {
  if (opts.manifests.length === 0) return undefined;
  const { pinFiles } = await import('../manifests/pinning.js');
  const planned = await pinFiles(
    `${t.label}${PLACEHOLDER}`,
    opts.manifests,
    { ...ctx, logger: silentLogger },
    { dryRun: true },
  );
  if (planned.files.length === 0)
    await (
      await import('./no-pin.js')
    ).reportNoPin(t.repo, opts.manifests, ctx, Boolean(opts.requirePin));
  return { pinFiles, planned };
}

type PushStep = { digest: string; pushed: boolean };

/** A buildx index with attestations, pushed as a v2s2 list (platform-list.ts, list-push.ts). */
type Buildx = NonNullable<Awaited<ReturnType<typeof readBuildxSource>>>;

/** The push itself: upload, tag written last by the relay, then the tag checked again. */
async function pushAndConfirm(
  opts: PushOptions,
  ctx: CommandContext,
  t: PushTarget,
  access: Awaited<ReturnType<typeof sourceAccess>>,
  deps: PushDeps,
  existing: (before: TagState) => Promise<PushStep>,
  buildx?: { source: Buildx; report: (r: AttestationReport[]) => void },
): Promise<PushStep> {
  const { repo, tag } = t;
  // The upload starts at once; the check of the tag runs alongside (sent once skopeo has been
  // started) and stops it when the tag exists. The tag itself is only written by the relay,
  // after its own fresh check.
  const abort = new AbortController();
  let started = (): void => undefined;
  const spawned = new Promise<void>((resolve) => (started = resolve));
  const pushArgs: Parameters<typeof relayedPush>[0] = {
    source: t.source,
    ...access,
    host: repo.domain,
    path: repo.path,
    tag,
    format: opts.format,
    all: opts.all,
    client: deps.client,
    insecure: opts.insecure,
    commandTimeoutMs: t.timeoutMs,
    env: ctx.env,
    logger: ctx.logger,
    signal: abort.signal,
    plan: deps
      .sourcePlan(t.source, opts.all, opts.format === 'oci' || t.attestations === 'keep')
      .catch(() => undefined),
    ...(!opts.quiet && {
      progress: {
        sink: ctx.progress ?? {
          tty: false,
          write: (text: string) => ctx.logger.info(text.replace(/\n$/, '')),
        },
      },
    }),
    onSpawn: () => {
      deps.client().catch(() => undefined); // starts loading; its failure is met where awaited
      started();
    },
  };
  const pushing = buildx
    ? import('../push/list-push.js').then(async ({ pushPlatformList }) => {
        const r = await pushPlatformList({
          ...pushArgs,
          buildx: buildx.source,
          attestations: t.attestations,
        });
        buildx.report(r.attestations);
        return r;
      })
    : deps.relayedPush(pushArgs);
  pushing.catch(() => undefined); // settled below in every branch
  // a push that ends before skopeo starts (relay or auth file failed) still gets its tag check
  await Promise.race([spawned, pushing.catch(() => undefined)]);
  const before = await deps
    .client()
    .then((c) => tagState(c, repo.domain, repo.path, tag))
    .catch(async (err: unknown) => {
      // Stop the upload and wait for skopeo and the relay to end before reporting.
      abort.abort();
      await pushing.catch(() => undefined);
      throw err;
    });
  if (before) {
    abort.abort();
    await pushing.catch(() => undefined);
    return existing(before);
  }
  const outcome = await pushing;
  await confirmTag(opts, t, await deps.client(), outcome.digest);
  return outcome;
}

/**
 * After the push: the registry must serve our digest under the tag (else exit 3). Asked once
 * skopeo has ended, not as soon as the relay has written the tag: that later HEAD is what catches
 * another pipeline that wrote the tag right after us (asked at once, two of eight racing pushes
 * both succeeded in test/integration/reliability/push-races.test.ts).
 */
async function confirmTag(
  opts: PushOptions,
  t: PushTarget,
  c: RegistryClient,
  digest: string,
): Promise<void> {
  const { repo, tag, label } = t;
  const after = await c.headManifest({ domain: repo.domain, path: repo.path, tag });
  if (after?.digest === digest) return;
  const now = after && (await tagState(c, repo.domain, repo.path, tag, after));
  if (!now)
    throw new DigestpinError(
      'CONCURRENT_OVERWRITE',
      `${label} vanished right after the push (expected ${digest})`,
      'Something deleted or retagged it at the same time; check for concurrent pipelines or a retention policy.',
    );
  throw tagExistsError(
    label,
    now,
    { configs: new Map<string, string>(), digest },
    opts.format,
    true,
  );
}

/**
 * `early`: the registry client cli.ts made while this code loaded (push/early-client.ts), the same
 * one `lazyClient` would make.
 */
export function runPush(
  opts: PushOptions,
  ctx: CommandContext,
  early?: Promise<RegistryClient>,
): Promise<CommandOutcome<PushResult>> {
  return pushWith(opts, ctx, early ? { client: () => early } : {});
}

/** runPush with its collaborators passed in (`deps`); defaults to the real ones. */
export async function pushWith(
  opts: PushOptions,
  ctx: CommandContext,
  given: Partial<PushDeps> = {},
): Promise<CommandOutcome<PushResult>> {
  // execa loads while the tag check and the registry ping wait on the network.
  preloadProcessRunner().catch(() => undefined);
  const t = await resolveTarget(opts, ctx);
  const { repo, repository, tag, label, source, timeoutMs } = t;
  const ecr = await prepareEcr(opts, ctx, t);
  const deps: PushDeps = {
    client: lazyClient(opts, ctx, repo.domain, ecr?.credentials),
    relayedPush,
    checkSkopeo,
    sourceConfigDigests,
    sourcePlan,
    ...given,
  };
  const access = await sourceAccess(
    source,
    opts,
    ctx,
    pushEcrCredentials(ctx, repo.domain, ecr?.credentials),
  );
  const buildx =
    opts.format === 'v2s2' && opts.all
      ? await readBuildxSource(source, registryReader(deps.client))
      : undefined;
  let attestations = buildx && plannedAttestations(buildx.attestations);
  // read once: a dry run reads them up front and again when the tag exists
  let configsReading: ReturnType<typeof sourceConfigDigests> | undefined;
  const sourceConfigs = () =>
    (configsReading ??= deps.sourceConfigDigests(source, opts.all, {
      ...(access.srcAuth && { auth: access.srcAuth }),
      ...(access.srcTlsVerify !== undefined && { tlsVerify: access.srcTlsVerify }),
      ...(access.srcCerts && { certs: access.srcCerts }),
      timeoutMs,
      env: ctx.env,
      logger: ctx.logger,
    }));
  /** The tag exists: the same image is a success without a push, another one exit 3. */
  const existing = async (before: TagState): Promise<PushStep> => {
    const configs = await sourceConfigs();
    if (!isSameImage(before, configs, opts.format))
      throw tagExistsError(label, before, { configs }, opts.format, false);
    ctx.logger.info(`${label} already holds this image (${before.digest}); nothing pushed`);
    return { digest: before.digest, pushed: false };
  };
  const plan = await planManifests(opts, ctx, t);

  let outcome: PushStep;
  if (opts.dryRun) {
    const [, configs, before] = await Promise.all([
      deps.checkSkopeo(ctx.env),
      sourceConfigs(),
      // A repository that --create-repository would create holds no tag yet.
      ecr?.repository === 'missing'
        ? undefined
        : deps.client().then((c) => tagState(c, repo.domain, repo.path, tag)),
    ]);
    if (before) outcome = await existing(before);
    else {
      ctx.logger.info(
        `dry run: ${label} is free; would push ${source} (${describeConfigs(configs)}) as ${opts.format}${opts.all ? ' (all platforms)' : ''}`,
      );
      for (const a of attestations ?? [])
        ctx.logger.info(
          `dry run: would leave out of the v2s2 list: attestation ${a.digest} (for ${a.platform_of})`,
        );
      outcome = { digest: '', pushed: false };
    }
  } else
    outcome = await pushAndConfirm(
      opts,
      ctx,
      t,
      access,
      deps,
      existing,
      buildx && { source: buildx, report: (r) => (attestations = r) },
    );
  const { digest, pushed } = outcome;

  const ref = digest ? `${label}@${digest}` : label;
  let files: PushResult['files'] = [];
  if (plan && digest) {
    const pinned = await plan.pinFiles(ref, opts.manifests, ctx, { dryRun: opts.dryRun });
    files = pinned.files.map((f) => ({ path: f.path, changes: f.changes.length }));
    for (const f of files)
      ctx.logger.info(`${opts.dryRun ? 'would pin' : 'pinned'} ${f.path} (${f.changes})`);
  } else if (plan && opts.dryRun) {
    // a dry run of a free tag has no digest yet: show the lines the push would pin
    files = plan.planned.files.map((f) => ({ path: f.path, changes: f.changes.length }));
    for (const f of plan.planned.files)
      for (const c of f.changes)
        ctx.logger.info(
          `would pin ${f.path}:${c.line}  ${c.from} → ${c.to.replace(PLACEHOLDER, '@sha256:<digest of the push>')}`,
        );
  }
  const image = digest ? `${repository}@${digest}` : '';
  const result: PushResult = {
    repository,
    tag,
    digest,
    image,
    ref,
    format: opts.format,
    pushed,
    files,
    ...(attestations && { attestations }),
  };
  return { json: result, text: ref, exitCode: 0 };
}
