-- Live views read what changed since a sequence number (docs/architecture.md "Watch").

-- Existing executions and steps start at 0: a stream first sends a snapshot, then only
-- changes written after this migration (seq >= 1), so nothing needs a backfill.
-- AlterTable
ALTER TABLE "executions" ADD COLUMN     "running" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "seq" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "execution_steps" ADD COLUMN     "seq" INTEGER NOT NULL DEFAULT 0;

-- IF NOT EXISTS: on a large table, build it by hand with CREATE INDEX CONCURRENTLY (same
-- name) before upgrading, and this migration doesn't block checkpoints while building it.
-- CreateIndex
CREATE INDEX IF NOT EXISTS "execution_steps_executionId_seq_id_idx" ON "execution_steps"("executionId", "seq", "id");
