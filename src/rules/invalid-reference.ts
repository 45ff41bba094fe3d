import type { Rule } from './types.js';

/** invalid-reference: a value that is not an image reference; no other rule fires for it. */
export const invalidReference: Rule = {
  id: 'invalid-reference',
  severity: 'error',
  summary: 'Image value is not a valid image reference',
  description:
    'The API server accepts any string as an image, but the kubelet cannot parse this one: the pod ' +
    'fails with InvalidImageName and never starts.',
  help: 'Write [registry/]repository[:tag][@sha256:digest]; repository components are lowercase.',
  check({ ref, parseError }) {
    if (ref || parseError === undefined) return [];
    return [
      {
        message: `${parseError}: the kubelet cannot parse it, so the pod fails with InvalidImageName`,
        fix: 'write [registry/]repository[:tag][@sha256:<64 hex>], lowercase repository',
      },
    ];
  },
};
