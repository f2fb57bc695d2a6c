import 'server-only';
import type { RedisClient } from '@weft/queue';
import { ApiError } from '../http/errors';
import type { Services } from '../composition';

/**
 * The web's Redis connection. composition.ts makes it with `createRedis` (an ioredis client
 * that fails fast while Redis is down) but types it structurally; the fleet and queue reads
 * need the client itself.
 */
export function redisOf(services: Services): RedisClient {
  if (!services.redis) throw new ApiError('SERVICE_UNAVAILABLE', 'Redis is not configured');
  return services.redis as unknown as RedisClient;
}

/**
 * Runs a Redis read or write, answering 503 when Redis can't be reached: BullMQ waits for a
 * connection forever, and a page must say so instead of hanging.
 */
export async function withRedis<T>(work: () => Promise<T>, timeoutMs = 3_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new ApiError('SERVICE_UNAVAILABLE', `Redis did not answer within ${timeoutMs} ms; try again shortly`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work(), timeout]);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError('SERVICE_UNAVAILABLE', `Redis is unavailable: ${(err as Error).message.slice(0, 200)}`);
  } finally {
    clearTimeout(timer);
  }
}
