/**
 * Waiting for work outside IndexedDB (reading and parsing the next chunk of a file) inside a
 * transaction. A transaction commits as soon as it has no request pending and our code yields to the
 * event loop, and accepts new requests only while one of its own callbacks runs; so awaiting a file
 * read inside it would end it. Instead the wait is spent awaiting the transaction's own requests, and
 * the work's result is taken in a request's callback, where new writes may be issued.
 */

/** The writes issued in one transaction, in order, and a way to wait for other work between them. */
export class RequestPipeline {
  readonly #pending: Promise<unknown>[] = [];

  /**
   * @param ping issues a cheap request in the transaction (awaited when no write is pending).
   * @param maxPending writes allowed in flight; past that, waiting drains them first, so the memory
   *   the browser holds for writes not yet done stays bounded.
   */
  constructor(
    private readonly ping: () => Promise<unknown>,
    private readonly maxPending: number,
  ) {}

  /** Track a request issued in the transaction. */
  add(request: Promise<unknown>): void {
    // Once one write fails the transaction aborts and the others reject too: expected, and the
    // transaction's own error is what gets reported, so these must not surface as unhandled.
    request.catch(() => undefined);
    this.#pending.push(request);
  }

  /**
   * `work`'s result, awaited without letting the transaction commit or go inactive: code after the
   * await may issue requests on it. Meanwhile the oldest writes are awaited one by one (the newer
   * ones keep the disk busy, so writing overlaps the work), or a ping when none is pending.
   * @throws whatever `work` or a request rejects with (requests reject once the transaction aborts).
   */
  async wait<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const watched = work.finally(() => {
      settled = true;
    });
    // Read below; a rejection before then must not count as unhandled.
    watched.catch(() => undefined);
    while (!settled || this.#pending.length > this.maxPending) {
      await (this.#pending.shift() ?? this.ping());
    }
    return watched;
  }
}
