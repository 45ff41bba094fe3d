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
import { relayedPush, tagState } from '../push/relayed-push.js';
import { formatReference, parseReference } from '../reference.js';
import type { RegistryClient } from '../registry/client.js';
import { parseEcrHost } from '../registry/ecr/host.js';
import { isLoopback } from '../registry/http/hosts.js';
import { envInt, requestSettings } from '../settings.js';
import { preloadProcessRunner } from '../process.js';
import { checkSkopeo, type SkopeoAuth } from '../push/skopeo.js';
import { checkSource, normalizeSource, sourceConfigDigests } from '../push/source.js';
import { renderTag } from '../push/tag-template.js';
import type { CommandContext, CommandOutcome } from './types.js';

export interface PushOptions {
  source: string;
  repository: string;
  tag?: string;
  format: 'v2s2' | 'oci';
  all: boolean;
  manifests: string[];
  authfile?: string;
  insecure: boolean;
  dryRun: boolean;
  ecr: boolean;
  region?: string;
  ensureImmutable: boolean;
  createRepository: boolean;
  /** Fail (NOTHING_PINNED, exit 2, nothing pushed) when --manifests names no value of the repository. */
  requirePin?: boolean;
}

export interface PushResult {
  repository: string;
  tag: string;
  digest: string;
  image: string;
  ref: string;
  format: 'v2s2' | 'oci';
  pushed: boolean;
  files: { path: string; changes: number }[];
}

const DEFAULT_COMMAND_TIMEOUT_MS = 30 * 60_000;

