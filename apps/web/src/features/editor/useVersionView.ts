'use client';

import { type NodeChange, useReactFlow } from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import { definitionToFlow } from '../graph/codec';
import type { WeftNode } from '../graph/types';
import type { VersionView } from './api';
import type { EditorStore } from './useEditorStore';

/** Opening an old version read-only, and restoring it as unsaved changes. */
export function useVersionView({ types, flow, session, dispatch }: EditorStore) {
  const { fitView } = useReactFlow<WeftNode>();
  const open = useCallback(
    (v: VersionView) => {
      const nodes = definitionToFlow(v.definition, types).nodes;
      dispatch({ type: 'versionOpened', viewing: { version: v.version, definition: v.definition }, nodes });
      requestAnimationFrame(() => void fitView({ padding: 0.2 }));
    },
    [types, fitView, dispatch],
  );
  const { viewing } = session;
  const { load } = flow;
  const restore = useCallback(() => {
    if (!viewing) return;
    load(viewing.definition, true);
    dispatch({ type: 'versionRestored' });
  }, [viewing, load, dispatch]);
  const edges = useMemo(() => (viewing ? definitionToFlow(viewing.definition, types).edges : []), [viewing, types]);
  const onNodesChange = useCallback(
    (changes: NodeChange<WeftNode>[]) => dispatch({ type: 'viewNodesChanged', changes }),
    [dispatch],
  );
  return { open, restore, edges, onNodesChange };
}

export type VersionViewActions = ReturnType<typeof useVersionView>;
