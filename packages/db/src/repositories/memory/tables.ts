import type {
  ApiKey,
  Prisma,
  AuditEvent,
  Execution,
  ExecutionStep,
  Schedule,
  ScheduleFire,
  Session,
  User,
  UserInvite,
  Webhook,
  Workflow,
  WorkflowPermission,
  WorkflowVersion,
} from '../../generated/prisma/client';
import { storableJsonText } from '@weft/engine/adapter';

import { uuidV7 } from '../../uuid-v7';

/**
 * The fake database: one Map per table, keyed by id, holding rows of the same types Prisma returns.
 * Every memory repository of a store shares one `MemoryTables`, so cross-table rules (a grant
 * names a user, deleting a workflow removes its schedules) are seen by each.
 */
export interface MemoryTables {
  users: Map<string, User>;
  invites: Map<string, UserInvite>;
  sessions: Map<string, Session>;
  apiKeys: Map<string, ApiKey>;
  workflows: Map<string, Workflow>;
  versions: Map<string, WorkflowVersion>;
  grants: Map<string, WorkflowPermission>;
  webhooks: Map<string, Webhook>;
  schedules: Map<string, Schedule>;
  fires: Map<string, ScheduleFire>;
  executions: Map<string, Execution>;
  steps: Map<string, ExecutionStep>;
  audit: Map<string, AuditEvent>;
}

export function emptyTables(): MemoryTables {
  return {
    users: new Map(),
    invites: new Map(),
    sessions: new Map(),
    apiKeys: new Map(),
    workflows: new Map(),
    versions: new Map(),
    grants: new Map(),
    webhooks: new Map(),
    schedules: new Map(),
    fires: new Map(),
    executions: new Map(),
    steps: new Map(),
    audit: new Map(),
  };
}

/** A new row id, time-ordered like the ids Prisma makes (`@default(uuid(7))`). */
export function newId(): string {
  return uuidV7();
}

/**
 * A unique-constraint violation as Prisma reports it (code P2002), so use cases that map it to
 * 409 behave the same on the fake.
 */
export class MemoryUniqueViolation extends Error {
  readonly code = 'P2002';
  constructor(readonly target: string) {
    super(`Unique constraint failed on the fields: (\`${target}\`)`);
    this.name = 'MemoryUniqueViolation';
  }
}

/** A JSON value as a jsonb column gives it back: U+0000 (and lone surrogates) as U+FFFD, `__proto__` kept as a key. */
export function storedJson(value: unknown): Prisma.JsonValue {
  return JSON.parse(storableJsonText(value) ?? 'null') as Prisma.JsonValue;
}
