// Reads a text/event-stream Response one event at a time, as EventSource would: blocks end at
// a blank line; `event:`, `id:` and `data:` fields; comments (`: keepalive`) and `retry:`
// are not events.

export interface SseEvent {
  event: string;
  /** The block's own `id:` field, if it had one. */
  id?: string;
  data: unknown;
}

export class SseReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  private done = false;
  /** Every event read so far. */
  readonly seen: SseEvent[] = [];

  constructor(res: Response) {
    this.reader = res.body!.getReader();
  }

  /** The next event; null when the stream ended; throws when none came within `timeoutMs`. */
  async next(timeoutMs = 10_000): Promise<SseEvent | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = this.take();
      if (event) return event;
      if (this.done) return null;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no event within ${timeoutMs} ms (seen: ${this.seen.map((e) => e.event).join(', ')})`);
      this.pending ??= this.reader.read();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const result = await Promise.race([
        this.pending,
        new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), left))),
      ]);
      clearTimeout(timer);
      if (result === 'timeout') continue;
      this.pending = null;
      if (result.done) this.done = true;
      else this.buffer += this.decoder.decode(result.value, { stream: true });
    }
  }

  /** Events until one of type `type` (included) or the end of the stream. */
  async until(type: string, timeoutMs = 10_000): Promise<SseEvent[]> {
    const out: SseEvent[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const e = await this.next(Math.max(1, deadline - Date.now()));
      if (!e) return out;
      out.push(e);
      if (e.event === type) return out;
    }
  }

  /** Whatever arrives within `ms` (for "nothing more is sent"). */
  async during(ms: number): Promise<SseEvent[]> {
    const out: SseEvent[] = [];
    const deadline = Date.now() + ms;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) return out;
      try {
        const e = await this.next(left);
        if (!e) return out;
        out.push(e);
      } catch {
        return out;
      }
    }
  }

  /** Closes the stream from the client's side (the server's cancel runs). */
  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }

  private take(): SseEvent | undefined {
    for (;;) {
      const idx = this.buffer.indexOf('\n\n');
      if (idx < 0) return undefined;
      const block = this.buffer.slice(0, idx);
      this.buffer = this.buffer.slice(idx + 2);
      let event = 'message';
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':') || line === '') continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'id') id = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length === 0) continue; // a comment or a bare `retry:`: not an event
      const e: SseEvent = { event, data: JSON.parse(data.join('\n')), ...(id !== undefined ? { id } : {}) };
      this.seen.push(e);
      return e;
    }
  }
}
