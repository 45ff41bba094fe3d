import { describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readSmallTarFiles } from '../../../src/push/tar.js';
import {
  describeConfigs,
  isSameImage,
  sameConfigs,
  tagExistsError,
} from '../../../src/push/overwrite-rule.js';
import { formatOf } from '../../../src/registry/media-types.js';
import {
  configDigestsOf,
  normalizeSource,
  sourcePlan,
  systemPlatform,
} from '../../../src/push/source.js';
import { writeBuildxImage } from '../../support/buildx.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;

describe('normalizeSource', () => {
  test.each([
    ['app:dev', 'docker-daemon:app:dev'],
    ['registry.example/app:1', 'docker-daemon:registry.example/app:1'],
    ['docker-daemon:app:dev', 'docker-daemon:app:dev'],
    ['oci:dir:tag', 'oci:dir:tag'],
    ['oci-archive:a.tar', 'oci-archive:a.tar'],
    ['docker-archive:a.tar:app:dev', 'docker-archive:a.tar:app:dev'],
    ['docker://h/a:1', 'docker://h/a:1'],
  ])('%s → %s', (input, out) => expect(normalizeSource(input)).toBe(out));
  test('empty is an invalid reference', () => {
    expect(() => normalizeSource(' ')).toThrow(
      expect.objectContaining({ code: 'INVALID_REFERENCE' }),
    );
  });
});

test.each([
  ['x64', 'linux/amd64'],
  ['arm64', 'linux/arm64'],
  ['ia32', 'linux/386'],
  ['s390x', 'linux/s390x'],
])('systemPlatform(%s) = %s', (arch, platform) => expect(systemPlatform(arch)).toBe(platform));

describe('configDigestsOf', () => {
  const manifest = (config: string) =>
    Buffer.from(JSON.stringify({ schemaVersion: 2, config: { digest: config } }));
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        { digest: d('1'), platform: { os: 'linux', architecture: 'amd64' } },
        { digest: d('2'), platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
        { digest: d('3'), platform: { os: 'unknown', architecture: 'unknown' } },
      ],
    }),
  );
  const blobs = new Map([
    [d('1'), manifest(d('a'))],
    [d('2'), manifest(d('b'))],
  ]);
  const blob = (x: string) => Promise.resolve(blobs.get(x) ?? Buffer.from('{}'));

  test('a single manifest: its config under the empty platform', async () => {
    expect(await configDigestsOf(manifest(d('c')), true, blob, 'src')).toEqual(
      new Map([['', d('c')]]),
    );
  });
  test('an index with --all: every platform, attestation/unknown entries left out', async () => {
    expect(await configDigestsOf(index, true, blob, 'src')).toEqual(
      new Map([
        ['linux/amd64', d('a')],
        ['linux/arm64/v8', d('b')],
      ]),
    );
  });
  test('an index without --all: the instance skopeo picks for this machine', async () => {
    const got = await configDigestsOf(index, false, blob, 'src');
    if (systemPlatform() === 'linux/amd64') expect(got).toEqual(new Map([['', d('a')]]));
    else expect(got.size).toBe(1);
  });
  test('garbage is SOURCE_NOT_FOUND', async () => {
    await expect(configDigestsOf(Buffer.from('not json'), true, blob, 'src')).rejects.toMatchObject(
      {
        code: 'SOURCE_NOT_FOUND',
      },
    );
    await expect(
      configDigestsOf(Buffer.from(JSON.stringify({ manifests: [] })), true, blob, 'src'),
    ).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND' });
  });
  test('no instance for this platform without --all is SOURCE_NOT_FOUND naming what there is', async () => {
    const other = Buffer.from(
      JSON.stringify({
        manifests: [{ digest: d('1'), platform: { os: 'windows', architecture: 'amd64' } }],
      }),
    );
    await expect(configDigestsOf(other, false, blob, 'src')).rejects.toThrow(/windows\/amd64/);
  });
});

