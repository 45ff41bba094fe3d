/**
 * How many bytes a child process has written so far (to files, pipes and sockets), from Linux's
 * `/proc/<pid>/io` (`wchar`): for skopeo uploading blobs straight to the registry, where the relay
 * sees none of the bytes, that count is the upload's progress. With what it has read (`rchar`)
 * and what its sockets still have to send, whether it moves at all (the stall watch of a push).
 * Undefined where there is no such file (another OS, or the process has ended).
 */
import fs from 'node:fs';

const FIELDS = { rchar: /^rchar:\s*(\d+)$/m, wchar: /^wchar:\s*(\d+)$/m };

/** A reader of the sum of `pid`'s `fields`; it keeps the last sum once the process has ended. */
function ioCount(pid: number, fields: (keyof typeof FIELDS)[]): () => number | undefined {
  let last: number | undefined;
  return () => {
    try {
      const io = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
      let sum = 0;
      for (const f of fields) {
        const m = FIELDS[f].exec(io);
        if (!m?.[1]) return last;
        sum += Number(m[1]);
      }
      last = sum;
    } catch {
      // ended, or no procfs: the last count stands
    }
    return last;
  };
}

/** A reader of `pid`'s written bytes; it keeps the last count once the process has ended. */
export function processWrites(pid: number): () => number | undefined {
  return ioCount(pid, ['wchar']);
}

/**
 * A reader of a count that moves while `pid` does I/O or the network takes what it wrote: its
 * bytes read and written, plus the bytes still queued to send on its TCP sockets (its writes
 * return once the kernel has queued them, which on a slow link can hold seconds of upload).
 */
export function processBytes(pid: number): () => number | undefined {
  const io = ioCount(pid, ['rchar', 'wchar']);
  return () => {
    const n = io();
    return n === undefined ? undefined : n + sendQueues(pid);
  };
}

/** Bytes queued to send on `pid`'s TCP sockets (`/proc/net/tcp{,6}`), 0 where unknown. */
function sendQueues(pid: number): number {
  const inodes = new Set<string>();
  try {
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m?.[1]) inodes.add(m[1]);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    return 0;
  }
  if (inodes.size === 0) return 0;
  let queued = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    // sl local rem st tx_queue:rx_queue tr:when retrnsmt uid timeout inode …
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && inodes.has(cols[9] ?? ''))
        queued += parseInt((cols[4] ?? '0').split(':')[0] ?? '0', 16) || 0;
    }
  }
  return queued;
}
