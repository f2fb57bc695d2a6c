-- AlterTable
ALTER TABLE "schedule_fires" ADD COLUMN     "missedRuns" INTEGER NOT NULL DEFAULT 0;

