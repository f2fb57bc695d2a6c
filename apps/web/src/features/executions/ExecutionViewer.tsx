'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { LoadErrorPanel, LoadingPanel } from '@/ui/QueryState';
import { ApiClientError, isUnauthenticated } from '@weft/contracts/client';
import { ExecutionGraph } from './ExecutionGraph';
import { ExecutionHeader } from './ExecutionHeader';
import { NodeList, type ListedNode } from './NodeList';
import { NodePanel } from './NodePanel';
import { useNodeTypes, useWorkflow, useWorkflowVersion } from './queries';
import { defaultStepOf, groupStepsByNode, nodeStatuses } from './steps';
import { Timeline } from './Timeline';
import { isLive, type ExecutionDetail, type Step } from './types';
import { useLiveExecution, useNow } from './useLiveExecution';
import './executions.css';

interface Selection {
  nodeId: string;
  /** A specific attempt; null means the node's default (its first failed iteration, else its latest step). */
  stepId: string | null;
}

/** `/executions/:id`: header, graph of the executed version, timeline and node panel. */
export function ExecutionViewer({ executionId }: { executionId: string }) {
  const router = useRouter();
  const execution = useLiveExecution(executionId);

  useEffect(() => {
    if (isUnauthenticated(execution.error)) router.replace('/login');
  }, [execution.error, router]);

  if (execution.isPending) {
    return <LoadingPanel>Loading execution…</LoadingPanel>;
  }
  if (execution.isError) {
    const notFound = execution.error instanceof ApiClientError && execution.error.status === 404;
    return (
      <LoadErrorPanel
        title={notFound ? 'Execution not found' : 'Couldn’t load this execution'}
        message={
          notFound ? 'It may have been pruned, or you may not have access to its workflow.' : execution.error.message
        }
        action={
          notFound ? (
            <Link className="button" href="/executions">
              All executions
            </Link>
          ) : undefined
        }
        onRetry={() => void execution.refetch()}
      />
    );
  }
  return <ExecutionView execution={execution.data} />;
}

function ExecutionView({ execution: e }: { execution: ExecutionDetail }) {
  const [selection, setSelection] = useState<Selection | null>(null);
  const now = useNow(isLive(e.status));
  const workflow = useWorkflow(e.workflowId);
  const model = useExecutionModel(e);
  // Stable, so the memoized timeline rows don't all re-render when another iteration is picked.
  const selectNode = useCallback((nodeId: string) => setSelection({ nodeId, stepId: null }), []);
  const selectStep = useCallback((step: Step) => setSelection({ nodeId: step.nodeId, stepId: step.id }), []);
  const selectedGroup = selection ? model.groupMap.get(selection.nodeId) : undefined;
  const selectedStepId = selection ? (selection.stepId ?? defaultStepOf(selectedGroup)?.id ?? null) : null;
  const selectedNode = selection ? model.definition?.nodes.find((n) => n.id === selection.nodeId) : undefined;

  return (
    <section className="exec-viewer" aria-labelledby="execution-title" data-execution-status={e.status}>
      <ExecutionHeader execution={e} workflowName={workflow.data?.name} now={now} onSelectNode={selectNode} />
      <div className="exec-layout">
        <div className="exec-main">
          <GraphPanel
            execution={e}
            model={model}
            selectedNodeId={selection?.nodeId ?? null}
            onSelectNode={selectNode}
          />
          <div className="panel exec-timeline-panel">
            <h2 className="exec-section-title">Timeline</h2>
            <Timeline
              steps={e.steps}
              startedAt={e.startedAt}
              finishedAt={e.finishedAt}
              now={now}
              selectedStepId={selectedStepId}
              onSelect={selectStep}
            />
          </div>
        </div>
        <aside className="panel exec-side" aria-label="Node details">
          {selection ? (
            <NodePanel
              nodeId={selection.nodeId}
              nodeName={selectedNode?.name}
              nodeType={selectedNode ? model.typeLabel(selectedNode.type) : undefined}
              group={selectedGroup}
              selectedStepId={selectedStepId}
              onSelectStep={selectStep}
              onClose={() => setSelection(null)}
            />
          ) : (
            <NodeList
              nodes={model.listed}
              groups={model.groupMap}
              statuses={model.statuses}
              onSelectNode={selectNode}
            />
          )}
        </aside>
      </div>
    </section>
  );
}

/** The executed version's definition and node types, and the steps grouped and rolled up per node. */
function useExecutionModel(e: ExecutionDetail) {
  const version = useWorkflowVersion(e.workflowId, e.version);
  const nodeTypes = useNodeTypes();
  const groups = useMemo(() => groupStepsByNode(e.steps), [e.steps]);
  const groupMap = useMemo(() => new Map(groups.map((g) => [g.nodeId, g])), [groups]);
  // Steps record finished runs; the nodes running now come with each change.
  const statuses = useMemo(() => nodeStatuses(groups, e.running), [groups, e.running]);
  // "×N" on nodes that ran inside a loop: how many iterations reached them.
  const iterationCounts = useMemo(
    () => new Map(groups.filter((g) => g.inLoop).map((g) => [g.nodeId, g.iterations.length])),
    [groups],
  );
  const definition = version.data?.definition;
  const listed: ListedNode[] = useMemo(
    () =>
      definition?.nodes.map((n) => ({ id: n.id, name: n.name, type: n.type })) ??
      groups.map((g) => ({ id: g.nodeId, name: g.nodeId, type: '' })),
    [definition, groups],
  );
  const typeLabel = (type: string) => nodeTypes.data?.find((t) => t.type === type)?.label ?? type;
  return { version, nodeTypes, definition, groupMap, statuses, iterationCounts, listed, typeLabel };
}

interface GraphPanelProps {
  execution: ExecutionDetail;
  model: ReturnType<typeof useExecutionModel>;
  selectedNodeId: string | null;
  onSelectNode: (nodeId: string) => void;
}

/** The graph once the version and node types are in; until then what it waits for, or why not. */
function GraphPanel({ execution: e, model, selectedNodeId, onSelectNode }: GraphPanelProps) {
  const { version, nodeTypes, definition } = model;
  return (
    <div className="panel exec-graph-panel">
      {definition && nodeTypes.data ? (
        <ExecutionGraph
          definition={definition}
          nodeTypes={nodeTypes.data}
          statuses={model.statuses}
          iterationCounts={model.iterationCounts}
          selectedNodeId={selectedNodeId}
          onSelectNode={onSelectNode}
        />
      ) : (
        <div className="panel-empty" role={version.isError || nodeTypes.isError ? 'alert' : 'status'}>
          {version.isError
            ? `Couldn’t load version ${e.version}: ${version.error.message}`
            : nodeTypes.isError
              ? 'Couldn’t load node types.'
              : 'Loading graph…'}
        </div>
      )}
    </div>
  );
}
