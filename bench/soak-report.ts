// The soak's report: its rows, the problems that fail it, and the executions behind them.
import type pg from 'pg';
import type { App } from './app';
import type { HitTarget } from './hit-target';
import type { LoadResult } from './load';
import { fmt, type Report } from './report';
import type { Chaos } from './soak-chaos';
import type { Options } from './soak-options';
import { describeExecutions, type Outcome, type SoakVerdict } from './soak-verify';

export interface SoakResult {
  o: Options;
  app: App;
  target: HitTarget;
  outcomes: Map<string, Outcome>;
  load: LoadResult;
  chaos: Chaos;
  drain: { drained: boolean; seconds: number; left: number };
  v: SoakVerdict;
}

export function addSoakRows(report: Report, r: SoakResult): void {
  const { o, app, target, outcomes, load, chaos, drain, v } = r;
  const accepted = countBy(outcomes, 'accepted');
  const L = `load (${o.seconds} s, ${o.connections} conn, ${o.workers} workers)`;
  report.add(
    L,
    'deliveries sent · accepted (202)',
    `${fmt(outcomes.size)} · ${fmt(accepted.n)} (${fmt(load.okPerSecond)}/s)`,
  );
  report.add(L, 'refused (answered, not 202)', countBy(outcomes, 'refused').cell);
  report.add(L, 'unanswered (connection error, timeout)', countBy(outcomes, 'unanswered').cell);
  const C = 'chaos';
  report.add(
    C,
    'worker SIGKILLs · Redis restarts · Postgres restarts',
    `${chaos.workerKills} · ${chaos.redisRestarts} (${o.redisSignal}, AOF) · ${chaos.pgRestarts} (-m ${o.pgMode})`,
  );
  report.add(C, 'timeline', chaos.timeline.join(' · '));
  report.add(C, 'processes that exited on their own', app.crashes.length ? app.crashes.join('; ') : '0', '0');
  const A = 'afterwards';
  report.add(
    A,
    'all terminal after',
    drain.drained ? `${fmt(drain.seconds)} s` : `not within ${o.drainSeconds} s (${drain.left} left)`,
    `≤ ${o.drainSeconds} s`,
  );
  report.add(
    A,
    'executions by status',
    Object.entries(v.byStatus)
      .map(([s, n]) => `${s} ${fmt(n)}`)
      .join(', ') || '0',
  );
  report.add(
    A,
    'not succeeded, by code',
    Object.entries(v.failures)
      .map(([k, f]) => `${k}: ${f.count} ("${f.example}")`)
      .join('; ') || '0',
  );
  report.add(A, 'executions resumed by another drive (fence > 1)', v.resumed);
  report.add(A, 'http calls made again after a worker died mid-call (allowed)', v.remadeInFlight);
  report.add(
    A,
    'executions of refused/unanswered deliveries',
    Object.entries(v.fromUnaccepted)
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ') || '0',
  );
  report.add(
    A,
    'succeeded http step without a call · executions nobody sent · calls without execution',
    `${v.phantom.length} · ${v.unaccounted.length} · ${v.hitsWithoutExecution + target.malformed}`,
    '0 · 0 · 0',
  );
  addVerdictRows(report, r);
}

/** What must be zero for the soak to pass. */
function addVerdictRows(report: Report, { o, app, v }: SoakResult): void {
  const V = 'verdict';
  report.add(V, 'lost: accepted, no execution', v.lost.length, '0');
  report.add(V, 'duplicated: delivery with > 1 execution', v.duplicated.length, '0');
  report.add(V, `stuck: not terminal ${o.drainSeconds} s after the load`, v.stuck.length, '0');
  report.add(V, 'finished http step called again', v.doubleEffect.length, '0');
  report.add(V, 'executions of refused deliveries (a retrying sender runs them twice)', v.fromRefused.length, '0');
  report.add(V, 'processes that exited on their own', app.crashes.length, '0');
}