describe('overwrite rule', () => {
  const one = new Map([['', d('a')]]);
  test.each([
    ['application/vnd.docker.distribution.manifest.v2+json', 'v2s2'],
    ['application/vnd.docker.distribution.manifest.list.v2+json', 'v2s2'],
    ['application/vnd.oci.image.manifest.v1+json', 'oci'],
    ['application/vnd.oci.image.index.v1+json; charset=utf-8', 'oci'],
    ['application/vnd.docker.distribution.manifest.v1+prettyjws', undefined],
  ])('formatOf(%s) = %s', (mt, f) => expect(formatOf(mt)).toBe(f));

  test('same configs and format is the same image; anything else is not', () => {
    const tag = {
      digest: d('f'),
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      configs: one,
    };
    expect(isSameImage(tag, new Map([['', d('a')]]), 'v2s2')).toBe(true);
    expect(isSameImage(tag, one, 'oci')).toBe(false);
    expect(isSameImage(tag, new Map([['', d('b')]]), 'v2s2')).toBe(false);
    expect(sameConfigs(one, new Map([['linux/amd64', d('a')]]))).toBe(false);
    expect(
      sameConfigs(
        one,
        new Map([
          ['', d('a')],
          ['x', d('b')],
        ]),
      ),
    ).toBe(false);
  });

  test('the refusal names both sides; concurrent writers get their own code', () => {
    const tag = {
      digest: d('f'),
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      configs: one,
    };
    const exists = tagExistsError(
      'h/app:t1',
      tag,
      { configs: new Map([['', d('b')]]) },
      'v2s2',
      false,
    );
    expect(exists.code).toBe('TAG_EXISTS');
    expect(exists.exitCode).toBe(3);
    expect(exists.message).toContain(d('f'));
    expect(exists.message).toContain(d('b'));
    const race = tagExistsError(
      'h/app:t1',
      tag,
      { configs: new Map(), digest: d('e') },
      'v2s2',
      true,
    );
    expect(race.code).toBe('CONCURRENT_OVERWRITE');
    expect(race.message).toContain(d('e'));
    expect(describeConfigs(new Map([['linux/amd64', d('a')]]))).toBe(
      `configs linux/amd64=${d('a')}`,
    );
  });
});

describe('readSmallTarFiles', () => {
  function header(name: string, size: number, type = '0', prefix = ''): Buffer {
    const h = Buffer.alloc(512);
    h.write(name, 0, 100);
    h.write('0000644\0', 100);
    h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
    h.write(type, 156);
    h.write('ustar\u000000', 257);
    h.write(prefix, 345, 155);
    h.fill(' ', 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    return h;
  }
  const entry = (name: string, body: Buffer, type = '0', prefix = '') =>
    Buffer.concat([
      header(name, body.length, type, prefix),
      body,
      Buffer.alloc((512 - (body.length % 512)) % 512),
    ]);
  const pax = (key: string, value: string) => {
    const rec = ` ${key}=${value}\n`;
    let len = rec.length + 2;
    if (String(len).length + rec.length !== len) len = String(len).length + rec.length;
    return Buffer.from(`${len}${rec}`);
  };

  test('small files by normalised path (ustar prefix, pax path, GNU long name); big ones skipped', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'digestpin-tar-'));
    try {
      const long = `blobs/sha256/${'f'.repeat(120)}`;
      const tar = Buffer.concat([
        entry('./index.json', Buffer.from('{"a":1}')),
        entry('manifest.json', Buffer.from('[]'), '0', 'sub'),
        entry('PaxHeader', pax('path', 'blobs/sha256/pax-named'), 'x'),
        entry('ignored-name', Buffer.from('pax body')),
        entry('././@LongLink', Buffer.from(`${long}\0`), 'L'),
        entry('truncated', Buffer.from('long body')),
        entry('blobs/', Buffer.alloc(0), '5'),
        entry('big.bin', Buffer.alloc(2048, 1)),
        Buffer.alloc(1024),
      ]);
      const file = path.join(dir, 'a.tar');
      await writeFile(file, tar);
      const files = await readSmallTarFiles(file, 1024);
      expect([...files.keys()].sort()).toEqual(
        ['blobs/sha256/pax-named', long, 'index.json', 'sub/manifest.json'].sort(),
      );
      expect(files.get('blobs/sha256/pax-named')?.toString()).toBe('pax body');
      expect(files.get(long)?.toString()).toBe('long body');
      expect(createHash('sha256').update(files.get('index.json')!).digest('hex')).toHaveLength(64);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('sourcePlan: what a push will upload', () => {
  // 2 platforms: 2 × (config + layer); their 2 attestations: 2 × (config + in-toto statement)
  test.each([
    ['one platform', false, false, 2],
    ['--all, attestations left out (v2s2 --attestations drop)', true, false, 4],
    ['--all, attestations pushed too (v2s2 keep, and --format oci)', true, true, 8],
  ])('a buildx layout, %s: %d blobs', async (_name, all, attestations, blobs) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'digestpin-plan-'));
    try {
      const img = await writeBuildxImage(dir, {
        platforms: ['linux/amd64', 'linux/arm64'],
        layerSize: 1000,
      });
      const plan = await sourcePlan(`oci:${dir}:latest`, all, attestations);
      expect(plan?.blobs).toBe(blobs);
      // the platform images' layers are 1000 bytes each; everything else is small JSON
      expect(plan?.bytes).toBeGreaterThan((all ? 2 : 1) * 1000);
      expect(img.attestations.size).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
