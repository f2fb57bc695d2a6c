import type { ExecutionFinish, ExecutionStore, WakeQueue } from '../execution-store';
import type { EngineLimits } from '../limits';
import type { NodeRegistry } from '../nodes/registry';
import type { Clock, DriveObserver, ExpressionEvaluator, HttpPort, Logger } from '../ports';
import type { RetryPolicy } from '../retry';
import type { ExecutionTrigger } from '../status';

export interface ExecutionEvents {
  changed(executionId: string): void;
}

export interface DriverDeps {
  store: ExecutionStore;
  wakes: WakeQueue;
  http: HttpPort;
  limits: EngineLimits;
  retry: RetryPolicy;
  /** Unique per drive, e.g. `<worker id>:<n>`. */
  owner: string;
  leaseMs: number;
  registry?: NodeRegistry;
  clock?: Clock;
  logger?: Logger;
  evaluator?: ExpressionEvaluator;
  events?: ExecutionEvents;
  /** Told what each written checkpoint recorded (the worker's metrics). */
  observer?: DriveObserver;
  checkpointEverySteps?: number;
  checkpointEveryMs?: number;
}

export type DriveOutcome =
  | { kind: 'gone' }
  | { kind: 'busy'; until: Date }
  | { kind: 'lost' }
  | { kind: 'waiting'; wakeAt: Date }
  | { kind: 'finished'; status: ExecutionFinish['status']; trigger: ExecutionTrigger };
