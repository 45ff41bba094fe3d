#!/usr/bin/env node
// The CLI entry: parses argv with commander, calls one command, prints its result and exits.
// All logic lives in src/commands/*; this file only wires options and prints.
import { Command, CommanderError, Option } from 'commander';
import type { ReportFormat } from './commands/check.js';
import type { CommandOutcome } from './commands/types.js';
import { DigestpinError, toDigestpinError } from './errors.js';
import { exitWhenWritten, isInterrupted, onInterrupt } from './interrupt.js';
import type { Logger } from './log.js';
import { preloadProcessRunner } from './process.js';
import { earlyClient } from './push/early-client.js';
import { MANIFEST_FORMATS, type ManifestFormat } from './registry/media-types.js';
import { escapeControls, safeJson, safeText } from './report/terminal.js';
import { DEFAULT_TAG_TEMPLATE } from './push/tag-template.js';
import { debugWanted } from './settings.js';
import { VERSION } from './version.js';

// Commands are loaded when they run, so `--version`, `--help` and a usage error pay only for
// commander (start-up is measured in bench/startup.mjs; docs/decisions/lazy-loading.md).
// The registry client loads first and pings the registry (push/early-client.ts); then execa (for
// skopeo) and the push code load together while that ping's round trips go on.
const runPush = async (...[opts, ctx]: Parameters<typeof import('./commands/push.js').runPush>) => {
  const early = earlyClient(opts, ctx);
  await early?.catch(() => undefined);
  preloadProcessRunner().catch(() => undefined);
  return (await import('./commands/push.js')).runPush(opts, ctx, early);
};
const runGuard = async (...a: Parameters<typeof import('./commands/guard.js').runGuard>) =>
  (await import('./commands/guard.js')).runGuard(...a);
const runPin = async (...a: Parameters<typeof import('./commands/pin.js').runPin>) =>
  (await import('./commands/pin.js')).runPin(...a);
const runCheck = async (...a: Parameters<typeof import('./commands/check.js').runCheck>) =>
  (await import('./commands/check.js')).runCheck(...a);
const runVerify = async (...a: Parameters<typeof import('./commands/verify/index.js').runVerify>) =>
  (await import('./commands/verify/index.js')).runVerify(...a);
const runResolve = async (...a: Parameters<typeof import('./commands/resolve.js').runResolve>) =>
  (await import('./commands/resolve.js')).runResolve(...a);
const runDemo = async (...a: Parameters<typeof import('./commands/demo.js').runDemo>) =>
  (await import('./commands/demo.js')).runDemo(...a);

const verbose = process.argv.includes('--verbose') || debugWanted(process.env);

// What stdout carries decides how it is made safe for a terminal and a CI log: JSON (and SARIF)
// keeps parsing to the same document; `--format github` output is meant as workflow commands (its
// values are escaped where they are written); anything else shows control characters escaped and
// cannot read as a workflow command (a file name with a line break, `##[`, an ESC sequence).
const formatArg = process.argv.findIndex((a) => a === '--format' || a.startsWith('--format='));
const formatWanted =
  formatArg < 0
    ? undefined
    : process.argv[formatArg].startsWith('--format=')
      ? process.argv[formatArg].slice('--format='.length)
      : process.argv[formatArg + 1];
// --json is --format json (DESIGN.md), written `--format json` or `--format=json`
const jsonWanted = process.argv.includes('--json') || formatWanted === 'json';
function safeStdout(out: string, json: boolean): string {
  if (json || formatWanted === 'sarif') return safeJson(out);
  if (formatWanted === 'github') return escapeControls(out);
  return safeText(out);
}
const stderr = (m: string) => process.stderr.write(safeText(m));
// Progress keeps its own redraw (CR, erase line) in front; what follows is made safe like any text.
const REDRAW = '\r\x1b[K';
const progressLine = (m: string) =>
  m.startsWith(REDRAW)
    ? process.stderr.write(REDRAW + safeText(m.slice(REDRAW.length)))
    : stderr(m);
const logger: Logger = {
  info: (m) => stderr(`${m}\n`),
  warn: (m) => stderr(`warning: ${m}\n`),
  debug: (m) => {
    if (verbose) stderr(`debug: ${m}\n`);
  },
};
const ctx = { logger, env: process.env, cwd: process.cwd() };

