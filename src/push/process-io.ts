/**
 * How many bytes a child process has written so far (to files, pipes and sockets), from Linux's
 * `/proc/<pid>/io` (`wchar`): for skopeo uploading blobs straight to the registry, where the relay
 * sees none of the bytes, that count is the upload's progress. Undefined where there is no such
 * file (another OS, or the process has ended).
 */
import fs from 'node:fs';

/** A reader of `pid`'s written bytes; it keeps the last count once the process has ended. */
export function processWrites(pid: number): () => number | undefined {
  let last: number | undefined;
  return () => {
    try {
      const m = /^wchar:\s*(\d+)$/m.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'));
      if (m?.[1]) last = Number(m[1]);
    } catch {
      // ended, or no procfs: the last count stands
    }
    return last;
  };
}
