import { FullList, IdParams, Page, PageQuery } from '../../common';
import { CreateScheduleBody, Schedule, ScheduleFire, UpdateScheduleBody } from '../../schedules';
import { CreateWebhookBody, UpdateWebhookBody, Webhook, WebhookWithSecret } from '../../webhooks';
import { defineOperation, ok, created, noContent, queueDown, type Operation } from '../operation';

/** A workflow's webhooks and schedules. */
export const TRIGGER_OPERATIONS = {
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
} satisfies Record<string, Operation>;
