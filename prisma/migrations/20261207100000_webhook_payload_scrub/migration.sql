-- SPEC §2 (issue 19): a webhook's trigger payload is { method, webhookId, headers, query, body }.
-- Rows written before held `path` = /api/hooks/<token> (so anyone who could read a run learned
-- the token the webhooks list hides) and the credential and signature headers. Rewrite them:
-- the execution's trigger data and output, and every step whose input or output IS that payload
-- (the trigger's output, the first node's input). Values a workflow derived from it (a transform
-- of $trigger.path) are not rewritten: docs/security.md says to rotate such a webhook's token by
-- recreating the webhook. Running this again changes nothing (only rows with `path` match).
WITH old AS (
  SELECT "id", "triggerData" AS before,
    ("triggerData" - 'path')
      || jsonb_build_object('webhookId', "webhookId")
      || CASE WHEN jsonb_typeof("triggerData"->'headers') = 'object'
           THEN jsonb_build_object('headers', ("triggerData"->'headers') - ARRAY[
             'authorization', 'proxy-authorization', 'cookie', 'x-weft-peer-ip',
             'x-weft-signature', 'x-hub-signature-256', 'x-hub-signature', 'stripe-signature',
             'x-slack-signature', 'x-shopify-hmac-sha256', 'webhook-signature']::text[])
           ELSE '{}'::jsonb END AS after
  FROM "executions"
  WHERE "trigger" = 'webhook' AND jsonb_typeof("triggerData") = 'object' AND "triggerData" ? 'path'
), steps AS (
  UPDATE "execution_steps" s SET
    "input" = CASE WHEN s."input" = old.before THEN old.after ELSE s."input" END,
    "output" = CASE WHEN s."output" = old.before THEN old.after ELSE s."output" END
  FROM old
  WHERE s."executionId" = old."id" AND (s."input" = old.before OR s."output" = old.before)
)
UPDATE "executions" e SET
  "triggerData" = old.after,
  "output" = CASE WHEN e."output" = old.before THEN old.after ELSE e."output" END
FROM old
WHERE e."id" = old."id";
