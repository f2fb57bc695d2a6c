'use client';

import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { isUnauthenticated } from '@weft/contracts/client';
import { editorKeys, fetchNodeTypes, fetchWorkflow } from './api';
import { EditorWorkspace } from './EditorWorkspace';
import { EDITOR_MIN_WIDTH_PX, useWideScreen } from './useWideScreen';
import './editor.css';
import './editor-panels.css';
import './editor-overlays.css';

/** /workflows/[id]: loads the workflow and the node types, then hands both to the editor. */
export function EditorPage({ id }: { id: string }) {
  const router = useRouter();
  const wide = useWideScreen();
  const workflow = useQuery({
    queryKey: editorKeys.workflow(id),
    queryFn: ({ signal }) => fetchWorkflow(id, signal),
    staleTime: Infinity,
  });
  const types = useQuery({
    queryKey: editorKeys.nodeTypes,
    queryFn: ({ signal }) => fetchNodeTypes(signal),
    staleTime: Infinity,
  });

  useEffect(() => {
    if (isUnauthenticated(workflow.error) || isUnauthenticated(types.error)) router.replace('/login');
  }, [workflow.error, types.error, router]);

  if (!wide) return <NeedsWiderScreen />;
  const error = workflow.error ?? types.error;
  if (error) {
    return (
      <div className="editor editor-status" role="alert">
        <p className="panel-title">Couldn’t open this workflow</p>
        <p className="muted">{error.message}</p>
        <button
          type="button"
          className="button"
          onClick={() => void Promise.all([workflow.refetch(), types.refetch()])}
        >
          Try again
        </button>
      </div>
    );
  }
  if (!workflow.data || !types.data) {
    return (
      <div className="editor editor-status" role="status">
        Loading editor…
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <EditorWorkspace workflow={workflow.data} types={types.data} />
    </ReactFlowProvider>
  );
}

/** A phone gets a clear message instead of a canvas it cannot use. */
function NeedsWiderScreen() {
  return (
    <div className="editor editor-status editor-narrow" role="status">
      <p className="panel-title">The editor needs a wider screen</p>
      <p className="muted">Open this workflow in a window at least {EDITOR_MIN_WIDTH_PX} px wide to edit it.</p>
      <Link href="/" className="button">
        Back to workflows
      </Link>
    </div>
  );
}
