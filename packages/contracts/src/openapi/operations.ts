import { z } from 'zod';
import type { Permission } from '../permissions';
import {
  AcceptInviteBody,
  ChangePasswordBody,
  InviteInfo,
  InviteQuery,
  LoginBody,
  Me,
  SessionList,
  SetupBody,
  SetupStatus,
  User,
} from '../auth';
import { ApiKey, CreateApiKeyBody, CreatedApiKey } from '../api-keys';
import { AuditEvent, AuditQuery } from '../audit';
import { FullList, IdParams, Page, PageQuery } from '../common';
import { PurgeQueueBody, PurgeResult, QueueList, WorkerList } from '../fleet';
import { EventStreamQuery, ExecutionDetail, ExecutionListQuery, ExecutionSummary, StepPageQuery } from '../executions';
import { GrantList, PutGrantsBody } from '../grants';
import { Liveness, Readiness } from '../health';
import { NodeTypeInfo } from '../node-types';
import { CreateScheduleBody, Schedule, ScheduleFire, UpdateScheduleBody } from '../schedules';
import { CreatedInvite, CreateUserBody, InviteBody, ManagedUser, PendingInvite, UpdateUserBody } from '../users';
import {
  CreateWebhookBody,
  HookAccepted,
  HookParams,
  UpdateWebhookBody,
  Webhook,
  WebhookWithSecret,
} from '../webhooks';
import {
  ActivateBody,
  CreateWorkflowBody,
  DefinitionDocument,
  ExportQuery,
  ImportWorkflowBody,
  RunBody,
  RunStarted,
  SaveWorkflowBody,
  SavedWorkflow,
  VersionParams,
  Workflow,
  WorkflowListItem,
  WorkflowListQuery,
  WorkflowSummary,
  WorkflowVersion,
} from '../workflows';

/**
 * Every operation of the HTTP API, keyed by its OpenAPI `operationId`: what the route handlers
 * parse and answer, in one table the OpenAPI document (document.ts) and the typed client
 * (../client) are built from. Each entry goes through `defineOperation`, so its schemas keep
 * their own types: `InputOf<'getWorkflowsById'>` and `OutputOf<'getWorkflowsById'>` are
 * inferred from them. `permission` is the route's own declaration (defineRoute's
 * `permission`); a test holds each entry to its route file (apps/web/test/openapi*.test.ts),
 * so an added route or method fails CI until it is here.
 */

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type { Permission, ResourceAction } from '../permissions';

export interface SuccessResponse {
  status: number;
  description: string;
  /** JSON body; omitted for 204 and non-JSON answers. */
  schema?: z.ZodType;
  /** A non-JSON answer (`text/event-stream`, `text/plain`). */
  contentType?: string;
  headers?: Record<string, string>;
}

/** An error status the operation answers beyond the ones its shape implies (see document.ts). */
export interface ErrorResponse {
  status: number;
  description: string;
}

export interface Operation {
  method: Method;
  /** OpenAPI path template: `/api/workflows/{id}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  permission: Permission;
  /** Authenticated some other way than a user (webhook tokens and signatures, the metrics token). */
  security?: 'none' | 'metrics';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Documented body schema when the parsed one is looser (import takes any JSON, so the engine can list every problem). */
  bodyDoc?: z.ZodType;
  responses: readonly SuccessResponse[];
  errors?: readonly ErrorResponse[];
}

/** Keeps the entry's own schema types (an `Operation` annotation would widen them to `z.ZodType`). */
function defineOperation<const O extends Operation>(op: O): O {
  return op;
}

const ok = <S extends z.ZodType>(schema: S, description = 'OK') => ({ status: 200 as const, description, schema });
const created = <S extends z.ZodType>(schema: S, description = 'Created') => ({
  status: 201 as const,
  description,
  schema,
});
const noContent = (description = 'Done; no body.') => ({ status: 204 as const, description });

