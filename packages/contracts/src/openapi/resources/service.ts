import { z } from 'zod';
import { PurgeQueueBody, PurgeResult, QueueList, WorkerList } from '../../fleet';
import { Liveness, Readiness } from '../../health';
import { defineOperation, ok, queueDown, type Operation } from '../operation';

/** Health, metrics, the worker fleet, the queue and this document. */
export const SERVICE_OPERATIONS = {
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
