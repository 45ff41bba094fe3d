/**
 * What a tag holds, asked of the registry directly (not through any proxy): absent, a complete
 * image (the manifest and every blob it names — config and layers, and for a list every child
 * manifest and its blobs — are present), or broken (with what is missing).
 */
import type { Registry } from './registry.js';
import { MANIFEST_ACCEPT } from './push.js';

export type TagHolds =
  | { state: 'absent' }
  | { state: 'complete'; digest: string }
  | { state: 'broken'; digest: string; missing: string[] };

interface Descriptor {
  digest: string;
}
interface ManifestJson {
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
}

async function request(registry: Registry, path: string, method: 'GET' | 'HEAD') {
  const headers: Record<string, string> = { Accept: MANIFEST_ACCEPT.join(', ') };
  if (registry.authorization) headers.Authorization = registry.authorization;
  return fetch(`${registry.url}/v2/${path}`, { method, headers });
}

async function missingUnder(registry: Registry, repo: string, ref: string): Promise<string[]> {
  const res = await request(registry, `${repo}/manifests/${ref}`, 'GET');
  if (res.status !== 200) return [`manifest ${ref} (HTTP ${res.status})`];
  const m = (await res.json()) as ManifestJson;
  const missing: string[] = [];
  for (const child of m.manifests ?? [])
    missing.push(...(await missingUnder(registry, repo, child.digest)));
  for (const blob of [...(m.config ? [m.config] : []), ...(m.layers ?? [])]) {
    const head = await request(registry, `${repo}/blobs/${blob.digest}`, 'HEAD');
    if (head.status !== 200) missing.push(`blob ${blob.digest} (HTTP ${head.status})`);
  }
  return missing;
}

export async function tagHolds(registry: Registry, repo: string, tag: string): Promise<TagHolds> {
  const head = await request(registry, `${repo}/manifests/${tag}`, 'HEAD');
  if (head.status === 404) return { state: 'absent' };
  const digest = head.headers.get('docker-content-digest') ?? '';
  if (head.status !== 200) return { state: 'broken', digest, missing: [`HEAD ${head.status}`] };
  const missing = await missingUnder(registry, repo, digest);
  return missing.length ? { state: 'broken', digest, missing } : { state: 'complete', digest };
}
