-- AlterTable
ALTER TABLE "executions" ADD COLUMN     "fence" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "leaseOwner" TEXT,
ADD COLUMN     "leaseUntil" TIMESTAMPTZ(3),
ADD COLUMN     "wakeAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "executions_status_leaseUntil_idx" ON "executions"("status", "leaseUntil");
