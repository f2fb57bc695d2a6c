'use client';

import type { WorkflowDefinition } from '@weft/engine';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiClientError } from '@weft/contracts/client';
import { api } from '@/lib/api-client';
import { editorKeys, type WorkflowDetail } from './api';
import { toListed, type ListedProblem } from './ProblemsPanel';

interface Handlers {
  onSaved(def: WorkflowDefinition, version: number): void;
  onServerProblems(problems: ListedProblem[]): void;
  onRunStarted(executionId: string): void;
}

/** Save (PUT → new version), run, activate and deactivate, refreshing the cached workflow. */
export function useEditorMutations(workflowId: string, h: Handlers) {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: editorKeys.workflow(workflowId) });
    void qc.invalidateQueries({ queryKey: editorKeys.versions(workflowId) });
    void qc.invalidateQueries({ queryKey: ['workflows'] });
  };

  const save = useMutation({
    mutationFn: (v: { definition: WorkflowDefinition; message: string }) =>
      api.call('putWorkflowsById', {
        params: { id: workflowId },
        body: { definition: v.definition, ...(v.message ? { message: v.message } : {}) },
      }) as Promise<WorkflowDetail>,
    onSuccess: (wf, v) => {
      qc.setQueryData(editorKeys.workflow(workflowId), (old: WorkflowDetail | undefined) =>
        old ? { ...old, ...wf } : wf,
      );
      h.onServerProblems([]);
      h.onSaved(v.definition, wf.latestVersion);
      refresh();
    },
    onError: (err) => {
      if (err instanceof ApiClientError && err.details.length) {
        h.onServerProblems(err.details.map((d) => toListed(d as { message?: string; nodeId?: string }, 'server')));
      }
    },
  });

  const run = useMutation({
    mutationFn: (input: unknown) => api.call('postWorkflowsByIdRun', { params: { id: workflowId }, body: { input } }),
    onSuccess: (r) => h.onRunStarted(r.executionId),
  });

  const activation = useMutation({
    mutationFn: (v: { active: boolean; version?: number }) =>
      v.active
        ? api.call('postWorkflowsByIdActivate', {
            params: { id: workflowId },
            body: v.version ? { version: v.version } : {},
          })
        : api.call('postWorkflowsByIdDeactivate', { params: { id: workflowId } }),
    onSettled: refresh,
  });

  return { save, run, activation };
}
