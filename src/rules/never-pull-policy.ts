import type { Rule } from './types.js';

/** never-pull-policy: `imagePullPolicy: Never`, reported at the imagePullPolicy line. */
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
    return [
      {
        message:
          `imagePullPolicy Never for ${image.value}: the kubelet never pulls it, so the pod fails with ` +
          'ErrImageNeverPull on any node whose containerd k8s.io namespace does not already hold the image',
        fix: 'imagePullPolicy: IfNotPresent, after pushing the image: digestpin push <source> <repository>',
        line: policy.line,
        column: policy.column,
      },
    ];
  },
};
