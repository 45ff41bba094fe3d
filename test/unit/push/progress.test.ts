import { describe, expect, test } from '@jest/globals';
import { formatBytes, PushProgress } from '../../../src/push/progress.js';

function run(tty: boolean, bytes: (number | undefined)[]) {
  const out: string[] = [];
  let t = 0;
  let i = 0;
  const p = new PushProgress(
    { tty, write: (s) => out.push(s) },
    { bytes: () => bytes[Math.min(i++, bytes.length - 1)] },
    { blobs: 2, bytes: 8 * 1024 * 1024 },
    'r.example/app:t',
    () => t,
  );
  p.start();
  t = 5000;
  p.tick();
  p.blob('sha256:' + 'ab'.repeat(32), true);
  t = 10_000;
  p.tick();
  p.stop();
  return out;
}

describe('push progress lines', () => {
  test.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [6 * 1024 * 1024, '6.0 MiB'],
    [300 * 1024 * 1024, '300 MiB'],
  ])('formatBytes(%d) = %s', (n, text) => expect(formatBytes(n)).toBe(text));

  test('in a log: whole lines only — first line, one per tick, one per blob', () => {
    expect(run(false, [4 * 1024 * 1024, 8 * 1024 * 1024])).toEqual([
      'pushing r.example/app:t: 2 blobs, 8.0 MiB\n',
      'sent 4.0 MiB / 8.0 MiB (50%), 819 KiB/s, 5 s\n',
      'blob abababababab uploaded (1/2)\n',
      'sent 8.0 MiB / 8.0 MiB (100%), 819 KiB/s, 10 s\n',
    ]);
  });

  test('on a terminal: the periodic line is redrawn in place, whole lines clear it first', () => {
    expect(run(true, [4 * 1024 * 1024, 8 * 1024 * 1024])).toEqual([
      'pushing r.example/app:t: 2 blobs, 8.0 MiB\n',
      '\r\x1b[Ksent 4.0 MiB / 8.0 MiB (50%), 819 KiB/s, 5 s',
      '\r\x1b[Kblob abababababab uploaded (1/2)\n',
      '\r\x1b[Ksent 8.0 MiB / 8.0 MiB (100%), 819 KiB/s, 10 s',
      '\n',
    ]);
  });

  test('uploads straight to the registry: no byte count is claimed', () => {
    expect(run(false, [undefined])[1]).toBe(
      'uploading straight to the registry, 0/2 blobs seen done, 5 s\n',
    );
  });
});

describe('one progress over several copies (a list pushed image by image)', () => {
  test('bytes add up over the copies followed; a blob met again is not counted twice', () => {
    const out: string[] = [];
    let t = 0;
    const p = new PushProgress(
      { tty: false, write: (s) => out.push(s) },
      undefined,
      { blobs: 3, bytes: 3 * 1024 * 1024 },
      'r.example/app:t',
      () => t,
    );
    p.start();
    let first = 0;
    p.follow({ bytes: () => first });
    first = 1024 * 1024;
    p.blob('sha256:' + 'aa'.repeat(32), true);
    p.blob('sha256:' + 'bb'.repeat(32), true);
    p.settle(); // the first copy is done
    let second: number | undefined = 0;
    p.follow({ bytes: () => second });
    second = 1024 * 1024;
    t = 5000;
    p.tick();
    p.blob('sha256:' + 'bb'.repeat(32), false); // shared with the first image: counted already
    p.blob('sha256:' + 'cc'.repeat(32), true);
    p.settle();
    p.add(512 * 1024); // bytes sent outside any copy (an attestation blob)
    t = 10_000;
    p.tick();
    second = undefined; // a settled copy is no longer asked
    p.tick();
    p.stop();
    expect(out).toEqual([
      'pushing r.example/app:t: 3 blobs, 3.0 MiB\n',
      'blob aaaaaaaaaaaa uploaded (1/3)\n',
      'blob bbbbbbbbbbbb uploaded (2/3)\n',
      'sent 2.0 MiB / 3.0 MiB (66%), 410 KiB/s, 5 s\n',
      'blob cccccccccccc uploaded (3/3)\n',
      'sent 2.5 MiB / 3.0 MiB (83%), 102 KiB/s, 10 s\n',
      'sent 2.5 MiB / 3.0 MiB (83%), 0 B/s, 10 s\n',
    ]);
  });
});
