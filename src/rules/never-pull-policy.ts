import type { Rule } from './types.js';

/** never-pull-policy: `imagePullPolicy: Never` (image volumes: `pullPolicy: Never`), reported at that value. */
export const neverPullPolicy: Rule = {
  id: 'never-pull-policy',
  severity: 'warning',
  summary: 'imagePullPolicy is Never',
  description:
    'With imagePullPolicy Never the kubelet never pulls: the pod fails with ErrImageNeverPull on every ' +
    'node whose containerd `k8s.io` namespace does not already hold the image (an image built with the local docker daemon is not there).',
  help: 'Push the image to a registry (`digestpin push <source> <repository>`), pin it, and use imagePullPolicy IfNotPresent.',
  check({ image, ref }) {
    const policy = image.pullPolicy;
    // An invalid reference is reported by invalid-reference alone.
    if (!ref || !policy || policy.value !== 'Never') return [];
    const key = image.kind === 'volume' ? 'pullPolicy' : 'imagePullPolicy';
    const what = image.kind === 'volume' ? `image volume ${image.value}` : image.value;
    return [
      {
        message:
          `${key} Never for ${what}: the kubelet never pulls it, so the pod fails with ` +
          'ErrImageNeverPull on any node whose containerd k8s.io namespace does not already hold the image',
        fix: `${key}: IfNotPresent, after pushing the image: digestpin push <source> <repository>`,
        line: policy.line,
        column: policy.column,
      },
    ];
  },
};
