'use client';

import type { NodeTypeInfo } from '@weft/engine';
import { type Dispatch, useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { definitionToFlow, type FlowMeta, flowToDefinition } from '../graph/codec';
import type { WorkflowDetail } from './api';
import { editorSession, initialSession, isReadOnly, type SessionAction } from './editor-session';
import { useFlowState } from './useFlowState';
import { useLiveRun } from './useLiveRun';
import { useUnsavedGuard } from './useUnsavedGuard';
import { useValidation } from './useValidation';

const TOAST_MS = 4_000;

/**
 * The editor's state in one place: the graph with its undo history and selection
 * (useFlowState), the session (editor-session.ts: name, saved version, dialogs, viewed
 * version, watched run), validation and dirty tracking, and the live run's data. Panels get
 * the pieces they show from it; nothing here is global.
 */
export function useEditorStore(workflow: WorkflowDetail, types: NodeTypeInfo[]) {
  const flow = useFlowState(types);
  const initial = workflow.definition;
  const [session, dispatch] = useReducer(editorSession, initial.name, initialSession);
  // Description, settings and variables have no editor yet: saved as they were loaded.
  const [meta] = useState(() => ({
    description: initial.description,
    settings: initial.settings,
    variables: initial.variables,
  }));
  useLoad(workflow, types, flow.load, dispatch, meta);

  const fullMeta = useMemo(() => ({ ...meta, name: session.name }), [meta, session.name]);
  const validation = useValidation(fullMeta, flow.nodes, flow.edges);
  const errors = useMemo(() => validation?.errors ?? [], [validation]);
  const warnings = useMemo(() => validation?.warnings ?? [], [validation]);
  const dirty = validation !== null && session.savedJson !== null && validation.json !== session.savedJson;
  useUnsavedGuard(dirty);
  useToastTimeout(session.toast, dispatch);
  const live = useLiveRun(workflow.id, session.executionId, flow.edges);

  const showToast = useCallback((message: string) => dispatch({ type: 'toast', message }), []);
  const currentDefinition = useCallback(
    () => flowToDefinition(fullMeta, flow.nodes, flow.edges),
    [fullMeta, flow.nodes, flow.edges],
  );
  const readOnly = isReadOnly(session);
  return {
    workflow,
    types,
    flow,
    session,
    dispatch,
    errors,
    warnings,
    dirty,
    readOnly,
    live,
    showToast,
    currentDefinition,
  };
}

export type EditorStore = ReturnType<typeof useEditorStore>;

/** Loads once per workflow; later refetches (after save/activate) must not clobber edits. */
function useLoad(
  workflow: WorkflowDetail,
  types: NodeTypeInfo[],
  load: (def: WorkflowDetail['definition'], asChange: boolean) => void,
  dispatch: Dispatch<SessionAction>,
  meta: Omit<FlowMeta, 'name'>,
): void {
  useEffect(() => {
    const initial = workflow.definition;
    load(initial, false);
    const f = definitionToFlow(initial, types);
    dispatch({
      type: 'loaded',
      savedJson: JSON.stringify(flowToDefinition({ ...meta, name: initial.name }, f.nodes, f.edges)),
    });
  }, [workflow.id]);
}

function useToastTimeout(toast: string | null, dispatch: Dispatch<SessionAction>): void {
  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => dispatch({ type: 'toast', message: null }), TOAST_MS);
    return () => clearTimeout(t);
  }, [toast, dispatch]);
}
