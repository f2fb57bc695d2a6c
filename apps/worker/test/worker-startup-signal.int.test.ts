import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { spawnWorkerProcess } from '../../../test/integration/worker-process';

/**
 * A SIGTERM that reaches a worker while it is still starting (its queues, schedulers,
 * retention and heartbeat are being set up; a drive may already be running) stops it
 * cleanly with exit 0 — not the default signal death that CI once saw when the handlers
 * were installed only after start-up.
 */

describe('a worker stopped during start-up', () => {
  it('finishes starting, closes everything and exits 0', async () => {
    const child = spawnWorkerProcess({ QUEUE_PREFIX: `weft-test-${randomUUID().slice(0, 8)}`, LOG_LEVEL: 'info' }, [
      'ignore',
      'pipe',
      'inherit',
    ]);
    const lines: string[] = [];
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    let buffered = '';
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        // The first line after the handlers are installed: signal at once, mid start-up.
        if (line.includes('"worker starting"')) child.kill('SIGTERM');
      }
    });
    const { code, signal } = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toContain('worker stopping: finishing in-flight jobs');
    expect(messages.at(-1)).toBe('worker stopped');
  }, 60_000);
});
