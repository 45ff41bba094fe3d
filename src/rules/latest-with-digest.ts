import type { Rule } from './types.js';

/** latest-with-digest: `repo:latest@sha256:…`; pinned, but kubelet still defaults it to Always. */
export const latestWithDigest: Rule = {
  id: 'latest-with-digest',
  severity: 'warning',
  summary: 'Image is pinned but still tagged latest',
  description:
    'The digest decides what runs, but the kubelet defaults imagePullPolicy to Always whenever the tag is ' +
    '`latest`, even with a digest: every pod start contacts the registry and fails when it is down or the ' +
    'pull credentials have lapsed.',
  help: 'Drop `:latest` and keep the digest (repo@sha256:…), or use a release tag with the digest.',
  check({ image, ref }) {
    if (!ref || ref.tag !== 'latest' || ref.digest === undefined) return [];
    const fixed = image.value.replace(/:latest@/, '@');
    return [
      {
        message:
          `${image.value} is pinned but tagged latest: the kubelet still defaults it to imagePullPolicy Always, ` +
          'so every pod start needs the registry and its credentials',
        fix: fixed,
      },
    ];
  },
};