function commandTimeoutMs(env: NodeJS.ProcessEnv): number {
  return (
    envInt(
      env,
      'DIGESTPIN_PUSH_TIMEOUT_MS',
      1000,
      'a whole number of milliseconds',
      'Set it to e.g. 600000 (10 minutes), or unset it.',
    ) ?? DEFAULT_COMMAND_TIMEOUT_MS
  );
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
async function sourceAccess(source: string, opts: PushOptions, ctx: CommandContext) {
  if (!source.startsWith('docker://')) return {};
  const src = parseReference(source.slice('docker://'.length));
  const { findCredentials } = await import('../registry/auth.js');
  const creds = await findCredentials(src.domain, {
    authfile: opts.authfile,
    env: ctx.env,
    repository: src.path,
    logger: ctx.logger,
  });
  const srcAuth: SkopeoAuth | undefined =
    creds && (creds.password !== undefined || creds.identityToken !== undefined)
      ? {
          host: src.domain,
          username: creds.username,
          password: creds.password,
          identityToken: creds.identityToken,
        }
      : undefined;
  const srcTlsVerify = !(opts.insecure || isLoopback(src.domain));
  return { srcAuth, srcTlsVerify };
}

export async function runPush(
  opts: PushOptions,
  ctx: CommandContext,
): Promise<CommandOutcome<PushResult>> {
  if (opts.format !== 'v2s2' && opts.format !== 'oci')
    throw new DigestpinError(
      'USAGE',
      `--format ${String(opts.format)}: expected v2s2 or oci`,
      'digestpin push --format v2s2|oci …',
    );
  // execa loads while the tag check and the registry ping wait on the network.
  preloadProcessRunner().catch(() => undefined);
  const repo = parseRepository(opts.repository, opts.source);
  const repository = formatReference({ domain: repo.domain, path: repo.path });
  const tag = await renderTag(opts.tag, ctx.env, ctx.cwd);
  const source = normalizeSource(opts.source);
  await checkSource(opts.source, source);
  const timeoutMs = commandTimeoutMs(ctx.env);
  // Checked now, before anything starts: the client that reads them loads later.
  requestSettings(ctx.env);
  // ECR (recognised host or --ecr): token, repository creation, tag immutability first. Its code
  // (and the AWS SDK) is only loaded for such a host.
  const ecr =
    opts.ecr || parseEcrHost(repo.domain)
      ? await (
          await import('../push/ecr-plan.js')
        ).ecrPlan(repo.domain, {
          repository: repo.path,
          tag,
          ecr: opts.ecr,
          region: opts.region,
          env: ctx.env,
          logger: ctx.logger,
          createRepository: opts.createRepository,
          ensureImmutable: opts.ensureImmutable,
          dryRun: opts.dryRun,
        })
      : undefined;
  const ecrCredentials = ecr?.credentials;
  // Loaded on first use: for a push, once skopeo has been started (~6 ms of module loading
  // that skopeo's start then no longer waits for).
  let clientLoading: Promise<RegistryClient> | undefined;
  const client = (): Promise<RegistryClient> =>
    (clientLoading ??= import('../registry/client.js').then(
      ({ RegistryClient }) =>
        new RegistryClient({
          authfile: opts.authfile,
          insecure: opts.insecure,
          env: ctx.env,
          logger: ctx.logger,
          ...(ecrCredentials && {
            credentials: (host: string) =>
              Promise.resolve(host === repo.domain ? ecrCredentials : undefined),
          }),
        }),
    ));
  const access = await sourceAccess(source, opts, ctx);
  const label = `${repository}:${tag}`;
  // read once: a dry run reads them up front and again when the tag exists
  let configsReading: ReturnType<typeof sourceConfigDigests> | undefined;
  const sourceConfigs = () =>
    (configsReading ??= sourceConfigDigests(source, opts.all, {
      ...(access.srcAuth && { auth: access.srcAuth }),
      ...(access.srcTlsVerify !== undefined && { tlsVerify: access.srcTlsVerify }),
      timeoutMs,
      env: ctx.env,
      logger: ctx.logger,
    }));
  /** The tag exists: the same image is a success without a push, another one exit 3. */
  const existing = async (before: TagState) => {
    const configs = await sourceConfigs();
    if (!isSameImage(before, configs, opts.format))
      throw tagExistsError(label, before, { configs }, opts.format, false);
    ctx.logger.info(`${label} already holds this image (${before.digest}); nothing pushed`);
    return { digest: before.digest, pushed: false };
  };

  // Manifests are read and planned before anything is pushed: a malformed file fails the run
  // with nothing pushed (the real pin, with the digest, runs after the push).
  // the manifest code (and its YAML parser) is loaded only when there are manifests to pin
  const pinFiles =
    opts.manifests.length > 0
      ? (await import('../manifests/pinning.js')).pinFiles
      : () => Promise.reject(new Error('no manifests to pin'));
  // A plan that pins nothing is said (which files, which repositories they name) before the push;
  // with --require-pin it fails the run here, nothing pushed.
  const placeholder = `@sha256:${'0'.repeat(64)}`;
  const planned =
    opts.manifests.length > 0
      ? await pinFiles(
          `${label}${placeholder}`,
          opts.manifests,
          { ...ctx, logger: silentLogger },
          {
            dryRun: true,
          },
        )
      : undefined;
  if (planned && planned.files.length === 0)
    await (
      await import('./no-pin.js')
    ).reportNoPin(repo, opts.manifests, ctx, Boolean(opts.requirePin));

  let outcome: { digest: string; pushed: boolean };
  if (opts.dryRun) {
    const [, configs, before] = await Promise.all([
      checkSkopeo(ctx.env),
      sourceConfigs(),
      // A repository that --create-repository would create holds no tag yet.
      ecr?.repository === 'missing'
        ? undefined
        : client().then((c) => tagState(c, repo.domain, repo.path, tag)),
    ]);
    if (before) outcome = await existing(before);
    else {
      ctx.logger.info(
        `dry run: ${label} is free; would push ${source} (${describeConfigs(configs)}) as ${opts.format}${opts.all ? ' (all platforms)' : ''}`,
      );
      outcome = { digest: '', pushed: false };
    }
  } else {
    // The upload starts at once; the check of the tag runs alongside (sent once skopeo has been
    // started) and stops it when the tag exists. The tag itself is only written by the relay,
    // after its own fresh check.
    const abort = new AbortController();
    let started = (): void => undefined;
    const spawned = new Promise<void>((resolve) => (started = resolve));
    const pushing = relayedPush({
      source,
      ...access,
      host: repo.domain,
      path: repo.path,
      tag,
      format: opts.format,
      all: opts.all,
      client,
      insecure: opts.insecure,
      commandTimeoutMs: timeoutMs,
      env: ctx.env,
      logger: ctx.logger,
      signal: abort.signal,
      onSpawn: () => {
        client().catch(() => undefined); // starts loading; its failure is met where awaited
        started();
      },
    });
    pushing.catch(() => undefined); // settled below in every branch
    // a push that ends before skopeo starts (relay or auth file failed) still gets its tag check
    await Promise.race([spawned, pushing.catch(() => undefined)]);
    const before = await client()
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
      outcome = await existing(before);
    } else {
      outcome = await pushing;
      const c = await client();
      const after = await c.headManifest({ domain: repo.domain, path: repo.path, tag });
      if (after?.digest !== outcome.digest) {
        const now = after && (await tagState(c, repo.domain, repo.path, tag, after));
        if (!now)
          throw new DigestpinError(
            'CONCURRENT_OVERWRITE',
            `${label} vanished right after the push (expected ${outcome.digest})`,
            'Something deleted or retagged it at the same time; check for concurrent pipelines or a retention policy.',
          );
        throw tagExistsError(
          label,
          now,
          { configs: new Map<string, string>(), digest: outcome.digest },
          opts.format,
          true,
        );
      }
    }
  }
  const { digest, pushed } = outcome;

  const ref = digest ? `${label}@${digest}` : label;
  let files: PushResult['files'] = [];
  if (opts.manifests.length > 0 && digest) {
    const pinned = await pinFiles(ref, opts.manifests, ctx, { dryRun: opts.dryRun });
    files = pinned.files.map((f) => ({ path: f.path, changes: f.changes.length }));
    for (const f of files)
      ctx.logger.info(`${opts.dryRun ? 'would pin' : 'pinned'} ${f.path} (${f.changes})`);
  } else if (planned && opts.dryRun) {
    // a dry run of a free tag has no digest yet: show the lines the push would pin
    files = planned.files.map((f) => ({ path: f.path, changes: f.changes.length }));
    for (const f of planned.files)
      for (const c of f.changes)
        ctx.logger.info(
          `would pin ${f.path}:${c.line}  ${c.from} → ${c.to.replace(placeholder, '@sha256:<digest of the push>')}`,
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
  };
  return { json: result, text: ref, exitCode: 0 };
}