// A signal stops skopeo, prints one INTERRUPTED error (a JSON document with --json) and exits
// 128 + its number; what the command itself would report after that is not printed.
onInterrupt((_signal, error) => report(error, jsonWanted));

async function execute(json: boolean, run: () => Promise<CommandOutcome>): Promise<void> {
  try {
    const outcome = await run();
    if (isInterrupted()) return;
    const out = json ? `${JSON.stringify(outcome.json, null, 2)}\n` : outcome.text;
    const safe = safeStdout(out, json);
    if (safe) process.stdout.write(safe.endsWith('\n') ? safe : `${safe}\n`);
    process.exitCode = outcome.exitCode;
  } catch (err) {
    fail(err, json);
  }
}

function fail(err: unknown, json: boolean): void {
  if (isInterrupted()) return;
  report(toDigestpinError(err), json);
}

function report(e: DigestpinError, json: boolean): void {
  if (json) process.stdout.write(safeJson(`${JSON.stringify(e.toJSON(), null, 2)}\n`));
  stderr(`digestpin: error: ${e.message}\n`);
  if (e.hint) stderr(`  hint: ${e.hint}\n`);
  if (verbose && e.cause instanceof Error && e.cause.stack) stderr(`${e.cause.stack}\n`);
  process.exitCode = e.exitCode;
}

const jsonOption = () =>
  new Option('--json', 'print one JSON document on stdout (logs go to stderr)');
const authOptions = (c: Command) =>
  c
    .option(
      '--authfile <file>',
      'registry credentials file (containers auth.json or docker config.json format)',
    )
    .option(
      '--insecure',
      'accept an unverified certificate, and plain HTTP where the registry has no TLS (implied for localhost and 127.0.0.0/8)',
      false,
    );
const ecrOptions = (c: Command) =>
  c
    .option('--ecr', 'force Amazon ECR mode for any host', false)
    .option('--region <region>', 'AWS region for ECR (default: from the host, then AWS_REGION)');
const reportFormat = () =>
  new Option('--format <format>', 'output format')
    .choices(['text', 'json', 'github', 'sarif'])
    .default('text');
/** --json is --format json; with another --format given on the command line, it is refused. */
function formatOf(o: { format: ReportFormat; json?: boolean }, cmd: Command): ReportFormat {
  if (o.json && cmd.getOptionValueSource('format') === 'cli' && o.format !== 'json')
    throw new DigestpinError(
      'USAGE',
      `--json and --format ${o.format} ask for two different outputs`,
      `Pick one: --format ${o.format} (without --json), or --json (the same as --format json).`,
    );
  return o.json ? 'json' : o.format;
}

/** Exit codes, as DESIGN.md lists them, for the help of every command. */
const EXIT_CODES = `
Exit codes:
  0  success                          4  authentication or authorization refused
  1  internal error (a bug)           5  registry unreachable, timed out or failing
  2  invalid usage or input           6  image not found (source or pinned digest)
  3  tag exists (refused)             7  check found errors
  130/143/129  interrupted by SIGINT/SIGTERM/SIGHUP`;

const verboseOption = () => new Option('--verbose', 'print debug logs on stderr');
const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new DigestpinError('USAGE', `expected a positive integer, got "${v}"`);
  return n;
};

const program = new Command()
  .name('digestpin')
  .description(
    'Push images under a unique, never-reused tag, refuse to overwrite tags, and pin Kubernetes manifests to repo:tag@sha256 digests.',
  )
  .version(VERSION, '-V, --version')
  .option('--verbose', 'print debug logs on stderr')
  .showHelpAfterError('(run with --help for usage)')
  .configureOutput({ writeErr: (s) => stderr(s) })
  .exitOverride();

