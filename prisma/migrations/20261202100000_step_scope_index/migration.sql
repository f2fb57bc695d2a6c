-- GET /api/executions/:id?scope= pages one scope's steps in start order; without this the
-- query walks every step of the execution (tens of thousands in a long loop) to find them.
-- CreateIndex
CREATE INDEX "execution_steps_executionId_scope_startedAt_id_idx" ON "execution_steps"("executionId", "scope", "startedAt", "id");
