import { describe, expect, test } from '@jest/globals';
import { legacyRegistry, legacyRewrite } from '../../../src/rules/legacy-registry.js';
import { D, ctx, ref } from './context.js';

describe('legacy-registry', () => {
  test.each([
    ['k8s.gcr.io/redis:e2e', 'registry.k8s.io/redis:e2e', 'k8s.gcr.io', /frozen on 3 Apr 2023/],
    ['k8s.gcr.io/test-webserver', 'registry.k8s.io/test-webserver', 'k8s.gcr.io', /frozen/],
    [`k8s.gcr.io/pause:3.9@${D}`, `registry.k8s.io/pause:3.9@${D}`, 'k8s.gcr.io', /frozen/],
    ['K8S.GCR.IO/pause:3.9', 'registry.k8s.io/pause:3.9', 'k8s.gcr.io', /frozen/],
    [
      'gcr.io/google_containers/pause:3.1',
      'registry.k8s.io/pause:3.1',
      'gcr.io/google_containers',
      /behind k8s.gcr.io/,
    ],
    [
      'gcr.io/google-containers/busybox',
      'registry.k8s.io/busybox',
      'gcr.io/google-containers',
      /behind k8s.gcr.io/,
    ],
    [
      'quay.io/k8scsi/csi-provisioner:v1.6.0',
      'registry.k8s.io/sig-storage/csi-provisioner:v1.6.0',
      'quay.io/k8scsi',
      /no longer pullable/,
    ],
    [
      'k8s.gcr.io/sig-storage/nfs-provisioner:v3',
      'registry.k8s.io/sig-storage/nfs-provisioner:v3',
      'k8s.gcr.io',
      /frozen/,
    ],
  ])('%s → %s', (value, to, registry, why) => {
    expect(legacyRewrite(value)).toEqual({ to, registry });
    const hits = legacyRegistry.check(ctx(value, ref('x', 'y')));
    expect(hits).toHaveLength(1);
    expect(hits[0].fix).toBe(to);
    expect(hits[0].message).toMatch(why);
    expect(hits[0].message).toContain('digestpin check --fix k8s/deploy.yaml');
  });

  test.each([
    'registry.k8s.io/pause:3.9',
    'gcr.io/google_samples/gb-redisslave:v1',
    'gcr.io/google-samples/gb-frontend:v4',
    'gcr.io/google_containers_extra/x',
    'quay.io/k8scsi2/x',
    'quay.io/prometheus/node-exporter',
    'eu.k8s.gcr.io.example.com/x',
    'k8s.gcr.io', // a Docker Hub name (library/k8s.gcr.io), not the registry
    'mirror.example.com/k8s.gcr.io/pause',
  ])('passes %s', (value) => {
    expect(legacyRewrite(value)).toBeUndefined();
    expect(legacyRegistry.check(ctx(value, ref('x', 'y')))).toEqual([]);
  });

  test('an unparsed value is left to invalid-reference', () => {
    expect(legacyRegistry.check(ctx('k8s.gcr.io/Bad', undefined, { parseError: 'x' }))).toEqual([]);
  });
});
