export { createPrismaStore, type Repositories, type Store } from './store';
export type { Db } from './db';
export { idAfter, pageOf, type PageRequest, type RowPage } from './paging';
export { type GrantFlag, type Visibility } from './visibility';
export type { AuditEntry, AuditFilter, AuditRepository, AuditRow } from './audit';
export type * from './workflows';
export type {
  NewSchedule,
  ScheduleChanges,
  ScheduleFireRow,
  ScheduleRepository,
  ScheduleFields,
} from './schedules';
export type {
  DeliveryStats,
  NewWebhook,
  SecretRotation,
  WebhookRepository,
  WebhookFields,
} from './webhooks';
export type { CredentialOwner, NewInvite, NewUser, RoleHolder, UserChange, UserRepository } from './users';
export type { NewSession, SessionRepository, SessionWithOwner } from './sessions';
export type { ApiKeyRepository, ApiKeySummary, ApiKeyWithOwner, NewApiKey } from './api-keys';
export type {
  ExecutionDetailRow,
  ExecutionListFilter,
  ExecutionRepository,
  ExecutionSummaryRow,
  ExecutionWorkflowAccess,
  StepPage,
  StepPageRequest,
  StepPosition,
} from './executions';
