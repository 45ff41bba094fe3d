/**
 * Progress of a push on stderr (never stdout, never --json): a first line with the number of
 * blobs and their total size, a line at least every 5 s with the bytes sent and the rate, and one
 * line per finished blob. In a log (CI, a pipe) every line is a plain line; on a terminal the
 * periodic line is redrawn in place.
 */

/** Where progress goes: the CLI's stderr, or the action's log group. */
export interface ProgressSink {
  /** Redraw the periodic line in place (a terminal) instead of adding lines. */
  tty: boolean;
  /** Writes text as it is (the sink adds nothing). */
  write(text: string): void;
}

/** What the source holds, when it can be read before the push (local layouts and archives). */
export interface PushPlan {
  blobs: number;
  bytes: number;
}

/** What the push has done so far, as the relay saw it. */
export interface PushCounters {
  /** Blob bytes forwarded to the registry so far (for uploads straight from skopeo, the bytes
   * skopeo has written); undefined when they cannot be seen (uploads straight to a plain-HTTP
   * registry without credentials, or no /proc). */
  bytes(): number | undefined;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

const PLAIN_EVERY_MS = 5000;
const TTY_EVERY_MS = 1000;

export class PushProgress {
  private timer: NodeJS.Timeout | undefined;
  private readonly started: number;
  private lastBytes = 0;
  private lastAt: number;
  private done = 0;
  private drawn = false;
  /** Blobs counted so far: a blob two images share is counted once. */
  private readonly seen = new Set<string>();
  /** Bytes of the copies followed before the current one (and of uploads added). */
  private base = 0;
  /** A copy followed could not tell its bytes: the sum is not known any more. */
  private bytesUnknown = false;
  private shown = false;

  /**
   * `counters`: the bytes of the one copy this progress is about; undefined for a push made of
   * several (push --all of a buildx source as a v2s2 list), whose copies are each `follow`ed.
   */
  constructor(
    private readonly sink: ProgressSink,
    private counters: PushCounters | undefined,
    private plan: PushPlan | undefined,
    private readonly label: string,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
    this.lastAt = this.started;
  }

  /** The first line (about `plan`, when it is known only now), then the periodic lines. */
  start(plan?: PushPlan): void {
    if (plan) this.plan = plan;
    this.shown = true;
    const what = this.plan
      ? `${this.plan.blobs} blob${this.plan.blobs === 1 ? '' : 's'}, ${formatBytes(this.plan.bytes)}`
      : 'size not known in advance';
    this.line(`pushing ${this.label}: ${what}`);
    const every = this.sink.tty ? TTY_EVERY_MS : PLAIN_EVERY_MS;
    this.timer = setInterval(() => this.tick(), every);
    this.timer.unref();
  }

  /**
   * A blob is in the registry (uploaded now, or found there), told once it is: by the relay for
   * what passes it, by the manifest that names it for what skopeo sent straight to the registry.
   * A blob told of again (shared by two images, named again by a manifest) is not counted again.
   */
  blob(digest: string, uploaded: boolean): void {
    if (!this.shown) return; // not before the first line
    if (this.seen.has(digest)) return;
    this.seen.add(digest);
    this.done++;
    const of = this.plan ? `/${this.plan.blobs}` : '';
    const short = ` ${digest.replace(/^sha256:/, '').slice(0, 12)}`;
    this.line(
      `blob${short} ${uploaded ? 'uploaded' : 'already in the registry'} (${this.done}${of})`,
    );
  }

  /** The next copy of a push made of several: its bytes add to those of the copies before. */
  follow(counters: PushCounters): void {
    this.settle();
    this.counters = counters;
  }

  /** The copy followed is done: what it sent is kept, and it is no longer asked. */
  settle(): void {
    if (this.counters) {
      const sent = this.counters.bytes();
      if (sent === undefined) this.bytesUnknown = true;
      else this.base += sent;
    }
    this.counters = undefined;
  }

  /** Bytes uploaded outside any copy (attestation blobs, sent by the registry client). */
  add(bytes: number): void {
    this.base += bytes;
  }

  private bytes(): number | undefined {
    if (this.bytesUnknown) return undefined;
    if (!this.counters) return this.base;
    const now = this.counters.bytes();
    return now === undefined ? undefined : this.base + now;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.drawn) this.sink.write('\n');
    this.drawn = false;
  }

  /** The periodic line: bytes sent / total, the rate since the last line. */
  tick(): void {
    const t = this.now();
    const seconds = Math.round((t - this.started) / 1000);
    const bytes = this.bytes();
    if (bytes === undefined) {
      const of = this.plan ? `${this.done}/${this.plan.blobs} blobs` : `${this.done} blobs`;
      return this.show(`uploading straight to the registry, ${of} seen done, ${seconds} s`);
    }
    const rate = ((bytes - this.lastBytes) * 1000) / Math.max(1, t - this.lastAt);
    this.lastBytes = bytes;
    this.lastAt = t;
    const total = this.plan ? ` / ${formatBytes(this.plan.bytes)}` : '';
    const pct =
      this.plan && this.plan.bytes > 0
        ? ` (${Math.min(100, Math.floor((bytes * 100) / this.plan.bytes))}%)`
        : '';
    this.show(
      `sent ${formatBytes(bytes)}${total}${pct}, ${formatBytes(Math.round(rate))}/s, ${seconds} s`,
    );
  }

  private show(text: string): void {
    if (this.sink.tty) {
      this.sink.write(`\r\x1b[K${text}`);
      this.drawn = true;
    } else this.line(text);
  }

  private line(text: string): void {
    this.sink.write(`${this.drawn ? '\r\x1b[K' : ''}${text}\n`);
    this.drawn = false;
  }
}
