import { describe, expect, test } from '@jest/globals';
import { collectImages } from '../../../../src/commands/verify/images.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

describe('collectImages', () => {
  test('deduplicates by repository + digest after normalisation, keeping every location', () => {
    const got = collectImages([
      {
        path: 'a.yaml',
        images: [
          { value: `nginx@${D1}`, line: 3, column: 12 },
          { value: `docker.io/library/nginx:1.27@${D1}`, line: 9, column: 12 },
          { value: `nginx:1.27`, line: 12, column: 12 },
        ],
      },
      {
        path: 'b.yaml',
        images: [
          { value: `index.docker.io/library/nginx:1.28@${D1}`, line: 4, column: 8 },
          { value: `127.0.0.1:5000/app@${D2}`, line: 5, column: 8 },
          { value: `127.0.0.1:5000/other@${D2}`, line: 6, column: 8 },
          { value: '{{ .Values.image }}', line: 7, column: 8 },
          { value: 'Not A Reference', line: 8, column: 8 },
        ],
      },
    ]);
    expect(got.unpinned).toBe(1);
    expect(got.passedOver).toBe(2);
    expect(got.pinned.map((p) => p.image)).toEqual([
      `docker.io/library/nginx@${D1}`,
      `127.0.0.1:5000/app@${D2}`,
      `127.0.0.1:5000/other@${D2}`,
    ]);
    const nginx = got.pinned[0];
    expect(nginx.ref).toEqual({ domain: 'docker.io', path: 'library/nginx', digest: D1 });
    expect(nginx.locations).toEqual([
      { path: 'a.yaml', line: 3, column: 12 },
      { path: 'a.yaml', line: 9, column: 12 },
      { path: 'b.yaml', line: 4, column: 8 },
    ]);
    expect([...nginx.tags]).toEqual([
      ['1.27', [{ path: 'a.yaml', line: 9, column: 12 }]],
      ['1.28', [{ path: 'b.yaml', line: 4, column: 8 }]],
    ]);
  });

  test('nothing pinned', () => {
    expect(collectImages([{ path: 'x', images: [] }])).toEqual({
      pinned: [],
      unpinned: 0,
      passedOver: 0,
    });
  });
});
