import { afterAll, describe, expect, test } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { referrersTag } from '../../../src/push/attestations.js';
import {
  describeLeftOut,
  dockerManifestList,
  plannedAttestations,
  readBuildxSource,
} from '../../../src/push/platform-list.js';
import { DigestpinError } from '../../../src/errors.js';
import { DOCKER_MANIFEST_LIST as DOCKER_LIST } from '../../../src/registry/media-types.js';
import { SLSA_PROVENANCE, writeBuildxImage } from '../../support/buildx.js';
import { tempDirs } from '../../support/cli.js';
import { writeOciImage } from '../../support/image.js';

const tmp = tempDirs();
afterAll(() => tmp.cleanup());

describe('readBuildxSource', () => {
  test('an oci: layout of a buildx index: the platform images (keys, platforms, configs) and the attestations (what they describe, predicate type, blobs)', async () => {
    const dir = await tmp.make();
    const img = await writeBuildxImage(dir, {
      platforms: ['linux/amd64', 'linux/arm64/v8'],
      tag: 't1',
    });
    const src = await readBuildxSource(`oci:${dir}:t1`);
    expect(src?.images).toEqual([
      {
        digest: img.manifestDigests.get('linux/amd64'),
        key: 'linux/amd64',
        platform: { os: 'linux', architecture: 'amd64' },
        configDigest: img.configDigests.get('linux/amd64'),
      },
      {
        digest: img.manifestDigests.get('linux/arm64/v8'),
        key: 'linux/arm64/v8',
        platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
        configDigest: img.configDigests.get('linux/arm64/v8'),
      },
    ]);
    expect(src?.attestations.map((a) => [a.digest, a.describes, a.platformOf])).toEqual([
      [img.attestations.get('linux/amd64'), img.manifestDigests.get('linux/amd64'), 'linux/amd64'],
      [
        img.attestations.get('linux/arm64/v8'),
        img.manifestDigests.get('linux/arm64/v8'),
        'linux/arm64/v8',
      ],
    ]);
    const first = src!.attestations[0];
    expect(first.predicateTypes).toEqual([SLSA_PROVENANCE]);
    expect(first.blobs.map((b) => b.mediaType)).toEqual([
      'application/vnd.oci.image.config.v1+json',
      'application/vnd.in-toto+json',
    ]);
    // the bytes are the attestation manifest itself, unchanged
    const onDisk = await readFile(path.join(dir, 'blobs', 'sha256', first.digest.slice(7)));
    expect(first.bytes.equals(onDisk)).toBe(true);
    expect(plannedAttestations(src!.attestations)).toEqual([
      expect.objectContaining({ platform_of: 'linux/amd64', type: SLSA_PROVENANCE, pushed: false }),
      expect.objectContaining({ platform_of: 'linux/arm64/v8', pushed: false }),
    ]);
  });

  test.each([
    ['a single image', { layers: [{ size: 64 }] }],
    [
      'an index without attestations',
      { layers: [{ size: 64 }], platforms: ['linux/amd64', 'linux/arm64'] },
    ],
  ])('%s: undefined (pushed as before)', async (_name, options) => {
    const dir = await tmp.make();
    await writeOciImage(dir, { ...options, tag: 't' });
    expect(await readBuildxSource(`oci:${dir}:t`)).toBeUndefined();
  });

  test.each(['docker://r.example/a:t', 'docker-archive:/x.tar', 'docker-daemon:a:b'])(
    '%s: undefined without a registry reader (oci: and oci-archive: are read from disk)',
    async (source) => {
      expect(await readBuildxSource(source)).toBeUndefined();
    },
  );

  test('two images for one platform: UNSUPPORTED_CONVERSION (exit 2) with a hint', async () => {
    const dir = await tmp.make();
    const img = await writeBuildxImage(dir, {
      platforms: ['linux/amd64', 'linux/arm64'],
      tag: 't',
    });
    // make the arm64 entry claim amd64
    const file = path.join(dir, 'blobs', 'sha256', img.indexDigest!.slice(7));
    const index = JSON.parse(await readFile(file, 'utf8')) as {
      manifests: { platform: { architecture: string } }[];
    };
    index.manifests[1].platform.architecture = 'amd64';
    await writeFile(file, JSON.stringify(index)); // the layout reader does not re-hash
    const err = await readBuildxSource(`oci:${dir}:t`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DigestpinError);
    expect((err as DigestpinError).exitCode).toBe(2);
    expect((err as DigestpinError).hint).toContain('--format oci');
  });
});

describe('dockerManifestList', () => {
  test('a v2s2 list of the pushed images with their platforms, in order', () => {
    const d = (c: string) => `sha256:${c.repeat(64)}`;
    const list = JSON.parse(
      dockerManifestList([
        { platform: { os: 'linux', architecture: 'amd64' }, digest: d('1'), size: 10 },
        { platform: { os: 'linux', architecture: 'arm', variant: 'v7' }, digest: d('2'), size: 11 },
      ]).toString(),
    ) as unknown;
    expect(list).toEqual({
      schemaVersion: 2,
      mediaType: DOCKER_LIST,
      manifests: [
        {
          mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
          size: 10,
          digest: d('1'),
          platform: { os: 'linux', architecture: 'amd64' },
        },
        {
          mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
          size: 11,
          digest: d('2'),
          platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
        },
      ],
    });
  });
});

describe('referrersTag (OCI distribution 1.1 referrers tag schema)', () => {
  test.each([
    [`sha256:${'a'.repeat(64)}`, `sha256-${'a'.repeat(64)}`],
    [`sha512:${'b'.repeat(128)}`, `sha512-${'b'.repeat(64)}`],
  ])('%s → %s', (digest, tag) => {
    expect(referrersTag(digest)).toBe(tag);
    expect(tag).toMatch(/^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/);
  });
});

describe('describeLeftOut', () => {
  const base = { digest: 'sha256:x', platform_of: 'linux/amd64', type: SLSA_PROVENANCE };
  test.each([
    [{ ...base, pushed: false }, /not pushed \(--attestations drop\)/],
    [
      { ...base, pushed: true, subject: 'sha256:s', referrers_tag: 'sha256-s' },
      /attached to sha256:s \(referrers tag sha256-s\)/,
    ],
    [{ ...base, pushed: true }, /names no image of the list/],
  ])('%j', (report, said) => {
    expect(describeLeftOut(report)).toMatch(said);
    expect(describeLeftOut(report)).toMatch(/^left out of the v2s2 list/);
  });
});
