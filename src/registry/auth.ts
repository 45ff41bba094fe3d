/**
 * Registry credentials, found where skopeo (containers-auth.json(5)) and then the docker CLI keep
 * them: `--authfile`, or `$REGISTRY_AUTH_FILE` (each replaces the chain, as in skopeo), else
 * `$XDG_RUNTIME_DIR/containers/auth.json` (or `/run/containers/$UID/auth.json` without it),
 * `$XDG_CONFIG_HOME/containers/auth.json` (`~/.config`), `$DOCKER_CONFIG/config.json` (or
 * `~/.docker/config.json`) and the legacy `~/.dockercfg` (containers/image pkg/docker/config
 * getAuthFilePaths). In each file: `credHelpers` for the host, then `auths` (the most specific
 * key wins), then `credsStore`. Helpers run as `docker-credential-<name> get` with the server on
 * stdin. Secrets never reach a log line, an error message or argv.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { DigestpinError } from '../errors.js';
import type { Logger } from '../log.js';
import { DOCKER_HUB_AUTH_KEY, normalizeAuthKey, normalizeHost } from './http/hosts.js';
import { jsonErrorLineColumn } from '../json-position.js';

export interface Credentials {
  username?: string;
  password?: string;
  identityToken?: string;
  registryToken?: string;
  /** Where they came from (a file path or `docker-credential-<name>`), for messages; never secret. */
  source?: string;
}

export interface AuthOptions {
  authfile?: string;
  env: NodeJS.ProcessEnv;
  /** Repository path inside the host (`library/nginx`), to match namespace-scoped keys. */
  repository?: string;
  logger?: Logger;
  /** Timeout for a credential helper, in milliseconds (default 30 s). */
  helperTimeoutMs?: number;
}

interface AuthEntry {
  auth?: unknown;
  username?: unknown;
  password?: unknown;
  identitytoken?: unknown;
  registrytoken?: unknown;
}

