import type { Json } from '../json';
import type { RespondValue } from '../nodes/define-node';
import {
  setNodeState,
  type ExecutionState,
  type Frame,
  type LoopProgress,
  type NodeRunState,
  type NodeRunStatus,
  type ScopeFrame,
} from './state';

/**
 * The planner state as it is stored (`executions.state`, jsonb): the short keys every
 * checkpoint has written since version 1. Only this file knows them — storage adapters call
 * encodeExecutionState()/decodeExecutionState() and read nothing inside — so executions in
 * flight across an upgrade resume from the rows they left, and the keys in memory can read well.
 *
 * | in memory                      | stored       |
 * | ------------------------------ | ------------ |
 * | `status`                       | `s`          |
 * | `handles`                      | `h`          |
 * | `attempt`                      | `a`          |
 * | `breachedLimit`                | `lim`        |
 * | `dueAt`                        | `due`        |
 * | `loop` (`nextIndex`, `openIterations`, `concurrency`, `startedAt`, `items`) | `lp` (`next`, `act`, `c`, `t`, `items`) |
 * | `operations`, `httpCalls`, `lastSucceeded` | `ops`, `http`, `last` |
 * | (implied)                      | `v: 1`       |
 */
export interface StoredExecutionState extends StoredFrame {
  v: 1;
  scopes?: Record<string, StoredScopeFrame>;
  ops: number;
  http: number;
  last?: string;
  response?: RespondValue;
}

interface StoredFrame {
  nodes: Record<string, StoredNodeRunState>;
}

interface StoredScopeFrame extends StoredFrame {
  item: Json;
  index: number;
}

interface StoredNodeRunState {
  s: NodeRunStatus;
  h?: string[];
  a?: number;
  lim?: string;
  due?: number;
  lp?: StoredLoopProgress;
}

interface StoredLoopProgress {
  items?: Json[];
  next: number;
  act: number[];
  c: number;
  t: number;
}

/** The stored form of a state (plain JSON; node ids stay own keys, `__proto__` included). */
export function encodeExecutionState(state: ExecutionState): StoredExecutionState {
  const stored: StoredExecutionState = {
    v: 1,
    nodes: encodeNodes(state),
    ops: state.operations,
    http: state.httpCalls,
  };
  if (state.scopes) {
    const scopes: Record<string, StoredScopeFrame> = {};
    for (const [scope, f] of Object.entries(state.scopes))
      defineOwn(scopes, scope, { nodes: encodeNodes(f), item: f.item, index: f.index });
    stored.scopes = scopes;
  }
  if (state.lastSucceeded !== undefined) stored.last = state.lastSucceeded;
  if (state.response !== undefined) stored.response = state.response;
  return stored;
}

/**
 * A state from its stored form. Tolerates rows written before a field existed (no `nodes`,
 * counters absent: the `{}` of a row nobody planned yet) by reading them as empty or zero.
 */
export function decodeExecutionState(stored: unknown): ExecutionState {
  const s = (isObject(stored) ? stored : {}) as Partial<StoredExecutionState>;
  const state: ExecutionState = { nodes: decodeNodes(s), operations: s.ops ?? 0, httpCalls: s.http ?? 0 };
  if (s.scopes) {
    const scopes: Record<string, ScopeFrame> = {};
    for (const [scope, f] of Object.entries(s.scopes))
      defineOwn(scopes, scope, { nodes: decodeNodes(f), item: f.item, index: f.index });
    state.scopes = scopes;
  }
  if (s.last !== undefined) state.lastSucceeded = s.last;
  if (s.response !== undefined) state.response = s.response;
  return state;
}

function encodeNodes(frame: Frame): Record<string, StoredNodeRunState> {
  const nodes: Record<string, StoredNodeRunState> = {};
  // Object.entries: own keys only, so an id like `constructor` is data, never Object's.
  for (const [id, ns] of Object.entries(frame.nodes)) defineOwn(nodes, id, encodeNode(ns));
  return nodes;
}

function decodeNodes(frame: Partial<StoredFrame>): Record<string, NodeRunState> {
  const out: Frame = { nodes: {} };
  for (const [id, ns] of Object.entries(frame.nodes ?? {})) setNodeState(out, id, decodeNode(ns));
  return out.nodes;
}

function encodeNode(ns: NodeRunState): StoredNodeRunState {
  const stored: StoredNodeRunState = { s: ns.status };
  if (ns.handles !== undefined) stored.h = ns.handles;
  if (ns.attempt !== undefined) stored.a = ns.attempt;
  if (ns.breachedLimit !== undefined) stored.lim = ns.breachedLimit;
  if (ns.dueAt !== undefined) stored.due = ns.dueAt;
  if (ns.loop !== undefined) stored.lp = encodeLoop(ns.loop);
  return stored;
}

function decodeNode(stored: StoredNodeRunState): NodeRunState {
  const ns: NodeRunState = { status: stored.s };
  if (stored.h !== undefined) ns.handles = stored.h;
  if (stored.a !== undefined) ns.attempt = stored.a;
  if (stored.lim !== undefined) ns.breachedLimit = stored.lim;
  if (stored.due !== undefined) ns.dueAt = stored.due;
  if (stored.lp !== undefined) ns.loop = decodeLoop(stored.lp);
  return ns;
}

function encodeLoop(lp: LoopProgress): StoredLoopProgress {
  return {
    ...(lp.items !== undefined ? { items: lp.items } : {}),
    next: lp.nextIndex,
    act: lp.openIterations,
    c: lp.concurrency,
    t: lp.startedAt,
  };
}

function decodeLoop(lp: StoredLoopProgress): LoopProgress {
  return {
    ...(lp.items !== undefined ? { items: lp.items } : {}),
    nextIndex: lp.next,
    openIterations: lp.act,
    concurrency: lp.c,
    startedAt: lp.t,
  };
}

/** Scope paths start with a node id, which may be `__proto__`: set them as own keys. */
function defineOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
