'use client';

import { useMemo, useRef } from 'react';
import type { StepStatus } from '../graph/types';
import { type DecorationCache, decorateNodes } from './decorate';
import { type ListedProblem, toListed } from './ProblemsPanel';
import type { EditorStore } from './useEditorStore';
import { useProblemsByNode } from './useValidation';

const NO_PROBLEMS = new Map<string, string[]>();
const NO_STATUS = new Map<string, StepStatus>();

/** The nodes the canvas draws: problems while editing, run status while watching a run. */
export function useCanvasNodes({ flow, session, errors, warnings, live }: EditorStore) {
  const decoCache = useRef<DecorationCache>(new WeakMap());
  const problemsByNode = useProblemsByNode(errors, warnings);
  const watching = session.executionId !== null;
  return useMemo(
    () =>
      decorateNodes(
        flow.nodes,
        watching ? NO_PROBLEMS : problemsByNode,
        watching ? live.status : NO_STATUS,
        decoCache.current,
      ),
    [flow.nodes, problemsByNode, live.status, watching],
  );
}

/** The selection (of the viewed version while one is open) and what the inspector shows of it. */
export function useSelection({ flow, session, types }: EditorStore) {
  const { viewing, viewNodes } = session;
  const selectedNodes = useMemo(
    () => (viewing ? viewNodes : flow.nodes).filter((n) => n.selected),
    [viewing, viewNodes, flow.nodes],
  );
  const selected = selectedNodes.length === 1 ? selectedNodes[0]! : null;
  // What the inspector shows doesn't change while the node moves: keep the same object then.
  const selectedId = selected?.id;
  const selectedData = selected?.data;
  const inspected = useMemo(
    () => (selectedId && selectedData ? { id: selectedId, data: selectedData } : null),
    [selectedId, selectedData],
  );
  const typeInfo = useMemo(() => new Map(types.map((t) => [t.type, t])), [types]);
  return { count: selectedNodes.length, inspected, info: selectedData ? typeInfo.get(selectedData.type) : undefined };
}

/** The Problems list: the editor's errors, the server's refusal of the last save, the warnings. */
export function useProblemList({ errors, warnings, session }: EditorStore): ListedProblem[] {
  const { serverProblems } = session;
  return useMemo(
    () => [
      ...errors.map((p) => toListed(p, 'editor')),
      ...serverProblems,
      ...warnings.map((p) => toListed(p, 'editor')),
    ],
    [errors, warnings, serverProblems],
  );
}
