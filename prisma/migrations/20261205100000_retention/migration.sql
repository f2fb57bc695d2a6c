-- Retention (docs/operations.md "Retention").

-- A parent execution pruned (or deleted with its workflow) leaves its children without a
-- dangling reference: the new foreign key sets it NULL. Clear any that already dangle first.
UPDATE "executions" c SET "parentExecutionId" = NULL
WHERE c."parentExecutionId" IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "executions" p WHERE p."id" = c."parentExecutionId");

-- IF NOT EXISTS: on a large table, build both indexes by hand with CREATE INDEX CONCURRENTLY
-- (same names) before upgrading, and this migration doesn't block inserts while building them.
-- CreateIndex
CREATE INDEX IF NOT EXISTS "executions_finishedAt_id_idx" ON "executions"("finishedAt", "id");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "schedule_fires_firedAt_idx" ON "schedule_fires"("firedAt");

-- AddForeignKey
ALTER TABLE "executions" ADD CONSTRAINT "executions_parentExecutionId_fkey" FOREIGN KEY ("parentExecutionId") REFERENCES "executions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

