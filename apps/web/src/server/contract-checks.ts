import 'server-only';
import type * as C from '@weft/contracts';
import type * as Db from '@weft/db';
import type * as Engine from '@weft/engine';
import type * as Queue from '@weft/queue';
import type { QUEUE_NAMES } from './operations/queue';

/**
 * The API's enums live in @weft/contracts; the database and the engine have their own
 * copies of the same domain types (Prisma generates its enums; the engine may not import
 * contracts' zod). This file fails to compile when any of them drift apart, so a status
 * added in one place and not the others is a type error, not a surprise on the wire.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** True when every copy of a domain type (the API's, the database's, and the engine's where it has one) agrees. */
type Agree<Api, Db, Engine = Db> = Same<Api, Db> extends true ? Same<Api, Engine> : false;
type Assert<T extends true> = T;

export type ContractChecks = [
  Assert<Agree<C.ExecutionStatus, Db.ExecutionStatus, Engine.ExecutionStatus>>,
  Assert<Agree<C.ExecutionTrigger, Db.ExecutionTrigger, Engine.ExecutionTrigger>>,
  Assert<Agree<C.StepStatus, Db.StepStatus, Engine.StepStatus>>,
  Assert<Agree<C.Role, Db.Role>>,
  Assert<Agree<C.SignatureScheme, Db.WebhookSignatureScheme>>,
  Assert<Agree<C.ResponseMode, Db.WebhookResponseMode>>,
  Assert<Agree<C.OverlapPolicy, Db.ScheduleOverlap, Engine.OverlapPolicy>>,
  Assert<Agree<C.FireOutcome, Db.ScheduleFireOutcome>>,
  Assert<Same<C.NodeTypeInfo, Engine.NodeTypeInfo>>,
  Assert<Same<(typeof C.QUEUE_STATES)[number], Queue.QueueState>>,
  Assert<Same<C.FleetWorker, Queue.FleetWorker>>,
  Assert<Same<C.QueueView['name'], (typeof QUEUE_NAMES)[number]>>,
  Assert<Same<C.PurgeQueueBody['confirm'], typeof Queue.EXECUTION_QUEUE>>,
];
