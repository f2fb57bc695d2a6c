import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths whose values never reach a log line (docs/operations.md "Logs"): credentials in
 * headers and bodies, at the top level and one object down (pino's redaction wants explicit
 * paths; `*.x` covers `{ req: { x } }`, `{ body: { x } }`…).
 */
const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'secret',
  'secrets',
  'token',
  'apiKey',
  'key',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'x-api-key',
  'signingSecret',
  'passwordHash',
];
const segment = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `["${k}"]`);
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [
  segment(k).replace(/^\./, ''),
  `*${segment(k)}`,
  `*.headers${segment(k)}`,
  `*.*${segment(k)}`,
]);

export interface LoggerSettings {
  /** `web` or `worker`: every line says which process wrote it. */
  service: string;
  level: string;
  /** Human-readable lines (pino-pretty): only in development, on a terminal. */
  pretty?: boolean;
}

/** The one pino set-up for every Weft process: JSON lines, ISO times, secrets redacted. */
export function createLogger(
  { service, level, pretty = false }: LoggerSettings,
  destination?: pino.DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  };
  if (destination) return pino(options, destination);
  if (pretty)
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid' } },
    });
  return pino(options);
}

/** Pretty lines only when a person reads them: development, on a terminal. */
export function wantsPrettyLogs(nodeEnv: string, isTty: boolean | undefined): boolean {
  return nodeEnv === 'development' && isTty === true;
}
