-- Webhook counters are computed from executions when read (one hot row per webhook was
-- updated by every delivery); these columns have not been written since core v2.
ALTER TABLE "webhooks" DROP COLUMN "lastTriggeredAt",
DROP COLUMN "triggerCount",
DROP COLUMN "lastExecutionId";