authOptions(
  ecrOptions(
    program
      .command('push')
      .description(
        'push <source> as <repository>:<unique tag> (Docker v2s2 by default), refuse to overwrite, pin manifests',
      )
      .argument(
        '<source>',
        'skopeo source: docker-daemon:app:dev, docker-archive:app.tar, oci:dir:tag, oci-archive:app.tar, docker://…; bare app:dev means docker-daemon:app:dev',
      )
      .argument('<repository>', 'destination repository host/path, without tag')
      .option(
        '--tag <template>',
        `tag or template ({sha} {sha7} {run} {attempt} {branch} {date} {time}); default ${DEFAULT_TAG_TEMPLATE}, unique per build and retry; "latest" is refused`,
      )
      .addOption(
        new Option('--format <format>', 'manifest format to write')
          .choices(MANIFEST_FORMATS)
          .default('v2s2'),
      )
      .option('--all', 'push every platform of a multi-arch source', false)
      .addOption(
        new Option(
          '--attestations <mode>',
          'with --all in v2s2: attestation manifests (buildx provenance/SBOM) left out of the list are pushed by digest and attached (keep), or not pushed (drop)',
        )
          .choices(['keep', 'drop'])
          .default('keep'),
      )
      .addOption(
        new Option(
          '--all-platforms',
          'the same as --all (the action input is all-platforms)',
        ).hideHelp(),
      )
      .option(
        '--manifests <paths...>',
        'manifest files, folders or quoted globs to pin to the pushed ref',
      )
      .option(
        '--require-pin',
        'exit 2 (nothing pushed) when --manifests holds no image of <repository>',
        false,
      )
      .option('--dry-run', 'plan and check only: push nothing, write nothing', false)
      .option('--quiet', 'no progress lines on stderr', false)
      .option('--ensure-immutable', 'ECR: switch a MUTABLE repository to IMMUTABLE tags', false)
      .option(
        '--create-repository',
        'ECR: create a missing repository (IMMUTABLE tags, scan on push)',
        false,
      ),
  ),
)
  .addOption(jsonOption())
  .addHelpText(
    'after',
    `
Examples:
  digestpin push docker-archive:app.tar 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app --manifests k8s/
  digestpin push oci-archive:app-oci.tar registry.example.com/team/app --tag 'build-{run}-{attempt}' --require-pin --manifests k8s/ --json
${EXIT_CODES}`,
  )
  .action((source: string, repository: string, o: Record<string, unknown>) =>
    execute(Boolean(o.json), () =>
      runPush(
        {
          source,
          repository,
          tag: o.tag as string | undefined,
          format: o.format as ManifestFormat,
          all: Boolean(o.all) || Boolean(o.allPlatforms),
          manifests: (o.manifests as string[] | undefined) ?? [],
          authfile: o.authfile as string | undefined,
          insecure: Boolean(o.insecure),
          dryRun: Boolean(o.dryRun),
          ecr: Boolean(o.ecr),
          region: o.region as string | undefined,
          ensureImmutable: Boolean(o.ensureImmutable),
          createRepository: Boolean(o.createRepository),
          attestations: o.attestations as 'keep' | 'drop',
          quiet: Boolean(o.quiet),
          requirePin: Boolean(o.requirePin),
        },
        // progress on stderr: redrawn in place on a terminal, plain lines in a log
        { ...ctx, progress: { tty: process.stderr.isTTY === true, write: progressLine } },
      ),
    ),
  );

authOptions(
  ecrOptions(
    program
      .command('guard')
      .description(
        'exit 0 if <repository>:<tag> is free, 3 if the tag already exists (a gate for Jenkins)',
      )
      .argument('<reference>', 'repository:tag to check'),
  ),
)
  .addOption(jsonOption())
  .action((reference: string, o: Record<string, unknown>) =>
    execute(Boolean(o.json), () =>
      runGuard(
        {
          reference,
          authfile: o.authfile as string | undefined,
          insecure: Boolean(o.insecure),
          ecr: Boolean(o.ecr),
          region: o.region as string | undefined,
        },
        ctx,
      ),
    ),
  );

authOptions(
  program
    .command('pin')
    .description(
      'rewrite manifests to <ref> (repo:tag@sha256:…); with --resolve, pin every image to its current digest',
    )
    .argument('<args...>', '<ref> <paths...>, or only <paths...> with --resolve')
    .option('--resolve', 'pin every image found to the digest its tag points to now', false)
    .option('--strict', 'with --resolve: fail when any image cannot be resolved', false)
    .option('--dry-run', 'print a unified diff, write nothing', false)
    .option('--require-pin', "exit 2 when the paths hold no image of <ref>'s repository", false),
)
  .addOption(jsonOption())
  .action((args: string[], o: Record<string, unknown>) =>
    execute(Boolean(o.json), () => {
      const resolve = Boolean(o.resolve);
      const [ref, ...rest] = args;
      if (!resolve && rest.length === 0)
        throw new DigestpinError(
          'USAGE',
          'pin needs <ref> and at least one path',
          'digestpin pin repo:tag@sha256:… k8s/',
        );
      return runPin(
        {
          ref: resolve ? undefined : ref,
          paths: resolve ? args : rest,
          resolve,
          strict: Boolean(o.strict),
          dryRun: Boolean(o.dryRun),
          authfile: o.authfile as string | undefined,
          insecure: Boolean(o.insecure),
          verbose,
          requirePin: Boolean(o.requirePin),
        },
        ctx,
      );
    }),
  );

