/**
 * Reads a byte stream (through its reader) to its end, but never more than `maxBytes` of it: as soon
 * as the running total passes the cap the stream is cancelled and `tooLarge()` thrown, so an
 * oversized body is refused without being buffered whole. One reader for both directions
 * a body crosses: the web's request bodies and the worker's `http` node responses.
 */
export async function readBytesAtMost(
  reader: ByteReader,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // A failed cancel changes nothing: the answer is the cap's error either way.
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }

  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** What this needs of a web `ReadableStream`'s default reader (the DOM's and undici's both fit). */
export interface ByteReader {
  read(): Promise<{ done: false; value: Uint8Array } | { done: true; value?: unknown }>;
  cancel(): Promise<void>;
}
