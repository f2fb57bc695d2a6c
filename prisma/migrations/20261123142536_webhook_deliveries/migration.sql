-- AlterTable
ALTER TABLE "executions" ADD COLUMN     "webhookId" UUID;

-- CreateTable
CREATE TABLE "webhook_idempotency_keys" (
    "webhookId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "executionId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_idempotency_keys_pkey" PRIMARY KEY ("webhookId","key")
);

-- CreateIndex
CREATE INDEX "webhook_idempotency_keys_createdAt_idx" ON "webhook_idempotency_keys"("createdAt");

-- CreateIndex
CREATE INDEX "executions_webhookId_id_idx" ON "executions"("webhookId", "id" DESC);

-- AddForeignKey
ALTER TABLE "webhook_idempotency_keys" ADD CONSTRAINT "webhook_idempotency_keys_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "executions" ADD CONSTRAINT "executions_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "webhooks"("id") ON DELETE SET NULL ON UPDATE CASCADE;
