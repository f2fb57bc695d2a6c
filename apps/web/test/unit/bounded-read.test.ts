import { readBytesAtMost } from '@weft/engine';
import { describe, expect, it } from 'vitest';

function streamOf(...chunks: string[]): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

describe('readBytesAtMost (request bodies and http responses)', () => {
  it('joins the chunks of a body within the cap, the cap itself included', async () => {
    const bytes = await readBytesAtMost(streamOf('ab', 'cd', 'e').stream.getReader(), 5, () => new Error('too large'));
    expect(new TextDecoder().decode(bytes)).toBe('abcde');
  });

  it('cancels the stream and throws the caller’s error once the total passes the cap', async () => {
    const { stream, cancelled } = streamOf('abc', 'def', 'ghi');
    await expect(readBytesAtMost(stream.getReader(), 5, () => new Error('too large'))).rejects.toThrow('too large');
    expect(cancelled()).toBe(true);
  });

  it('reads an empty stream as no bytes', async () => {
    expect((await readBytesAtMost(streamOf().stream.getReader(), 0, () => new Error('too large'))).byteLength).toBe(0);
  });
});
