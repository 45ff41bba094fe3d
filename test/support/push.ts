/**
 * Test-side helpers around a started registry: seed it with real `skopeo copy`, write a containers
 * auth file for it, and read manifests back over plain HTTP (independently of src/registry/).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import type { Registry } from './registry.js';

export const MANIFEST_ACCEPT = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
];
export const DOCKER_V2S2 = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';

/** A containers/docker auth file's JSON with one host's Basic credentials. */
export function authJson(host: string | string[], username: string, password: string): string {
  const auth = Buffer.from(`${username}:${password}`).toString('base64');
  const hosts = typeof host === 'string' ? [host] : host;
  return JSON.stringify({ auths: Object.fromEntries(hosts.map((h) => [h, { auth }])) });
}

/**
 * Every form in which these passwords could leak, for "appears nowhere" checks: each raw, its
 * base64, and the base64 of `username:password` (a Basic header or an auth file's `auth`).
 */
export function secretForms(username: string, ...passwords: string[]): string[] {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return passwords.flatMap((p) => [p, b64(p), b64(`${username}:${p}`)]);
}

/** Writes `<dir>/auth.json` (mode 0600) with the registry's credentials; returns its path. */
export async function writeAuthFile(dir: string, registry: Registry): Promise<string> {
  const file = path.join(dir, `auth-${registry.port}.json`);
  const auths: Record<string, { auth: string }> = {};
  if (registry.auth) {
    const { username, password } = registry.auth;
    auths[registry.host] = { auth: Buffer.from(`${username}:${password}`).toString('base64') };
  }
  await writeFile(file, JSON.stringify({ auths }), { mode: 0o600 });
  return file;
}

export interface SkopeoPushOptions {
  /** Default 'v2s2'; null keeps the source format. */
  format?: 'v2s2' | 'oci' | null;
  all?: boolean;
  /** Auth file (see writeAuthFile); required when the registry has auth. */
  authfile?: string;
  /** Where to write --digestfile (default: a file next to the auth file / in os tmp). */
  digestfile: string;
}

/**
 * `skopeo copy [--format v2s2] [--all] --dest-tls-verify=false <src> docker://<dest>`; returns the
 * --digestfile digest. Throws with skopeo's stderr when it fails.
 */
export async function skopeoPush(
  source: string,
  destination: string,
  options: SkopeoPushOptions,
): Promise<string> {
  const args = ['copy', '--quiet', '--dest-tls-verify=false', '--digestfile', options.digestfile];
  const format = options.format === undefined ? 'v2s2' : options.format;
  if (format) args.push('--format', format);
  if (options.all) args.push('--all');
  if (options.authfile) args.push('--dest-authfile', options.authfile);
  args.push(source, `docker://${destination}`);
  const result = await execa('skopeo', args, { reject: false, timeout: 120000 });
  if (result.exitCode !== 0) {
    throw new Error(`skopeo ${args.join(' ')} failed (exit ${result.exitCode}): ${result.stderr}`);
  }
  return readFile(options.digestfile, 'utf8');
}

export interface ManifestHead {
  status: number;
  digest: string | null;
  mediaType: string | null;
  headers: Headers;
}

/** HEAD /v2/<repo>/manifests/<ref> with all four Accept types (and Basic auth unless `anonymous`). */
export async function headManifest(
  registry: Registry,
  repository: string,
  reference: string,
  options: { anonymous?: boolean; authorization?: string } = {},
): Promise<ManifestHead> {
  const headers: Record<string, string> = { Accept: MANIFEST_ACCEPT.join(', ') };
  const authorization = options.authorization ?? registry.authorization;
  if (authorization && !options.anonymous) headers.Authorization = authorization;
  const res = await fetch(`${registry.url}/v2/${repository}/manifests/${reference}`, {
    method: 'HEAD',
    headers,
  });
  return {
    status: res.status,
    digest: res.headers.get('docker-content-digest'),
    mediaType: res.headers.get('content-type'),
    headers: res.headers,
  };
}

/** GET a manifest's bytes and media type (throws on a non-200 answer). */
export async function getManifest(
  registry: Registry,
  repository: string,
  reference: string,
): Promise<{ bytes: Buffer; mediaType: string; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { Accept: MANIFEST_ACCEPT.join(', ') };
  if (registry.authorization) headers.Authorization = registry.authorization;
  const res = await fetch(`${registry.url}/v2/${repository}/manifests/${reference}`, { headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) {
    throw new Error(`GET manifest ${repository}:${reference}: ${res.status} ${bytes.toString()}`);
  }
  return {
    bytes,
    mediaType: res.headers.get('content-type') ?? '',
    json: JSON.parse(bytes.toString('utf8')) as Record<string, unknown>,
  };
}
