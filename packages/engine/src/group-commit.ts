/**
 * Group commit: the same kind of write, issued by many requests at once, goes to the
 * database as one statement. A write that arrives while `maxInFlight` statements are
 * running waits for the next one and joins whatever else queued meanwhile (up to
 * `maxBatch`), so an idle system adds no latency and a loaded one makes one round trip for
 * many rows. A failed batch is retried row by row, so one bad row fails only its own caller.
 * (Hand-written: a dataloader batches reads per tick, not writes per round trip.)
 */
export class GroupCommit<T, R> {
  private readonly queue: Array<{ item: T; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  private running = 0;

  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly opts: { maxBatch: number; maxInFlight: number },
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.opts.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      this.running++;
      void this.flush(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async flush(batch: typeof this.queue): Promise<void> {
    try {
      const out = await this.write(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(out[i]!));
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      await Promise.all(
        batch.map(async (b) => {
          try {
            b.resolve((await this.write([b.item]))[0]!);
          } catch (e) {
            b.reject(e);
          }
        }),
      );
    }
  }
}
