// `npm run soak`'s command line (bench/soak.ts lists the options).

export function parseOptions(argv: string[]) {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, dflt: number) => {
    const v = value(name);
    const n = v === undefined ? dflt : Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0, got ${v}`);
    return n;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], dflt: T): T => {
    const v = value(name) ?? dflt;
    if (!allowed.includes(v as T)) throw new Error(`--${name} must be one of ${allowed.join(', ')}`);
    return v as T;
  };
  const seconds = num('seconds', 60);
  return {
    seconds,
    connections: Math.max(1, num('connections', 8)),
    workers: Math.max(1, num('workers', 2)),
    killEverySeconds: num('kill-every', 10),
    workerDownMs: num('worker-down-ms', 1_000),
    redisAtSeconds: num('redis-at', Math.round(seconds * 0.42 * 10) / 10),
    pgAtSeconds: num('pg-at', Math.round(seconds * 0.75 * 10) / 10),
    downMs: num('down-ms', 2_000),
    pgMode: oneOf('pg-mode', ['fast', 'immediate'] as const, 'fast'),
    redisSignal: `SIG${oneOf('redis-signal', ['KILL', 'TERM'] as const, 'KILL')}` as NodeJS.Signals,
    drainSeconds: num('drain-seconds', 120),
    targetDelayMs: num('target-delay-ms', 20),
    lockMs: Math.max(1_000, num('lock-ms', 5_000)),
    timeoutMs: num('timeout-ms', 10_000),
    port: num('port', 0),
    build: oneOf('build', ['auto', 'always', 'never'] as const, 'auto'),
  };
}
export type Options = ReturnType<typeof parseOptions>;