const conflict = (description: string): ErrorResponse => ({ status: 409, description });
const throttled: ErrorResponse = {
  status: 429,
  description: 'Too many attempts from this address or for this account; `Retry-After` says when to try again.',
};
const inviteGone: ErrorResponse = {
  status: 404,
  description: 'Unknown, used, expired, revoked, or its inviter no longer holds a role that could make it.',
};
const queueDown: ErrorResponse = {
  status: 503,
  description: 'Postgres or Redis is unavailable; nothing was started or changed.',
};

/** `/api/hooks/{token}` answers every method alike; the sync 200 is whatever the workflow's `respond` node says. */
function hookDelivery<const M extends Method>(method: M) {
  return defineOperation({
    method,
    path: '/api/hooks/{token}',
    tag: 'Webhook deliveries',
    summary: `Deliver to a webhook (${method.toUpperCase()})`,
    permission: 'public',
    security: 'none',
    params: HookParams,
    description:
      "Starts the workflow's active version with `{ method, webhookId, headers, query, body }`. The token, the " +
      "signature (per the webhook's scheme) and the IP allowlist are the authentication. A delivery id " +
      "(`Idempotency-Key`, or the provider's) starts at most one run.",
    responses: [
      { status: 202, description: 'Accepted (response mode `async`).', schema: HookAccepted },
      {
        status: 200,
        description:
          "Response mode `sync`: the workflow's `respond` node's answer (any status, headers and body), or its output as JSON.",
      },
    ],
    errors: [
      { status: 401, description: 'Signature missing, wrong or too old.' },
      { status: 403, description: 'The caller is not on the IP allowlist.' },
      { status: 404, description: 'Unknown or disabled webhook, or the workflow has no active version.' },
      { status: 413, description: 'The body is larger than MAX_PAYLOAD_BYTES.' },
      throttled,
      queueDown,
    ],
  });
}

const Workflows = 'Workflows';
const Executions = 'Executions';

