import type { Rule } from './types.js';

/** mutable-tag: no tag and no digest (means `latest`), or `latest` without a digest. */
export const mutableTag: Rule = {
  id: 'mutable-tag',
  severity: 'error',
  summary: 'Image uses latest (or no tag) without a digest',
  description:
    'Without a tag the image means `latest`. For `latest` or no tag (and no digest) the kubelet defaults ' +
    'imagePullPolicy to Always: every pod start needs the registry, and whatever `latest` points to at that ' +
    'moment is what runs, so nodes can run different images and a rollback does not roll back.',
  help: 'Use a release tag and pin it: `repo:<version>`, then `digestpin pin --resolve <file>`.',
  check({ path, image, ref }) {
    if (!ref || ref.digest !== undefined) return [];
    if (image.kind === 'kustomize' && ref.tag === undefined) return [];
    if (ref.tag !== undefined && ref.tag !== 'latest') return [];
    const name = image.value.replace(/:latest$/, '');
    const what =
      ref.tag === undefined ? 'has no tag, which means `latest`' : 'uses the tag `latest`';
    return [
      {
        message:
          `${image.value} ${what}: the kubelet defaults it to imagePullPolicy Always and runs whatever ` +
          '`latest` points to when each pod starts, so nodes can run different images',
        fix: `use a release tag (${name}:<version>), then run: digestpin pin --resolve ${path}`,
      },
    ];
  },
};
