'use client';

import { useMemo } from 'react';
import { statusByNode } from '@/features/executions/steps';
import type { RunningNode, Step } from '@/features/executions/types';
import { useLiveExecution } from '@/features/executions/useLiveExecution';
import type { WeftEdge } from '../graph/types';
import { useRunData } from './useRunScope';

const NO_STEPS: Step[] = [];
const NO_RUNNING: RunningNode[] = [];

/** The run watched from the editor (if any): its summary, each node's status, and the data previews read. */
export function useLiveRun(workflowId: string, executionId: string | null, edges: WeftEdge[]) {
  const execution = useLiveExecution(executionId).data;
  const steps = execution?.steps ?? NO_STEPS;
  const running = execution?.running ?? NO_RUNNING;
  const status = useMemo(() => statusByNode(steps, running), [steps, running]);
  const runData = useRunData(workflowId, steps, edges);
  return { execution, status, runData };
}

export type LiveRun = ReturnType<typeof useLiveRun>;