program
  .command('check')
  .description(
    'lint manifests for stale-image and pull-failure risks; --fix rewrites legacy registries',
  )
  .argument('<paths...>', 'files, folders or quoted globs')
  .option('--fix', 'rewrite legacy registries (k8s.gcr.io → registry.k8s.io …) in place', false)
  .option('--dry-run', 'with --fix: print the diff, write nothing', false)
  .option(
    '--ignore <rule>',
    'drop a rule for this run (repeatable)',
    (v: string, p: string[]) => [...p, v],
    [] as string[],
  )
  .addOption(reportFormat())
  .addOption(jsonOption())
  .action((paths: string[], o: Record<string, unknown>, cmd: Command) => {
    const format = formatOf(o as { format: ReportFormat; json?: boolean }, cmd);
    return execute(format === 'json', () =>
      runCheck(
        {
          paths,
          fix: Boolean(o.fix),
          dryRun: Boolean(o.dryRun),
          ignore: o.ignore as string[],
          format,
        },
        ctx,
      ),
    );
  });

authOptions(
  program
    .command('verify')
    .description(
      'ask each registry whether every pinned image in the manifests exists and can be pulled',
    )
    .argument('<paths...>', 'files, folders or quoted globs')
    .addOption(reportFormat())
    .addOption(
      new Option(
        '--require-format <format>',
        'report images whose manifest is not in this format',
      ).choices(MANIFEST_FORMATS),
    )
    .option(
      '--tag-consistency',
      'also check that repo:tag still points to the pinned digest',
      false,
    )
    .option('--concurrency <n>', 'requests in flight per registry', positiveInt, 8),
)
  .addOption(jsonOption())
  .action((paths: string[], o: Record<string, unknown>, cmd: Command) => {
    const format = formatOf(o as { format: ReportFormat; json?: boolean }, cmd);
    return execute(format === 'json', () =>
      runVerify(
        {
          paths,
          format,
          requireFormat: o.requireFormat as ManifestFormat | undefined,
          tagConsistency: Boolean(o.tagConsistency),
          authfile: o.authfile as string | undefined,
          insecure: Boolean(o.insecure),
          concurrency: o.concurrency as number,
        },
        ctx,
      ),
    );
  });

authOptions(
  program
    .command('resolve')
    .description('print the digest each reference points to now (ref@sha256:… per line)')
    .argument('<references...>', 'image references'),
)
  .addOption(jsonOption())
  .action((references: string[], o: Record<string, unknown>) =>
    execute(Boolean(o.json), () =>
      runResolve(
        { references, authfile: o.authfile as string | undefined, insecure: Boolean(o.insecure) },
        ctx,
      ),
    ),
  );

program
  .command('demo')
  .description(
    'the whole flow against a local registry it starts itself (needs skopeo and docker-registry)',
  )
  .option('--keep', 'keep the temporary folder and print where it is', false)
  .addOption(jsonOption())
  .action((o: Record<string, unknown>) =>
    execute(Boolean(o.json), () => runDemo({ keep: Boolean(o.keep) }, ctx)),
  );

for (const c of program.commands) {
  c.addOption(verboseOption());
  if (c.name() !== 'push') c.addHelpText('after', EXIT_CODES);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // --help and --version end here with exit code 0; every other commander error is a usage error.
    if (err.exitCode === 0) process.exitCode = 0;
    else if (jsonWanted)
      fail(new DigestpinError('USAGE', err.message.replace(/^error: /, '')), true);
    else process.exitCode = 2;
  } else {
    fail(err, jsonWanted);
  }
}

// The result has been printed: end now rather than when the last socket closes (a request the
// registry never answers — a stalled upload after a timeout — would otherwise hold the exit).
// Once stdout and stderr are written out, so nothing is cut short.
if (!isInterrupted()) await exitWhenWritten();
