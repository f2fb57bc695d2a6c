// What every phase is handed: the options, the running app, an API client, the database and
// the report it adds its rows to.
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Api } from './api';
import type { App } from './app';
import type { Report } from './report';

export interface Options {
  quick: boolean;
  /** Phases to run, out of a–f. */
  only: Set<string>;
  /** Length of each load phase (a, and each step of b). */
  seconds: number;
  /** Closed-loop connections (a, and b's sustained figure). */
  connections: number;
  /** Offered rates for b's open-loop steps, req/s. */
  rates: number[];
  /** Sockets the open-loop generator may use; requests beyond wait (and count as late). */
  maxSockets: number;
  /** Per-request timeout, and the sync webhook's syncTimeoutMs. */
  timeoutMs: number;
  /** Longest wait for accepted executions to finish after a load phase. */
  drainSeconds: number;
  fanoutRuns: number;
  loopRuns: number;
  memExecutions: number;
  /** Offered webhooks/s in e; 0 = 80% of a's completed/s (or 50/s without it). */
  memRate: number;
  memMaxSeconds: number;
  port: number;
  build: 'auto' | 'always' | 'never';
  nodeRedUrl: string;
  /** Worker processes (docs/operations.md's scaling figures compare 1 and 2). */
  workers: number;
}

export interface Context {
  opts: Options;
  app: App;
  api: Api;
  db: pg.Pool;
  report: Report;
  /** Figures later phases and ratios reuse. */
  figures: { asyncCompletedPerSecond?: number; syncClosedPerSecond?: number };
}

/** SPEC §1's example workflow, and the body the issue measures it with. */
export const SUM_AND_BRANCH = JSON.parse(
  readFileSync(new URL('../test/fixtures/sum-and-branch.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
export const BODY = JSON.stringify({ a: 1, b: 2 });
/** With a=1, b=2: start, sum, big and no succeed; yes is skipped. */
export const SUM_AND_BRANCH_STEPS = { succeeded: 4, skipped: 1 };