/** Each verdict that fails the soak, with a few of the ids behind it; the lost deliveries' ids. */
export function addSoakProblems(report: Report, r: SoakResult): string[] {
  const { app, outcomes, v } = r;
  const V = 'verdict';
  const lostIds = v.lost.map((d) => {
    const oc = outcomes.get(d);
    return `${d} → ${oc?.kind === 'accepted' ? oc.executionId : '?'}`;
  });
  if (v.lost.length)
    report.problem(
      V,
      `${v.lost.length} accepted deliveries without their execution (delivery → returned id)${list(lostIds)}`,
    );
  if (v.duplicated.length)
    report.problem(V, `${v.duplicated.length} deliveries with more than one execution${list(v.duplicated)}`);
  if (v.stuck.length) report.problem(V, `${v.stuck.length} executions not terminal${list(v.stuck)}`);
  if (v.fromRefused.length)
    report.problem(
      V,
      `${v.fromRefused.length} executions of deliveries that were answered a refusal${list(v.fromRefused)}`,
    );
  if (app.crashes.length)
    report.problem(V, `${app.crashes.length} processes exited on their own: ${app.crashes.join('; ')}`);
  if (v.doubleEffect.length)
    report.problem(
      V,
      `${v.doubleEffect.length} executions called the target again after their http step had finished${list(v.doubleEffect)}`,
    );
  return lostIds;
}

/** The executions behind each problem and the counts, for the JSON file. */
export async function addSoakData(
  report: Report,
  r: SoakResult,
  q: { db: pg.Pool; workflowId: string; lostIds: string[] },
): Promise<void> {
  const { app, target, load, chaos, v } = r;
  const { db, workflowId, lostIds } = q;
  const byDelivery = async (deliveries: string[]) =>
    (
      await db.query<{ id: string }>(
        `SELECT id FROM executions WHERE "workflowId" = $1 AND "triggerData"->'body'->>'delivery' = ANY($2::text[])`,
        [workflowId, deliveries.slice(0, 20)],
      )
    ).rows.map((r) => r.id);
  report.data.details = {
    lost: lostIds.slice(0, 20),
    duplicated: await describeExecutions(db, await byDelivery(v.duplicated), target.hits),
    stuck: await describeExecutions(db, v.stuck.slice(0, 20), target.hits),
    doubleEffect: await describeExecutions(db, v.doubleEffect.slice(0, 20), target.hits),
    fromRefused: await describeExecutions(db, v.fromRefused.slice(0, 20), target.hits),
    phantom: await describeExecutions(db, v.phantom.slice(0, 20), target.hits),
    unaccounted: await describeExecutions(db, v.unaccounted.slice(0, 20), target.hits),
  };
  report.data.counts = {
    ...v,
    fromRefused: v.fromRefused.length,
    lost: v.lost.length,
    duplicated: v.duplicated.length,
    stuck: v.stuck.length,
    doubleEffect: v.doubleEffect.length,
  };
  report.data.chaos = { ...chaos, crashes: app.crashes };
  report.data.load = { ...load, latenciesMs: undefined, values: undefined };
}

function countBy(outcomes: Map<string, Outcome>, kind: Outcome['kind']): { n: number; cell: string } {
  const by: Record<string, number> = {};
  let n = 0;
  for (const o of outcomes.values()) {
    if (o.kind !== kind) continue;
    n++;
    const why = o.kind === 'accepted' ? '202' : o.why;
    by[why] = (by[why] ?? 0) + 1;
  }
  const entries = Object.entries(by);
  return { n, cell: entries.length ? `${fmt(n)} (${entries.map(([k, c]) => `${k}: ${fmt(c)}`).join(', ')})` : '0' };
}

const list = (ids: readonly string[], max = 5) =>
  ids.length ? `: ${ids.slice(0, max).join(', ')}${ids.length > max ? ', …' : ''}` : '';
