-- CreateEnum
CREATE TYPE "ScheduleFireOutcome" AS ENUM ('started', 'skipped', 'pending');

-- DropIndex
DROP INDEX "schedules_enabled_nextRunAt_idx";

-- AlterTable
ALTER TABLE "executions" ADD COLUMN     "scheduleId" UUID;

-- AlterTable
ALTER TABLE "schedules" DROP COLUMN "nextRunAt",
ADD COLUMN     "catchUpWindowSec" INTEGER NOT NULL DEFAULT 3600,
ADD COLUMN     "input" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "lastDueAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "skipCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "schedule_fires" (
    "id" UUID NOT NULL,
    "scheduleId" UUID NOT NULL,
    "scheduledAt" TIMESTAMPTZ(3) NOT NULL,
    "firedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" "ScheduleFireOutcome" NOT NULL,
    "reason" TEXT,
    "executionId" UUID,

    CONSTRAINT "schedule_fires_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "schedule_fires_executionId_idx" ON "schedule_fires"("executionId");

-- CreateIndex
CREATE UNIQUE INDEX "schedule_fires_scheduleId_scheduledAt_key" ON "schedule_fires"("scheduleId", "scheduledAt");

-- CreateIndex
CREATE INDEX "executions_scheduleId_status_idx" ON "executions"("scheduleId", "status");

-- AddForeignKey
ALTER TABLE "schedule_fires" ADD CONSTRAINT "schedule_fires_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule_fires" ADD CONSTRAINT "schedule_fires_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "executions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "executions" ADD CONSTRAINT "executions_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "schedules"("id") ON DELETE SET NULL ON UPDATE CASCADE;

