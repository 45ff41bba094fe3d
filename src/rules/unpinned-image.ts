import type { Rule } from './types.js';

/** unpinned-image: an image without `@sha256:`; the tag alone can be moved or pushed again. */
export const unpinnedImage: Rule = {
  id: 'unpinned-image',
  severity: 'error',
  summary: 'Image is not pinned to a sha256 digest',
  description:
    'A tag can be moved or pushed again (and ECR untags the old image when the same tag is pushed twice). ' +
    'Nodes that cached the old image under imagePullPolicy IfNotPresent keep running it while other nodes ' +
    'pull the new one, so one Deployment can run different images.',
  help: 'Pin the image as repo:tag@sha256:…: `digestpin pin --resolve <file>` pins every image to the digest its tag has now.',
  check({ path, image, ref }) {
    if (!ref || ref.digest?.startsWith('sha256:')) return [];
    // A kustomize entry without newTag and digest only renames; the tag comes from the base, which
    // is checked where it is written.
    if (image.kind === 'kustomize' && ref.tag === undefined && ref.digest === undefined) return [];
    const other = ref.digest ? ` (its digest ${ref.digest} is not sha256)` : '';
    return [
      {
        message:
          `${image.value} is not pinned to a sha256 digest${other}: the tag can be moved or pushed again, ` +
          'and nodes that cached the old image (imagePullPolicy IfNotPresent) keep running it while others pull the new one',
        fix: `digestpin pin --resolve ${path}`,
      },
    ];
  },
};
