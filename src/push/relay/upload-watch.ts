/**
 * Progress of blob uploads that go straight from skopeo to the registry (the relay sees only
 * their start): the upload sessions the registry opened are asked for what it has received
 * (`GET <location>` → `Range: 0-<last byte>`, distribution spec "Get blob upload status"), and
 * a session the registry no longer knows (404 once the upload's final PUT is done) is a finished
 * blob.
 */
import type { Logger } from '../../log.js';

interface Session {
  url: URL;
  received: number;
  open: boolean;
}

/** One status request: the HTTP status and the `Range` header of the answer. */
export type UploadStatus = (url: URL) => Promise<{ status: number; range: string | null }>;

/** Bytes the registry says it holds, from a `Range: 0-<last>` header (0 when none or `0-0`). */
export function receivedBytes(range: string | null): number {
  const m = /^(?:bytes=)?0-(\d+)$/.exec(range?.trim() ?? '');
  if (!m?.[1]) return 0;
  const last = Number(m[1]);
  return last > 0 ? last + 1 : 0;
}

export class UploadWatch {
  private readonly sessions = new Map<string, Session>();
  private polling: Promise<void> | undefined;

  constructor(
    private readonly status: UploadStatus,
    private readonly onFinished: () => void,
    private readonly logger: Logger,
  ) {}

  /** An upload session the registry opened (its absolute location). */
  add(location: URL): void {
    // one session per upload; its id is the path (the query holds state that changes)
    const key = `${location.origin}${location.pathname}`;
    if (!this.sessions.has(key)) this.sessions.set(key, { url: location, received: 0, open: true });
  }

  /** Bytes the registry acknowledged over all sessions (finished ones at their last count). */
  bytes(): number {
    let n = 0;
    for (const s of this.sessions.values()) n += s.received;
    return n;
  }

  /** Asks every open session for its status; one round at a time. */
  refresh(): Promise<void> {
    this.polling ??= this.round().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async round(): Promise<void> {
    await Promise.all(
      [...this.sessions.values()].map(async (s) => {
        if (!s.open) return;
        try {
          const { status, range } = await this.status(s.url);
          if (status === 404) {
            s.open = false;
            this.onFinished();
          } else if (status >= 200 && status < 300)
            s.received = Math.max(s.received, receivedBytes(range));
        } catch (err) {
          // progress only: the push itself reports what fails
          this.logger.debug(
            `upload status of ${s.url.pathname}: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
      }),
    );
  }
}
