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
  check({ image, ref, parseError }) {
    const tag = image.unquotedTag;
    const hits = tag
      ? [
          {
            message: `newTag ${tag.value} is not a string for YAML (a number or a boolean): kustomize cannot build this kustomization (cannot unmarshal … into Go struct field Image.images.newTag of type string)`,
            fix: `quote it: newTag: "${tag.value}"`,
            line: tag.line,
            column: tag.column,
          },
        ]
      : [];
    if (ref || parseError === undefined) return hits;
    return [
      ...hits,
      {
        message: `${parseError}: the kubelet cannot parse it, so the pod fails with InvalidImageName`,
        fix: 'write [registry/]repository[:tag][@sha256:<64 hex>], lowercase repository',
      },
    ];
  },
};
