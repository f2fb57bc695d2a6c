'use client';

import type { ExpressionScope } from '@weft/engine';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { api } from '@/lib/api-client';
import type { Step } from '@weft/contracts';
import { fetchExecution } from './api';
import { runScopeFor, type RunEdge } from './run-scope';

export interface RunData {
  stepsByNode: Map<string, Step>;
  /** Expression scope for a node, from its latest step (its iteration, inside a loop) and the outputs it could see. */
  scopeFor(nodeId: string): ExpressionScope;
}

/** The last execution's data for expression previews: the live run's, else the latest stored run. */
export function useRunData(workflowId: string, liveSteps: Step[], edges: readonly RunEdge[]): RunData | null {
  const latest = useQuery({
    queryKey: ['executions', { workflowId, limit: 1, withSteps: true }],
    queryFn: async ({ signal }) => {
      const list = await api.call('getExecutions', { query: { workflowId, limit: 1 }, signal });
      const first = list.items[0];
      return first ? fetchExecution(first.id, signal) : null;
    },
    enabled: liveSteps.length === 0,
    staleTime: 30_000,
  });
  // Back from a live run: the stored "latest run" was read before it started. Read it again,
  // or the previews would show the run before (or nothing) instead of the one just watched.
  const hadLive = useRef(false);
  const { refetch } = latest;
  useEffect(() => {
    if (liveSteps.length > 0) hadLive.current = true;
    else if (hadLive.current) {
      hadLive.current = false;
      void refetch();
    }
  }, [liveSteps.length, refetch]);
  const steps = liveSteps.length > 0 ? liveSteps : (latest.data?.steps ?? []);

  return useMemo(() => {
    if (steps.length === 0) return null;
    const stepsByNode = new Map<string, Step>();
    for (const s of steps) stepsByNode.set(s.nodeId, s);
    return { stepsByNode, scopeFor: (nodeId) => runScopeFor(nodeId, steps, edges) };
  }, [steps, edges]);
}
