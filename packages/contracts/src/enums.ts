import { z } from 'zod';

/**
 * Every enum the API speaks, defined once (SPEC §1, §5, §7). Route handlers parse with these,
 * the web client types and lists its options from them (`ExecutionStatus.options`), and the
 * OpenAPI document names them as components. The engine and the database keep their own
 * copies of the domain types; the web app checks at compile time that they agree
 * (apps/web/src/server/contract-checks.ts).
 */

export const ExecutionStatus = z
  .enum(['queued', 'running', 'succeeded', 'failed', 'canceled', 'timed_out'], {
    message: 'must be one of queued, running, succeeded, failed, canceled, timed_out',
  })
  .meta({ id: 'ExecutionStatus', description: 'queued and running still change; the rest are final.' });
export type ExecutionStatus = z.infer<typeof ExecutionStatus>;
export const EXECUTION_STATUSES = ExecutionStatus.options;

/** Queued and running executions still change; everything else is final. */
export function isLive(status: ExecutionStatus): boolean {
  return status === 'queued' || status === 'running';
}

export const ExecutionTrigger = z
  .enum(['manual', 'webhook', 'schedule', 'subworkflow', 'retry'], {
    message: 'must be one of manual, webhook, schedule, subworkflow, retry',
  })
  .meta({ id: 'ExecutionTrigger', description: 'What started the execution.' });
export type ExecutionTrigger = z.infer<typeof ExecutionTrigger>;

export const StepStatus = z
  .enum(['running', 'succeeded', 'failed', 'skipped'], {
    message: 'must be one of running, succeeded, failed, skipped',
  })
  .meta({ id: 'StepStatus' });
export type StepStatus = z.infer<typeof StepStatus>;

export const Role = z
  .enum(['owner', 'admin', 'member'], { message: 'must be one of owner, admin, member' })
  .meta({ id: 'Role' });
export type Role = z.infer<typeof Role>;
export const ROLES = Role.options;

/** What an API key (or a JWT's `scope` claim) may do: `read` (GET), `write` (other changes), `execute` (start runs). */
export const ApiKeyScope = z
  .enum(['read', 'write', 'execute'], { message: 'must be one of read, write, execute' })
  .meta({ id: 'ApiKeyScope' });
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;
export const API_KEY_SCOPES = ApiKeyScope.options;

/** How a request authenticated. */
export const AuthVia = z.enum(['session', 'api_key', 'jwt']).meta({ id: 'AuthVia' });
export type AuthVia = z.infer<typeof AuthVia>;

/** How a webhook's sender signs requests (SPEC §5 `signatureScheme`, docs/webhooks.md). */
export const SignatureScheme = z
  .enum(['weft', 'github', 'stripe', 'slack', 'shopify', 'standard'], {
    message: 'must be one of weft, github, stripe, slack, shopify, standard',
  })
  .meta({ id: 'SignatureScheme' });
export type SignatureScheme = z.infer<typeof SignatureScheme>;
export const SIGNATURE_SCHEMES = SignatureScheme.options;

export const ResponseMode = z.enum(['async', 'sync'], { message: 'must be async or sync' }).meta({
  id: 'WebhookResponseMode',
  description: 'async: 202 {executionId} at once; sync: wait for the run and answer with its reply.',
});
export type ResponseMode = z.infer<typeof ResponseMode>;

/** What a schedule does when a fire is due while earlier runs are still going (docs/schedules.md). */
export const OverlapPolicy = z
  .enum(['skip', 'allow', 'queue'], { message: 'must be skip, allow or queue' })
  .meta({ id: 'OverlapPolicy' });
export type OverlapPolicy = z.infer<typeof OverlapPolicy>;

export const FireOutcome = z.enum(['started', 'skipped', 'pending']).meta({ id: 'FireOutcome' });
export type FireOutcome = z.infer<typeof FireOutcome>;

export const AuditResult = z
  .enum(['success', 'failure'], { message: 'must be success or failure' })
  .meta({ id: 'AuditResult' });
export type AuditResult = z.infer<typeof AuditResult>;