export const OPERATIONS = {
  // Auth and the caller's own account
  getAuthSetup: defineOperation({
    method: 'get',
    path: '/api/auth/setup',
    tag: 'Auth',
    summary: 'Whether first-run setup is still open',
    permission: 'public',
    responses: [ok(SetupStatus)],
  }),
  postAuthSetup: defineOperation({
    method: 'post',
    path: '/api/auth/setup',
    tag: 'Auth',
    summary: 'Create the first user (owner) and sign in',
    permission: 'public',
    body: SetupBody,
    responses: [{ status: 201, description: 'The owner, signed in (`Set-Cookie: weft_session`).', schema: User }],
    errors: [conflict('A user already exists; sign in instead.'), throttled],
  }),
  postAuthLogin: defineOperation({
    method: 'post',
    path: '/api/auth/login',
    tag: 'Auth',
    summary: 'Sign in (browser session)',
    permission: 'public',
    body: LoginBody,
    description:
      'Sets the session cookie (`weft_session`, `__Host-weft_session` over https). A wrong email or password is one generic 401.',
    responses: [ok(User, 'Signed in (`Set-Cookie`).')],
    errors: [{ status: 401, description: 'Wrong email or password (the message does not say which).' }, throttled],
  }),
  postAuthLogout: defineOperation({
    method: 'post',
    path: '/api/auth/logout',
    tag: 'Auth',
    summary: 'Sign out (idempotent)',
    permission: 'public',
    responses: [noContent('Signed out; the cookie is cleared.')],
  }),
  getAuthMe: defineOperation({
    method: 'get',
    path: '/api/auth/me',
    tag: 'Auth',
    summary: 'The caller',
    permission: 'signed-in',
    responses: [ok(Me)],
  }),
  postAuthPassword: defineOperation({
    method: 'post',
    path: '/api/auth/password',
    tag: 'Auth',
    summary: 'Change my password',
    description: "The caller's other sessions end. Wrong current passwords are throttled like sign-in.",
    permission: 'signed-in',
    body: ChangePasswordBody,
    responses: [noContent()],
    errors: [throttled],
  }),
  getAuthSessions: defineOperation({
    method: 'get',
    path: '/api/auth/sessions',
    tag: 'Auth',
    summary: 'My sessions',
    permission: 'signed-in',
    responses: [ok(SessionList)],
  }),
  deleteAuthSessionsById: defineOperation({
    method: 'delete',
    path: '/api/auth/sessions/{id}',
    tag: 'Auth',
    summary: 'End one of my sessions',
    permission: 'signed-in',
    params: IdParams,
    responses: [noContent()],
    errors: [{ status: 404, description: 'No such session of yours.' }],
  }),
  getAuthInvite: defineOperation({
    method: 'get',
    path: '/api/auth/invite',
    tag: 'Auth',
    summary: 'What an invite link is for',
    permission: 'public',
    query: InviteQuery,
    description: 'A bad link counts against the client address (like a failed sign-in); a good one does not.',
    responses: [ok(InviteInfo)],
    errors: [inviteGone, throttled],
  }),
  postAuthInvite: defineOperation({
    method: 'post',
    path: '/api/auth/invite',
    tag: 'Auth',
    summary: 'Accept an invite: create the account and sign in',
    permission: 'public',
    body: AcceptInviteBody,
    description: 'The link is checked before the password is hashed; a bad link counts against the client address.',
    responses: [created(User, 'The new user, signed in (`Set-Cookie`).')],
    errors: [inviteGone, conflict('A user with this email already exists.'), throttled],
  }),

  // Users (owners and admins)
  getUsers: defineOperation({
    method: 'get',
    path: '/api/users',
    tag: 'Users',
    summary: 'Every user, oldest first',
    permission: 'admin',
    query: PageQuery,
    responses: [ok(Page(ManagedUser))],
  }),
  postUsers: defineOperation({
    method: 'post',
    path: '/api/users',
    tag: 'Users',
    summary: 'Create a user',
    description: 'Only an owner creates owners and admins.',
    permission: 'admin',
    body: CreateUserBody,
    responses: [created(User)],
    errors: [conflict('The email is taken.')],
  }),
  patchUsersById: defineOperation({
    method: 'patch',
    path: '/api/users/{id}',
    tag: 'Users',
    summary: 'Rename, change the role of, deactivate or reactivate a user',
    description:
      'Only an owner touches owners and admins. Deactivating ends their sessions; their keys and tokens stop at once.',
    permission: 'admin',
    params: IdParams,
    body: UpdateUserBody,
    responses: [ok(ManagedUser)],
    errors: [{ status: 404, description: 'No such user.' }, conflict('This is the last active owner.')],
  }),
  postUsersInvites: defineOperation({
    method: 'post',
    path: '/api/users/invites',
    tag: 'Users',
    summary: 'Invite a user by a one-time link',
    description: 'The link is shown this once; no e-mail is sent.',
    permission: 'admin',
    body: InviteBody,
    responses: [created(CreatedInvite)],
    errors: [conflict('A user with this email already exists.')],
  }),
  getUsersInvites: defineOperation({
    method: 'get',
    path: '/api/users/invites',
    tag: 'Users',
    summary: 'Pending invites, newest first (never the link)',
    description:
      '`usable` is false while the inviter lacks a role that could make the invite (deactivated or demoted).',
    permission: 'admin',
    query: PageQuery,
    responses: [ok(Page(PendingInvite))],
  }),
  deleteUsersInvitesById: defineOperation({
    method: 'delete',
    path: '/api/users/invites/{id}',
    tag: 'Users',
    summary: 'Revoke an invite: its link stops working',
    description: 'Whoever may make an invite for its role may revoke it: an admin, member invites; an owner, any.',
    permission: 'admin',
    params: IdParams,
    responses: [noContent()],
    errors: [
      { status: 403, description: 'An admin revoking an admin or owner invite.' },
      { status: 404, description: 'No such invite, or it was already used.' },
    ],
  }),

  // API keys (the caller's own)
  getApiKeys: defineOperation({
    method: 'get',
    path: '/api/api-keys',
    tag: 'API keys',
    summary: 'My API keys (never the secret)',
    permission: 'signed-in',
    query: PageQuery,
    responses: [ok(Page(ApiKey))],
  }),
  postApiKeys: defineOperation({
    method: 'post',
    path: '/api/api-keys',
    tag: 'API keys',
    summary: 'Create an API key',
    permission: 'signed-in',
    body: CreateApiKeyBody,
    responses: [created(CreatedApiKey, 'The key; `key` is shown this once only.')],
  }),
  deleteApiKeysById: defineOperation({
    method: 'delete',
    path: '/api/api-keys/{id}',
    tag: 'API keys',
    summary: 'Revoke one of my keys',
    permission: 'signed-in',
    params: IdParams,
    responses: [noContent()],
    errors: [{ status: 404, description: 'No such key of yours.' }],
  }),

  getAudit: defineOperation({
    method: 'get',
    path: '/api/audit',
    tag: 'Audit',
    summary: 'The audit log, newest first',
    permission: 'admin',
    query: AuditQuery,
    responses: [ok(Page(AuditEvent))],
  }),
  getNodeTypes: defineOperation({
    method: 'get',
    path: '/api/node-types',
    tag: Workflows,
    summary: 'Every node type with its parameter JSON schema and handles',
    permission: 'signed-in',
    responses: [ok(FullList(NodeTypeInfo))],
  }),

  // Workflows
  getWorkflows: defineOperation({
    method: 'get',
    path: '/api/workflows',
    tag: Workflows,
    summary: 'Workflows the caller may view, newest first',
    permission: 'signed-in',
    query: WorkflowListQuery,
    responses: [ok(Page(WorkflowListItem))],
  }),
  postWorkflows: defineOperation({
    method: 'post',
    path: '/api/workflows',
    tag: Workflows,
    summary: 'Create a workflow (version 1)',
    permission: 'signed-in',
    body: CreateWorkflowBody,
    description: 'An invalid definition is a 400 listing every problem in `details`, each with its node or edge id.',
    responses: [created(SavedWorkflow)],
  }),
  postWorkflowsImport: defineOperation({
    method: 'post',
    path: '/api/workflows/import',
    tag: Workflows,
    summary: 'Import a definition document as a new workflow',
    permission: 'signed-in',
    body: ImportWorkflowBody,
    bodyDoc: DefinitionDocument,
    responses: [created(SavedWorkflow)],
  }),
  getWorkflowsById: defineOperation({
    method: 'get',
    path: '/api/workflows/{id}',
    tag: Workflows,
    summary: 'A workflow with its latest definition',
    permission: { workflow: 'view' },
    params: IdParams,
    responses: [ok(Workflow)],
  }),
  putWorkflowsById: defineOperation({
    method: 'put',
    path: '/api/workflows/{id}',
    tag: Workflows,
    summary: 'Save: a new immutable version n+1',
    permission: { workflow: 'edit' },
    params: IdParams,
    body: SaveWorkflowBody,
    responses: [ok(SavedWorkflow)],
  }),
  deleteWorkflowsById: defineOperation({
    method: 'delete',
    path: '/api/workflows/{id}',
    tag: Workflows,
    summary: 'Delete a workflow, its versions, executions, webhooks and schedules',
    permission: { workflow: 'delete' },
    params: IdParams,
    responses: [noContent()],
  }),
  getWorkflowsByIdVersions: defineOperation({
    method: 'get',
    path: '/api/workflows/{id}/versions',
    tag: Workflows,
    summary: 'Versions, newest first',
    permission: { workflow: 'view' },
    params: IdParams,
    query: PageQuery,
    responses: [ok(Page(WorkflowVersion))],
  }),
  getWorkflowsByIdVersionsByVersion: defineOperation({
    method: 'get',
    path: '/api/workflows/{id}/versions/{version}',
    tag: Workflows,
    summary: 'One version',
    permission: { workflow: 'view' },
    params: VersionParams,
    responses: [ok(WorkflowVersion)],
  }),
  postWorkflowsByIdActivate: defineOperation({
    method: 'post',
    path: '/api/workflows/{id}/activate',
    tag: Workflows,
    summary: 'Set the version webhooks and schedules run',
    permission: { workflow: ['edit', 'execute'] },
    params: IdParams,
    body: ActivateBody,
    responses: [ok(WorkflowSummary)],
    errors: [queueDown],
  }),
  postWorkflowsByIdDeactivate: defineOperation({
    method: 'post',
    path: '/api/workflows/{id}/deactivate',
    tag: Workflows,
    summary: 'Stop webhooks and schedules from running it',
    permission: { workflow: 'edit' },
    params: IdParams,
    responses: [ok(WorkflowSummary)],
    errors: [queueDown],
  }),
  postWorkflowsByIdRun: defineOperation({
    method: 'post',
    path: '/api/workflows/{id}/run',
    tag: Executions,
    summary: 'Run now (manual trigger)',
    permission: { workflow: 'execute' },
    params: IdParams,
    body: RunBody,
    responses: [
      { status: 202, description: 'Queued; follow it at `/api/executions/{executionId}`.', schema: RunStarted },
    ],
    errors: [queueDown],
  }),
  getWorkflowsByIdExport: defineOperation({
    method: 'get',
    path: '/api/workflows/{id}/export',
    tag: Workflows,
    summary: 'The definition document, as a download',
    permission: { workflow: 'view' },
    params: IdParams,
    query: ExportQuery,
    responses: [
      { status: 200, description: 'The document (`Content-Disposition: attachment`).', schema: DefinitionDocument },
    ],
  }),
  getWorkflowsByIdPermissions: defineOperation({
    method: 'get',
    path: '/api/workflows/{id}/permissions',
    tag: 'Permissions',
    summary: 'Who has access: the creator and every grant',
    permission: { workflow: 'view' },
    params: IdParams,
    responses: [ok(GrantList)],
  }),
  putWorkflowsByIdPermissions: defineOperation({
    method: 'put',
    path: '/api/workflows/{id}/permissions',
    tag: 'Permissions',
    summary: "Replace the workflow's grants",
    permission: { workflow: 'edit' },
    params: IdParams,
    body: PutGrantsBody,
    description: "A member can neither give nor take away a permission they don't hold (403 naming each flag).",
    responses: [ok(GrantList)],
  }),
  getWorkflowsByIdWebhooks: defineOperation({
    method: 'get',
    path: '/api/workflows/{id}/webhooks',
    tag: 'Webhooks',
    summary: "The workflow's webhooks (never their secrets)",
    description:
      '`token` and `url` are null unless the caller may execute the workflow (and, for a key or token, holds the ' +
      '`execute` scope): they start runs.',
    permission: { workflow: 'view' },
    params: IdParams,
    responses: [ok(FullList(Webhook))],
  }),
  postWorkflowsByIdWebhooks: defineOperation({
    method: 'post',
    path: '/api/workflows/{id}/webhooks',
    tag: 'Webhooks',
    summary: 'Create a webhook',
    permission: { workflow: ['edit', 'execute'] },
    params: IdParams,
    body: CreateWebhookBody,
    responses: [created(WebhookWithSecret, 'The webhook; `secret` (when Weft generated it) is shown this once only.')],
  }),
  patchWebhooksById: defineOperation({
    method: 'patch',
    path: '/api/webhooks/{id}',
    tag: 'Webhooks',
    summary: "Change a webhook's settings or rotate its secret",
    description:
      'Changing the secret (`rotateSecret`, `secret`) or enabling a disabled webhook also needs `execute` on the ' +
      'workflow and, for a key or token, the `execute` scope: 403 naming the field.',
    permission: { webhook: 'edit' },
    params: IdParams,
    body: UpdateWebhookBody,
    responses: [
      ok(
        WebhookWithSecret,
        'The webhook; with `secret` when Weft generated a new one (the old one verifies for 24 h).',
      ),
    ],
  }),
  deleteWebhooksById: defineOperation({
    method: 'delete',
    path: '/api/webhooks/{id}',
    tag: 'Webhooks',
    summary: 'Delete a webhook',
    permission: { webhook: 'edit' },
    params: IdParams,
    responses: [noContent()],
  }),
  getWorkflowsByIdSchedules: defineOperation({
    method: 'get',
    path: '/api/workflows/{id}/schedules',
    tag: 'Schedules',
    summary: "The workflow's schedules, each with its next five fire times",
    permission: { workflow: 'view' },
    params: IdParams,
    responses: [ok(FullList(Schedule))],
  }),
  postWorkflowsByIdSchedules: defineOperation({
    method: 'post',
    path: '/api/workflows/{id}/schedules',
    tag: 'Schedules',
    summary: 'Create a schedule',
    permission: { workflow: ['edit', 'execute'] },
    params: IdParams,
    body: CreateScheduleBody,
    responses: [created(Schedule)],
    errors: [queueDown],
  }),
  getSchedulesById: defineOperation({
    method: 'get',
    path: '/api/schedules/{id}',
    tag: 'Schedules',
    summary: 'A schedule',
    permission: { schedule: 'view' },
    params: IdParams,
    responses: [ok(Schedule)],
  }),
  patchSchedulesById: defineOperation({
    method: 'patch',
    path: '/api/schedules/{id}',
    tag: 'Schedules',
    summary: 'Change any subset of the settings',
    description:
      'Re-enabling does not catch up the time it was off. Enabling a disabled schedule also needs `execute` on ' +
      'the workflow and, for a key or token, the `execute` scope: 403 naming `body.enabled`.',
    permission: { schedule: 'edit' },
    params: IdParams,
    body: UpdateScheduleBody,
    responses: [ok(Schedule)],
    errors: [queueDown],
  }),
  deleteSchedulesById: defineOperation({
    method: 'delete',
    path: '/api/schedules/{id}',
    tag: 'Schedules',
    summary: 'Delete a schedule',
    permission: { schedule: 'edit' },
    params: IdParams,
    responses: [noContent()],
    errors: [queueDown],
  }),
  getSchedulesByIdFires: defineOperation({
    method: 'get',
    path: '/api/schedules/{id}/fires',
    tag: 'Schedules',
    summary: 'What each due time became, newest first',
    permission: { schedule: 'view' },
    params: IdParams,
    query: PageQuery,
    responses: [ok(Page(ScheduleFire))],
  }),

  // Executions
  getExecutions: defineOperation({
    method: 'get',
    path: '/api/executions',
    tag: Executions,
    summary: 'Executions the caller may view, newest first',
    permission: 'signed-in',
    query: ExecutionListQuery,
    description: 'Summaries: no trigger data, output or steps (read one execution for those).',
    responses: [ok(Page(ExecutionSummary))],
  }),
  getExecutionsById: defineOperation({
    method: 'get',
    path: '/api/executions/{id}',
    tag: Executions,
    summary: 'An execution with a page of its steps, in the order they started',
    permission: { execution: 'view' },
    params: IdParams,
    query: StepPageQuery,
    responses: [ok(ExecutionDetail)],
  }),
  getExecutionsByIdEvents: defineOperation({
    method: 'get',
    path: '/api/executions/{id}/events',
    tag: Executions,
    summary: 'Live changes (Server-Sent Events)',
    permission: { execution: 'view' },
    params: IdParams,
    query: EventStreamQuery,
    description:
      'Events, each for one numbered change of the execution: `snapshot` (ExecutionDetail with the first 100 ' +
      'steps; page the rest with `GET /api/executions/{id}?cursor=`), then for each change its new `step`s (Step) and ' +
      'one `execution` (ExecutionChangeEvent: the summary and the nodes running now, `id:` = its `seq`), then `end` ' +
      '(ExecutionEndEvent) once it is final. With `Last-Event-ID` (or `?lastEventId=`) only the changes after it are ' +
      'sent, no snapshot. At most `MAX_EVENT_STREAMS_PER_USER` streams per user are open at once.',
    responses: [
      { status: 200, description: 'An event stream.', contentType: 'text/event-stream' },
      {
        status: 204,
        description: 'Resuming a final execution with nothing left to send (EventSource stops reconnecting).',
      },
    ],
    errors: [
      {
        status: 429,
        description:
          'The caller already has `MAX_EVENT_STREAMS_PER_USER` streams open; `Retry-After` says when one lapses at the latest.',
      },
    ],
  }),

  // Webhook deliveries
  getHooksByToken: hookDelivery('get'),
  postHooksByToken: hookDelivery('post'),
  putHooksByToken: hookDelivery('put'),
  patchHooksByToken: hookDelivery('patch'),
  deleteHooksByToken: hookDelivery('delete'),

  // Operations
  getHealthLive: defineOperation({
    method: 'get',
    path: '/api/health/live',
    tag: 'Operations',
    summary: 'Liveness: the process is serving',
    permission: 'public',
    responses: [ok(Liveness)],
  }),
  getHealthReady: defineOperation({
    method: 'get',
    path: '/api/health/ready',
    tag: 'Operations',
    summary: 'Readiness: Postgres, Redis and migrations',
    permission: 'public',
    responses: [ok(Readiness)],
    errors: [{ status: 503, description: 'Not ready; `details` names each failed check.' }],
  }),
  getMetrics: defineOperation({
    method: 'get',
    path: '/api/metrics',
    tag: 'Operations',
    summary: 'Prometheus metrics (text exposition format)',
    permission: 'public',
    security: 'metrics',
    description:
      'Not a user route: send `Authorization: Bearer <METRICS_TOKEN>`, or scrape from an address in ' +
      'METRICS_ALLOW_CIDRS (docs/operations.md "Metrics").',
    responses: [
      { status: 200, description: 'Every SPEC §8 metric and the Node process metrics.', contentType: 'text/plain' },
    ],
    errors: [
      { status: 401, description: 'METRICS_TOKEN is set and the bearer is missing or wrong.' },
      { status: 403, description: 'The address is not in METRICS_ALLOW_CIDRS.' },
    ],
  }),
  getWorkers: defineOperation({
    method: 'get',
    path: '/api/workers',
    tag: 'Operations',
    summary: 'The worker fleet',
    permission: 'admin',
    responses: [ok(WorkerList)],
    errors: [queueDown],
  }),
  getQueue: defineOperation({
    method: 'get',
    path: '/api/queue',
    tag: 'Operations',
    summary: 'Job counts per state of each queue',
    permission: 'admin',
    responses: [ok(QueueList)],
    errors: [queueDown],
  }),
  postQueuePurge: defineOperation({
    method: 'post',
    path: '/api/queue/purge',
    tag: 'Operations',
    summary: 'Purge the waiting wake-ups and cancel their executions',
    permission: 'admin',
    body: PurgeQueueBody,
    description: 'A job a worker took first is not purged and runs. Audited as `queue.purge`.',
    responses: [ok(PurgeResult)],
    errors: [queueDown],
  }),
  getOpenapiJson: defineOperation({
    method: 'get',
    path: '/api/openapi.json',
    tag: 'Operations',
    summary: 'This document (OpenAPI 3.1)',
    permission: 'public',
    responses: [ok(z.looseObject({ openapi: z.string() }), 'The OpenAPI document.')],
  }),
} satisfies Record<string, Operation>;

