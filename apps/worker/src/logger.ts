import pino from 'pino';

export function createLogger(level: string) {
  return pino({ level, base: { service: 'weft-worker' } });
}
export type AppLogger = ReturnType<typeof createLogger>;
