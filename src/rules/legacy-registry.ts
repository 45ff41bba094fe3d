import type { Rule } from './types.js';

/** A retired registry prefix, where its images live now, and why the old name is a risk. */
interface LegacyRegistry {
  /** Matches the start of an image value, up to and including the `/` after the prefix. */
  pattern: RegExp;
  name: string;
  replacement: string;
  why: string;
}

const K8S_GCR_WHY =
  'was frozen on 3 Apr 2023 and is being phased out with Google Container Registry (read cutoff 2025); ' +
  'new releases and fixes are only on registry.k8s.io, and pulls can fail with ImagePullBackOff';

const LEGACY: readonly LegacyRegistry[] = [
  {
    pattern: /^k8s\.gcr\.io\//i,
    name: 'k8s.gcr.io',
    replacement: 'registry.k8s.io/',
    why: K8S_GCR_WHY,
  },
  {
    pattern: /^gcr\.io\/google_containers\//i,
    name: 'gcr.io/google_containers',
    replacement: 'registry.k8s.io/',
    why: `(the storage behind k8s.gcr.io) ${K8S_GCR_WHY}`,
  },
  {
    pattern: /^gcr\.io\/google-containers\//i,
    name: 'gcr.io/google-containers',
    replacement: 'registry.k8s.io/',
    why: `(the storage behind k8s.gcr.io) ${K8S_GCR_WHY}`,
  },
  {
    pattern: /^quay\.io\/k8scsi\//i,
    name: 'quay.io/k8scsi',
    replacement: 'registry.k8s.io/sig-storage/',
    why:
      'was deprecated in 2020 for sig-storage images on k8s.gcr.io, now registry.k8s.io/sig-storage, ' +
      'and is no longer pullable',
  },
];

/**
 * The registry.k8s.io name of an image on a retired Kubernetes registry (tag and digest kept as
 * written: registry.k8s.io serves the same digests), or undefined when the value is not on one.
 */
export function legacyRewrite(value: string): { to: string; registry: string } | undefined {
  for (const legacy of LEGACY) {
    const match = legacy.pattern.exec(value);
    if (match) {
      return {
        to: legacy.replacement + value.slice(match[0].length),
        registry: legacy.name,
      };
    }
  }
  return undefined;
}

function why(registry: string): string {
  return LEGACY.find((l) => l.name === registry)?.why ?? '';
}

/** legacy-registry: k8s.gcr.io, gcr.io/google_containers|google-containers, quay.io/k8scsi. */
export const legacyRegistry: Rule = {
  id: 'legacy-registry',
  severity: 'error',
  summary: 'Image is on a retired Kubernetes registry',
  description:
    'k8s.gcr.io was frozen on 3 Apr 2023 and is being phased out together with Google Container Registry ' +
    '(gcr.io/google_containers and gcr.io/google-containers are its storage); quay.io/k8scsi was retired ' +
    'in 2020. Images there get no fixes and pulls end in ImagePullBackOff once the registry is gone.',
  help: 'Use registry.k8s.io (quay.io/k8scsi/x → registry.k8s.io/sig-storage/x): `digestpin check --fix <file>` rewrites them in place.',
  check({ path, image, ref }) {
    if (!ref) return [];
    const rewrite = legacyRewrite(image.value);
    if (!rewrite) return [];
    return [
      {
        message: `${image.value}: ${rewrite.registry} ${why(rewrite.registry)} (digestpin check --fix ${path} rewrites it)`,
        fix: rewrite.to,
      },
    ];
  },
};