export type Operations = typeof OPERATIONS;
export type OperationId = keyof Operations;

type In<K extends OperationId, F extends string> = F extends keyof Operations[K]
  ? Operations[K][F] extends infer S extends z.ZodType
    ? z.input<S>
    : never
  : undefined;

/** What a caller passes: `params` and `body` when the operation has them, `query` always optional. */
export type InputOf<K extends OperationId> = ('params' extends keyof Operations[K]
  ? { params: In<K, 'params'> }
  : { params?: undefined }) &
  ('query' extends keyof Operations[K] ? { query?: In<K, 'query'> } : { query?: undefined }) &
  ('body' extends keyof Operations[K] ? { body: In<K, 'body'> } : { body?: undefined });

type SuccessOf<K extends OperationId> = Operations[K]['responses'][number];

/** What a successful JSON answer parses to: each success response's schema output, `undefined` for a 204. */
export type OutputOf<K extends OperationId> =
  SuccessOf<K> extends infer R
    ? R extends { schema: infer S extends z.ZodType }
      ? z.output<S>
      : R extends { status: 204 }
        ? undefined
        : never
    : never;

/** Operations whose every success is JSON with a schema, or a 204: the ones `client.call` parses. */
export type JsonOperationId = {
  [K in OperationId]: Exclude<SuccessOf<K>, { schema: z.ZodType } | { status: 204 }> extends never ? K : never;
}[OperationId];
