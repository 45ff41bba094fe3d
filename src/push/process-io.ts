/**
 * How many bytes a child process and its own children have written so far (to files, pipes and
 * sockets), from Linux's `/proc/<pid>/io` (`wchar`): for skopeo uploading blobs straight to the
 * registry, where the relay sees none of the bytes, that count is the upload's progress. With what
 * they have read (`rchar`) and what their sockets still have to send, whether they move at all
 * (the stall watch of a push). Children count because the process started may not be the one that
 * works: rootless skopeo re-runs itself in a user namespace for a `containers-storage:` source, and
 * a DIGESTPIN_SKOPEO wrapper may run skopeo without `exec`. Undefined where there is no such file
 * (another OS, or the process has ended).
 */
import fs from 'node:fs';

const FIELDS = { rchar: /^rchar:\s*(\d+)$/m, wchar: /^wchar:\s*(\d+)$/m };

/** What `f` reads from /proc, or undefined when that is gone (a process or a file descriptor ended). */
function read<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** The entries of a /proc folder; none when it is gone. */
function entries(dir: string): string[] {
  return read(() => fs.readdirSync(dir)) ?? [];
}

/** `pid` and every process below it (`/proc/<pid>/task/<tid>/children`), `pid` first. */
function processTree(pid: number): number[] {
  const out: number[] = [];
  const todo = [pid];
  while (todo.length > 0 && out.length < 256) {
    const p = todo.shift() as number;
    out.push(p);
    // no such file (an older kernel): the process's own count stands
    for (const t of entries(`/proc/${p}/task`)) {
      const children = read(() => fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8'));
      for (const c of children?.split(' ') ?? []) if (/^\d+$/.test(c)) todo.push(Number(c));
    }
  }
  return out;
}

/** The sum of `fields` over `pids`; undefined when the first (the process started) is gone. */
function ioSum(pids: number[], fields: (keyof typeof FIELDS)[]): number | undefined {
  let sum = 0;
  for (const [i, p] of pids.entries()) {
    const io = read(() => fs.readFileSync(`/proc/${p}/io`, 'utf8'));
    if (io === undefined) {
      if (i === 0) return undefined;
      continue; // a child that ended: what it moved is not counted any more (a step back is a move)
    }
    for (const f of fields) sum += Number(FIELDS[f].exec(io)?.[1] ?? 0);
  }
  return sum;
}

/** A reader of the sum of `fields` over `pid`'s tree; it keeps the last sum once `pid` has ended. */
function ioCount(pid: number, fields: (keyof typeof FIELDS)[]): () => number | undefined {
  let last: number | undefined;
  return () => {
    const now = ioSum(processTree(pid), fields);
    if (now !== undefined) last = now;
    return last;
  };
}

/** A reader of the bytes `pid` and its children have written; the last count once it has ended. */
export function processWrites(pid: number): () => number | undefined {
  return ioCount(pid, ['wchar']);
}

/**
 * A reader of a count that moves while `pid` (or a child of it) does I/O or the network takes
 * what it wrote: bytes read and written, plus the bytes still queued to send on their TCP sockets
 * (a write returns once the kernel has queued it, which on a slow link can hold seconds of
 * upload). Read once a second, and by a push only while no request through the relay is being
 * answered.
 */
export function processBytes(pid: number): () => number | undefined {
  return () => {
    const tree = processTree(pid);
    const io = ioSum(tree, ['rchar', 'wchar']);
    return io === undefined ? undefined : io + sendQueues(tree);
  };
}

/**
 * Bytes queued to send on the TCP sockets of `pids` (`/proc/<pid>/net/tcp{,6}`: the tables of the
 * first one's network namespace), 0 where unknown.
 */
function sendQueues(pids: number[]): number {
  const inodes = new Set<string>();
  for (const p of pids)
    for (const fd of entries(`/proc/${p}/fd`)) {
      const m = /^socket:\[(\d+)\]$/.exec(read(() => fs.readlinkSync(`/proc/${p}/fd/${fd}`)) ?? '');
      if (m?.[1]) inodes.add(m[1]);
    }
  if (inodes.size === 0) return 0;
  let queued = 0;
  for (const table of ['tcp', 'tcp6']) {
    const text = read(() => fs.readFileSync(`/proc/${pids[0] ?? 'self'}/net/${table}`, 'utf8'));
    // sl local rem st tx_queue:rx_queue tr:when retrnsmt uid timeout inode …
    for (const line of text?.split('\n').slice(1) ?? []) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && inodes.has(cols[9] ?? ''))
        queued += parseInt((cols[4] ?? '0').split(':')[0] ?? '0', 16) || 0;
    }
  }
  return queued;
}