interface AuthFile {
  auths?: Record<string, AuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** The legacy docker file: its top level is the `auths` map itself. */
const LEGACY_NAME = '.dockercfg';

/**
 * The files to read, in order. `--authfile`, else `$REGISTRY_AUTH_FILE`, replaces the whole chain
 * (skopeo takes the variable as its --authfile default); `uid` picks `/run/containers/$UID`.
 */
export function authFilePaths(
  opts: Pick<AuthOptions, 'authfile' | 'env'>,
  uid: number = process.getuid?.() ?? 0,
): string[] {
  if (opts.authfile) return [opts.authfile];
  const env = opts.env;
  if (env.REGISTRY_AUTH_FILE) return [env.REGISTRY_AUTH_FILE];
  const home = env.HOME || homedir();
  const configHome = env.XDG_CONFIG_HOME || path.join(home, '.config');
  return [
    env.XDG_RUNTIME_DIR
      ? path.join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json')
      : `/run/containers/${uid}/auth.json`,
    path.join(configHome, 'containers', 'auth.json'),
    env.DOCKER_CONFIG
      ? path.join(env.DOCKER_CONFIG, 'config.json')
      : path.join(home, '.docker', 'config.json'),
    path.join(home, LEGACY_NAME),
  ];
}

async function readAuthFile(file: string, required: boolean): Promise<AuthFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (!required) return undefined;
    throw new DigestpinError(
      'FILE_NOT_FOUND',
      `cannot read the credentials file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      'Pass an existing file to --authfile (containers auth.json or docker config.json format), or create it with `skopeo login --authfile FILE HOST`.',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // never V8's message: it quotes the text around the error, which can be a password
    const at = jsonErrorLineColumn(text) ?? { line: 1, column: 1 };
    throw new DigestpinError(
      'INVALID_INPUT',
      `the credentials file ${file}:${at.line}:${at.column} is not valid JSON`,
      'Fix or remove the file; it must hold {"auths": {"host": {"auth": "<base64 user:password>"}}}.',
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new DigestpinError(
      'INVALID_INPUT',
      `the credentials file ${file} does not hold a JSON object`,
      'It must hold {"auths": {"host": {"auth": "<base64 user:password>"}}}.',
    );
  // ~/.dockercfg: {"https://host/v1/": {"auth": …, "email": …}}
  if (path.basename(file) === LEGACY_NAME && !('auths' in parsed))
    return { auths: parsed as Record<string, AuthEntry> };
  return parsed;
}

/** The key of a map that stands for `host` (and `repository`), most specific first. */
function matchKey(
  keys: string[],
  host: string,
  repository: string | undefined,
): string | undefined {
  let best: { key: string; len: number } | undefined;
  for (const key of keys) {
    const k = normalizeAuthKey(key);
    if (k.host !== host) continue;
    if (k.path && !(repository === k.path || repository?.startsWith(`${k.path}/`))) continue;
    const len = k.path ? k.path.length + 1 : 0;
    if (!best || len > best.len) best = { key, len };
  }
  return best?.key;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Turns one `auths` entry into credentials; an empty entry (a credsStore placeholder) gives none. */
export function decodeEntry(entry: AuthEntry, source: string): Credentials | undefined {
  const creds: Credentials = { source };
  const auth = str(entry.auth);
  if (auth) {
    const decoded = Buffer.from(auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0)
      throw new DigestpinError(
        'INVALID_INPUT',
        `an "auth" value in ${source} does not decode to user:password`,
        'Log in again (skopeo login / docker login) to rewrite the entry.',
      );
    creds.username = decoded.slice(0, colon);
    creds.password = decoded.slice(colon + 1);
  } else {
    creds.username = str(entry.username);
    creds.password = str(entry.password);
  }
  creds.identityToken = str(entry.identitytoken);
  creds.registryToken = str(entry.registrytoken);
  const usable = Boolean(
    (creds.username && creds.password) || creds.identityToken || creds.registryToken,
  );
  return usable ? creds : undefined;
}

/** Runs `docker-credential-<name> get`; undefined when the helper has nothing for the server. */
export async function runCredentialHelper(
  name: string,
  serverUrl: string,
  opts: AuthOptions,
): Promise<Credentials | undefined> {
  const program = `docker-credential-${name}`;
  // execa is loaded only when a credential helper is configured (keeps it off verify's start-up).
  const { execa } = await import('execa');
  const result = await execa(program, ['get'], {
    input: serverUrl,
    env: opts.env,
    extendEnv: false,
    reject: false,
    timeout: opts.helperTimeoutMs ?? 30_000,
    stripFinalNewline: true,
  });
  if (result.failed) {
    if (/credentials not found/i.test(`${result.stdout}`)) return undefined;
    const why = result.timedOut
      ? 'timed out'
      : result.exitCode === undefined
        ? (result.originalMessage ?? 'could not be started').split('\n')[0]
        : `exited with ${result.exitCode}`;
    opts.logger?.warn(`credential helper ${program} ${why}; continuing without its credentials`);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    opts.logger?.warn(`credential helper ${program} printed something that is not JSON`);
    return undefined;
  }
  const o = (parsed ?? {}) as { Username?: unknown; Secret?: unknown };
  const username = str(o.Username);
  const secret = str(o.Secret);
  if (!secret) return undefined;
  if (username === '<token>') return { identityToken: secret, source: program };
  return { username, password: secret, source: program };
}

/**
 * Credentials for `host` in DESIGN.md's order: `--authfile` (when given, the only file), then
 * `ecr` (an ECR token for an ECR host), then the files of the chain (when no --authfile).
 */
export async function credentialsInOrder(
  host: string,
  opts: AuthOptions,
  ecr?: (host: string) => Promise<Credentials | undefined>,
): Promise<Credentials | undefined> {
  const explicit = opts.authfile ? await findCredentials(host, opts) : undefined;
  if (explicit) return explicit;
  const given = ecr ? await ecr(host) : undefined;
  if (given) return given;
  return opts.authfile ? undefined : findCredentials(host, opts);
}

/** Credentials for `host` (a registry host as written in references: docker.io, host:port). */
export async function findCredentials(
  host: string,
  opts: AuthOptions,
): Promise<Credentials | undefined> {
  const wanted = normalizeHost(host);
  const serverUrl = wanted === 'docker.io' ? DOCKER_HUB_AUTH_KEY : wanted;
  for (const file of authFilePaths(opts)) {
    const config = await readAuthFile(file, file === opts.authfile);
    if (!config) continue;
    const helpers = config.credHelpers ?? {};
    const helperKey = matchKey(Object.keys(helpers), wanted, undefined);
    if (helperKey && str(helpers[helperKey])) {
      const found = await runCredentialHelper(helpers[helperKey], serverUrl, opts);
      if (found) return found;
    }
    const auths = config.auths ?? {};
    const authKey = matchKey(Object.keys(auths), wanted, opts.repository);
    if (authKey) {
      const found = decodeEntry(auths[authKey] ?? {}, file);
      if (found) {
        opts.logger?.debug(`credentials for ${wanted} from ${file} (key ${authKey})`);
        return found;
      }
    }
    if (str(config.credsStore)) {
      const found = await runCredentialHelper(config.credsStore!, serverUrl, opts);
      if (found) return found;
    }
  }
  opts.logger?.debug(`no credentials for ${wanted}; anonymous`);
  return undefined;
}
