export { createPrismaStore, type Repositories, type Store } from './store';
// TRANSITION (issue 20): server/audit.ts bridges callers still on Prisma; removed when none is left.
export { PrismaAuditRepository } from './audit';
export type { Db } from './db';
export { idAfter, pageOf, type PageRequest, type RowPage } from './paging';
export { type GrantFlag, type Visibility } from './visibility';
export type { AuditEntry, AuditFilter, AuditRepository, AuditRow } from './audit';
export type {
  GrantInput,
  GrantRow,
  LatestExecutionRow,
  VersionInput,
  WorkflowGrants,
  WorkflowListFilter,
  WorkflowPart,
  WorkflowRepository,
  WorkflowWithGrant,
} from './workflows';
export type { ScheduleRepository } from './schedules';
export type { WebhookRepository } from './webhooks';
export type { UserRepository } from './users';
export type { SessionRepository } from './sessions';
export type { ApiKeyRepository } from './api-keys';
export type { ExecutionRepository } from './executions';
