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
type Assert<T extends true> = T;

export type ContractChecks = [
  Assert<Same<C.ExecutionStatus, Db.ExecutionStatus>>,
  Assert<Same<C.ExecutionStatus, Engine.ExecutionStatus>>,
  Assert<Same<C.ExecutionTrigger, Db.ExecutionTrigger>>,
  Assert<Same<C.ExecutionTrigger, Engine.ExecutionTrigger>>,
  Assert<Same<C.StepStatus, Db.StepStatus>>,
  Assert<Same<C.StepStatus, Engine.StepStatus>>,
  Assert<Same<C.Role, Db.Role>>,
  Assert<Same<C.SignatureScheme, Db.WebhookSignatureScheme>>,
  Assert<Same<C.ResponseMode, Db.WebhookResponseMode>>,
  Assert<Same<C.OverlapPolicy, Db.ScheduleOverlap>>,
  Assert<Same<C.OverlapPolicy, Engine.OverlapPolicy>>,
  Assert<Same<C.FireOutcome, Db.ScheduleFireOutcome>>,
  Assert<Same<C.NodeTypeInfo, Engine.NodeTypeInfo>>,
  Assert<Same<(typeof C.QUEUE_STATES)[number], Queue.QueueState>>,
  Assert<Same<C.FleetWorker, Queue.FleetWorker>>,
  Assert<Same<C.QueueView['name'], (typeof QUEUE_NAMES)[number]>>,
  Assert<Same<C.PurgeQueueBody['confirm'], typeof Queue.EXECUTION_QUEUE>>,
];
