import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  parseEcrHost
} from "./chunk-3MUJSREC.js";
import {
  checkSkopeo,
  checkSource,
  describeConfigs,
  isSameImage,
  normalizeSource,
  plannedAttestations,
  readBuildxSource,
  registryReader,
  relayedPush,
  sourceConfigDigests,
  sourcePlan,
  tagExistsError,
  tagState
} from "./chunk-OYHNRYO7.js";
import {
  renderTag
} from "./chunk-RWNZ2W57.js";
import {
  preloadProcessRunner
} from "./chunk-7IGXQR4H.js";
import {
  pushTimeoutMs,
  requestSettings
} from "./chunk-ANCL6P4L.js";
import {
  MANIFEST_FORMATS
} from "./chunk-TSB7FB7W.js";
import {
  formatReference,
  parseReference
} from "./chunk-A5WBNSYW.js";
import {
  allowsInsecure
} from "./chunk-5CTG7JZF.js";
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

// src/log.ts
var silentLogger = {
  info: () => void 0,
  warn: () => void 0,
  debug: () => void 0
};

// src/commands/push.ts
var SOURCE_PREFIX = /^(docker-daemon|docker-archive|oci-archive|oci|dir|containers-storage):|^docker:\/\//;
function parseRepository(input, source) {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input);
  if (SOURCE_PREFIX.test(input))
    throw new DigestpinError(
      "USAGE",
      `${input} is an image source, not a repository: are the arguments swapped? push takes <source> first, then <repository>`,
      `digestpin push ${input} ${source.replace(/^docker-daemon:/, "")}`
    );
  if (scheme)
    throw new DigestpinError(
      "INVALID_REFERENCE",
      `${input}: a repository has no scheme; drop "${scheme[0]}"`,
      `digestpin push <source> ${input.slice(scheme[0].length).replace(/\/+$/, "")} (HTTPS is used; --insecure allows plain HTTP)`
    );
  const ref = parseReference(input);
  if (ref.tag !== void 0 || ref.digest !== void 0)
    throw new DigestpinError(
      "INVALID_REFERENCE",
      `${input}: the repository must not carry a tag or digest`,
      `Pass the tag with --tag: digestpin push <source> ${formatReference({ domain: ref.domain, path: ref.path })} --tag <template>`
    );
  return ref;
}
async function sourceAccess(source, opts, ctx) {
  if (!source.startsWith("docker://")) return {};
  const src = parseReference(source.slice("docker://".length));
  const { findCredentials } = await import("./auth-KTAIVPBK.js");
  const creds = await findCredentials(src.domain, {
    authfile: opts.authfile,
    env: ctx.env,
    repository: src.path,
    logger: ctx.logger
  });
  const srcAuth = creds && (creds.password !== void 0 || creds.identityToken !== void 0) ? {
    host: src.domain,
    username: creds.username,
    password: creds.password,
    identityToken: creds.identityToken
  } : void 0;
  const srcTlsVerify = !allowsInsecure(src.domain, opts.insecure);
  return { srcAuth, srcTlsVerify };
}
async function resolveTarget(opts, ctx) {
  if (!MANIFEST_FORMATS.includes(opts.format))
    throw new DigestpinError(
      "USAGE",
      `--format ${String(opts.format)}: expected ${MANIFEST_FORMATS.join(" or ")}`,
      `digestpin push --format ${MANIFEST_FORMATS.join("|")} \u2026`
    );
  const attestations = opts.attestations ?? "keep";
  if (attestations !== "keep" && attestations !== "drop")
    throw new DigestpinError(
      "USAGE",
      `--attestations ${String(attestations)}: expected keep or drop`,
      "digestpin push --all --attestations keep|drop \u2026"
    );
  const repo = parseRepository(opts.repository, opts.source);
  const repository = formatReference({ domain: repo.domain, path: repo.path });
  const tag = await renderTag(opts.tag, ctx.env, ctx.cwd);
  const source = normalizeSource(opts.source);
  await checkSource(opts.source, source);
  const timeoutMs = pushTimeoutMs(ctx.env);
  requestSettings(ctx.env);
  return {
    repo,
    repository,
    tag,
    label: `${repository}:${tag}`,
    source,
    timeoutMs,
    attestations
  };
}
async function prepareEcr(opts, ctx, t) {
  if (!opts.ecr && !parseEcrHost(t.repo.domain)) return void 0;
  const { ecrPlan } = await import("./ecr-plan-UMCICWVU.js");
  return ecrPlan(t.repo.domain, {
    repository: t.repo.path,
    tag: t.tag,
    ecr: opts.ecr,
    region: opts.region,
    env: ctx.env,
    logger: ctx.logger,
    createRepository: opts.createRepository,
    ensureImmutable: opts.ensureImmutable,
    dryRun: opts.dryRun
  });
}
function lazyClient(opts, ctx, domain, ecrCredentials) {
  let loading;
  return () => loading ??= import("./client-YRSZOPPZ.js").then(
    ({ RegistryClient }) => new RegistryClient({
      authfile: opts.authfile,
      insecure: opts.insecure,
      env: ctx.env,
      logger: ctx.logger,
      ...ecrCredentials && {
        credentials: (host) => Promise.resolve(host === domain ? ecrCredentials : void 0)
      }
    })
  );
}
var PLACEHOLDER = `@sha256:${"0".repeat(64)}`;
async function planManifests(opts, ctx, t) {
  if (opts.manifests.length === 0) return void 0;
  const { pinFiles } = await import("./pinning-XANTSBUX.js");
  const planned = await pinFiles(
    `${t.label}${PLACEHOLDER}`,
    opts.manifests,
    { ...ctx, logger: silentLogger },
    { dryRun: true }
  );
  if (planned.files.length === 0)
    await (await import("./no-pin-ZDLO2KQB.js")).reportNoPin(t.repo, opts.manifests, ctx, Boolean(opts.requirePin));
  return { pinFiles, planned };
}
async function pushAndConfirm(opts, ctx, t, access, deps, existing, buildx) {
  const { repo, tag } = t;
  const abort = new AbortController();
  let started = () => void 0;
  const spawned = new Promise((resolve) => started = resolve);
  const pushArgs = {
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
    ...!opts.quiet && {
      progress: {
        sink: ctx.progress ?? {
          tty: false,
          write: (text) => ctx.logger.info(text.replace(/\n$/, ""))
        },
        plan: deps.sourcePlan(t.source, opts.all)
      }
    },
    onSpawn: () => {
      deps.client().catch(() => void 0);
      started();
    }
  };
  const pushing = buildx ? import("./list-push-KXPHNLOV.js").then(async ({ pushPlatformList }) => {
    const r = await pushPlatformList({
      ...pushArgs,
      buildx: buildx.source,
      attestations: t.attestations
    });
    buildx.report(r.attestations);
    return r;
  }) : deps.relayedPush(pushArgs);
  pushing.catch(() => void 0);
  await Promise.race([spawned, pushing.catch(() => void 0)]);
  const before = await deps.client().then((c) => tagState(c, repo.domain, repo.path, tag)).catch(async (err) => {
    abort.abort();
    await pushing.catch(() => void 0);
    throw err;
  });
  if (before) {
    abort.abort();
    await pushing.catch(() => void 0);
    return existing(before);
  }
  const outcome = await pushing;
  await confirmTag(opts, t, await deps.client(), outcome.digest);
  return outcome;
}
async function confirmTag(opts, t, c, digest) {
  const { repo, tag, label } = t;
  const after = await c.headManifest({ domain: repo.domain, path: repo.path, tag });
  if (after?.digest === digest) return;
  const now = after && await tagState(c, repo.domain, repo.path, tag, after);
  if (!now)
    throw new DigestpinError(
      "CONCURRENT_OVERWRITE",
      `${label} vanished right after the push (expected ${digest})`,
      "Something deleted or retagged it at the same time; check for concurrent pipelines or a retention policy."
    );
  throw tagExistsError(
    label,
    now,
    { configs: /* @__PURE__ */ new Map(), digest },
    opts.format,
    true
  );
}
function runPush(opts, ctx) {
  return pushWith(opts, ctx);
}
async function pushWith(opts, ctx, given = {}) {
  preloadProcessRunner().catch(() => void 0);
  const t = await resolveTarget(opts, ctx);
  const { repo, repository, tag, label, source, timeoutMs } = t;
  const ecr = await prepareEcr(opts, ctx, t);
  const deps = {
    client: lazyClient(opts, ctx, repo.domain, ecr?.credentials),
    relayedPush,
    checkSkopeo,
    sourceConfigDigests,
    sourcePlan,
    ...given
  };
  const access = await sourceAccess(source, opts, ctx);
  const buildx = opts.format === "v2s2" && opts.all ? await readBuildxSource(source, registryReader(deps.client)) : void 0;
  let attestations = buildx && plannedAttestations(buildx.attestations);
  let configsReading;
  const sourceConfigs = () => configsReading ??= deps.sourceConfigDigests(source, opts.all, {
    ...access.srcAuth && { auth: access.srcAuth },
    ...access.srcTlsVerify !== void 0 && { tlsVerify: access.srcTlsVerify },
    timeoutMs,
    env: ctx.env,
    logger: ctx.logger
  });
  const existing = async (before) => {
    const configs = await sourceConfigs();
    if (!isSameImage(before, configs, opts.format))
      throw tagExistsError(label, before, { configs }, opts.format, false);
    ctx.logger.info(`${label} already holds this image (${before.digest}); nothing pushed`);
    return { digest: before.digest, pushed: false };
  };
  const plan = await planManifests(opts, ctx, t);
  let outcome;
  if (opts.dryRun) {
    const [, configs, before] = await Promise.all([
      deps.checkSkopeo(ctx.env),
      sourceConfigs(),
      // A repository that --create-repository would create holds no tag yet.
      ecr?.repository === "missing" ? void 0 : deps.client().then((c) => tagState(c, repo.domain, repo.path, tag))
    ]);
    if (before) outcome = await existing(before);
    else {
      ctx.logger.info(
        `dry run: ${label} is free; would push ${source} (${describeConfigs(configs)}) as ${opts.format}${opts.all ? " (all platforms)" : ""}`
      );
      for (const a of attestations ?? [])
        ctx.logger.info(
          `dry run: would leave out of the v2s2 list: attestation ${a.digest} (for ${a.platform_of})`
        );
      outcome = { digest: "", pushed: false };
    }
  } else
    outcome = await pushAndConfirm(
      opts,
      ctx,
      t,
      access,
      deps,
      existing,
      buildx && { source: buildx, report: (r) => attestations = r }
    );
  const { digest, pushed } = outcome;
  const ref = digest ? `${label}@${digest}` : label;
  let files = [];
  if (plan && digest) {
    const pinned = await plan.pinFiles(ref, opts.manifests, ctx, { dryRun: opts.dryRun });
    files = pinned.files.map((f) => ({ path: f.path, changes: f.changes.length }));
    for (const f of files)
      ctx.logger.info(`${opts.dryRun ? "would pin" : "pinned"} ${f.path} (${f.changes})`);
  } else if (plan && opts.dryRun) {
    files = plan.planned.files.map((f) => ({ path: f.path, changes: f.changes.length }));
    for (const f of plan.planned.files)
      for (const c of f.changes)
        ctx.logger.info(
          `would pin ${f.path}:${c.line}  ${c.from} \u2192 ${c.to.replace(PLACEHOLDER, "@sha256:<digest of the push>")}`
        );
  }
  const image = digest ? `${repository}@${digest}` : "";
  const result = {
    repository,
    tag,
    digest,
    image,
    ref,
    format: opts.format,
    pushed,
    files,
    ...attestations && { attestations }
  };
  return { json: result, text: ref, exitCode: 0 };
}

export {
  silentLogger,
  runPush,
  pushWith
};
//# sourceMappingURL=chunk-THH2EGMR.js.map
