// The soak's chaos: worker SIGKILLs on a timetable, one Redis and one Postgres restart, and a
// supervisor that starts workers that died on their own.
import type { App } from './app';
import type { Options } from './soak-options';
import type { Services } from './soak-services';

export interface Chaos {
  timeline: string[];
  workerKills: number;
  redisRestarts: number;
  pgRestarts: number;
  crashRestarts: number;
}

/** Kills, restarts and a supervisor that starts crashed workers again, until `seconds` after t0. */
export async function runChaos(
  o: Options,
  app: App,
  services: Services,
  t0: number,
  halt: AbortSignal,
): Promise<Chaos> {
  const clock = chaosClock(t0, halt);
  const chaos = clock.chaos;
  const killing = new Set<number>();
  const tasks = [...workerKills(o, app, clock, killing), ...serviceRestarts(o, services, clock)];
  const supervisor = superviseWorkers(app, clock, killing);
  try {
    await Promise.all(tasks);
    await clock.at(o.seconds);
  } finally {
    await supervisor.stop();
  }
  return chaos;
}

type ChaosClock = ReturnType<typeof chaosClock>;

/** The timeline (each line at seconds since t0) and `at`: resolves then, or at once when the soak is interrupted. */
function chaosClock(t0: number, halt: AbortSignal) {
  const chaos: Chaos = { timeline: [], workerKills: 0, redisRestarts: 0, pgRestarts: 0, crashRestarts: 0 };
  const t = () => ((performance.now() - t0) / 1000).toFixed(1);
  const log = (what: string) => {
    const line = `${t()} s ${what}`;
    chaos.timeline.push(line);
    console.error(`[soak] ${line}`);
  };
  // Resolves at t0 + seconds, or at once when the soak is interrupted (then nothing more happens).
  const at = (seconds: number) =>
    new Promise<void>((r) => {
      const timer = setTimeout(r, Math.max(0, t0 + seconds * 1000 - performance.now()));
      halt.addEventListener('abort', () => (clearTimeout(timer), r()), { once: true });
    });
  return { chaos, log, at, halt };
}

/** Every killEverySeconds, SIGKILL the next worker slot in turn and start it again workerDownMs later. */
function workerKills(o: Options, app: App, clock: ChaosClock, killing: Set<number>): Promise<void>[] {
  const { chaos, log, at, halt } = clock;
  const tasks: Promise<void>[] = [];
  if (o.killEverySeconds <= 0) return tasks;
  for (let k = 1; k * o.killEverySeconds < o.seconds; k++) {
    const slot = (k - 1) % app.workers.length;
    tasks.push(
      at(k * o.killEverySeconds).then(async () => {
        if (halt.aborted) return;
        const w = app.workers[slot]!;
        killing.add(slot);
        const pid = w.pid;
        await w.kill();
        chaos.workerKills++;
        log(`SIGKILL worker ${slot + 1} (pid ${pid})`);
        await new Promise((r) => setTimeout(r, o.workerDownMs));
        if (halt.aborted) return;
        w.start();
        killing.delete(slot);
        log(`started worker ${slot + 1} (pid ${w.pid})`);
      }),
    );
  }
  return tasks;
}

/** Redis at redisAtSeconds and Postgres at pgAtSeconds, each down for downMs. */
function serviceRestarts(o: Options, services: Services, clock: ChaosClock): Promise<void>[] {
  const { chaos, log, at, halt } = clock;
  const tasks: Promise<void>[] = [];
  if (o.redisAtSeconds < o.seconds) {
    tasks.push(
      at(o.redisAtSeconds).then(async () => {
        if (halt.aborted) return;
        log(`Redis ${o.redisSignal}`);
        const { keysAfter } = await services.restartRedis({ signal: o.redisSignal, downMs: o.downMs });
        chaos.redisRestarts++;
        log(`Redis up again, ${keysAfter} keys reloaded from the AOF`);
      }),
    );
  }
  if (o.pgAtSeconds < o.seconds) {
    tasks.push(
      at(o.pgAtSeconds).then(async () => {
        if (halt.aborted) return;
        log(`Postgres stop -m ${o.pgMode}`);
        await services.restartPostgres({ mode: o.pgMode, downMs: o.downMs });
        chaos.pgRestarts++;
        log('Postgres up again');
      }),
    );
  }
  return tasks;
}

/** As a process supervisor would: a worker that died on its own (not one being killed) is started again. */
function superviseWorkers(app: App, clock: ChaosClock, killing: Set<number>) {
  const { chaos, log, halt } = clock;
  let supervising = true;
  const supervisor = (async () => {
    while (supervising && !halt.aborted) {
      await new Promise((r) => setTimeout(r, 500));
      app.workers.forEach((w, i) => {
        if (supervising && !halt.aborted && !killing.has(i) && !w.alive()) {
          w.start();
          chaos.crashRestarts++;
          log(`worker ${i + 1} had exited on its own: started again (pid ${w.pid})`);
        }
      });
    }
  })();
  return {
    async stop() {
      supervising = false;
      await supervisor;
    },
  };
}
