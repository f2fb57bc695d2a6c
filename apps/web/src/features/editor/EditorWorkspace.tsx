'use client';

import type { NodeTypeInfo, WorkflowDefinition } from '@weft/engine';
import { applyNodeChanges, useNodesInitialized, useReactFlow, type NodeChange } from '@xyflow/react';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { statusByNode } from '@/features/executions/steps';
import type { RunningNode, Step } from '@/features/executions/types';
import { useLiveExecution } from '@/features/executions/useLiveExecution';
import { definitionToFlow, flowToDefinition } from '../graph/codec';
import type { WeftNode } from '../graph/types';
import type { VersionView, WorkflowDetail } from './api';
import { decorateNodes, type DecorationCache } from './decorate';
import { FlowCanvas } from './FlowCanvas';
import { Inspector } from './Inspector';
import { Palette } from './Palette';
import { ProblemsPanel, toListed, type ListedProblem } from './ProblemsPanel';
import { RunDialog } from './RunDialog';
import { SaveDialog } from './SaveDialog';
import { Toolbar } from './Toolbar';
import { useEditorMutations } from './useEditorMutations';
import { useFlowState } from './useFlowState';
import { useRunData } from './useRunScope';
import { useShortcuts } from './useShortcuts';
import { useUnsavedGuard } from './useUnsavedGuard';
import { useProblemsByNode, useValidation } from './useValidation';
import { VersionBanner } from './VersionBanner';
import { VersionDrawer } from './VersionDrawer';

const NO_STATUS = new Map();
const NO_STEPS: Step[] = [];
const NO_RUNNING: RunningNode[] = [];
const TOAST_MS = 4_000;

export function EditorWorkspace({ workflow, types }: { workflow: WorkflowDetail; types: NodeTypeInfo[] }) {
  const flow = useFlowState(types);
  const { setCenter, screenToFlowPosition, fitView, getZoom } = useReactFlow<WeftNode>();
  const initial = workflow.definition;
  const [name, setName] = useState(initial.name);
  const [meta] = useState({
    description: initial.description,
    settings: initial.settings,
    variables: initial.variables,
  });
  const [savedJson, setSavedJson] = useState<string | null>(null);
  const [savedNote, setSavedNote] = useState<string | null>(null);
  const [serverProblems, setServerProblems] = useState<ListedProblem[]>([]);
  const [toast, setToast] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'save' | 'run' | null>(null);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const [viewing, setViewing] = useState<{ version: number; definition: WorkflowDefinition } | null>(null);
  const [viewNodes, setViewNodes] = useState<WeftNode[]>([]);
  const [executionId, setExecutionId] = useState<string | null>(null);
  const canvasBox = useRef<HTMLDivElement>(null);
  const decoCache = useRef<DecorationCache>(new WeakMap());

  // Load once per workflow; later refetches (after save/activate) must not clobber edits.
  const { load } = flow;
  useEffect(() => {
    load(initial, false);
    const f = definitionToFlow(initial, types);
    setSavedJson(JSON.stringify(flowToDefinition({ ...meta, name: initial.name }, f.nodes, f.edges)));
  }, [workflow.id]);

  // The `fitView` prop fits once the loaded nodes are measured; this is the fallback for when they never all are.
  const nodesInitialized = useNodesInitialized();
  const fitted = useRef(false);
  useEffect(() => {
    if (fitted.current || flow.nodes.length === 0) return;
    const fit = () => {
      if (fitted.current) return;
      fitted.current = true;
      void fitView({ padding: 0.2, maxZoom: 1.2 });
    };
    // Measured (or loaded with known sizes): the `fitView` prop has just fitted them.
    if (nodesInitialized) {
      fitted.current = true;
      return;
    }
    // Big graphs render only visible nodes, so they never all get measured: fit anyway.
    const t = setTimeout(fit, 300);
    return () => clearTimeout(t);
  }, [nodesInitialized, flow.nodes.length, fitView]);

  const fullMeta = useMemo(() => ({ ...meta, name }), [meta, name]);
  const validation = useValidation(fullMeta, flow.nodes, flow.edges);
  const errors = useMemo(() => validation?.errors ?? [], [validation]);
  const warnings = useMemo(() => validation?.warnings ?? [], [validation]);
  const problemsByNode = useProblemsByNode(errors, warnings);
  const dirty = validation !== null && savedJson !== null && validation.json !== savedJson;
  useUnsavedGuard(dirty);

  const liveExecution = useLiveExecution(executionId).data;
  const liveSteps = liveExecution?.steps ?? NO_STEPS;
  const liveRunning = liveExecution?.running ?? NO_RUNNING;
  const liveStatus = useMemo(() => statusByNode(liveSteps, liveRunning), [liveSteps, liveRunning]);
  const runData = useRunData(workflow.id, liveSteps, flow.edges);
  const readOnly = viewing !== null || executionId !== null;

  const showToast = useCallback((msg: string) => setToast(msg), []);
  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(t);
  }, [toast]);

  const mutations = useEditorMutations(workflow.id, {
    onSaved: (def, version) => {
      setSavedJson(JSON.stringify(def));
      setSavedNote(`Saved v${version}`);
      setDialog(null);
    },
    onServerProblems: setServerProblems,
    onRunStarted: (id) => {
      setDialog(null);
      setExecutionId(id);
    },
  });

  const currentDefinition = useCallback(
    () => flowToDefinition(fullMeta, flow.nodes, flow.edges),
    [fullMeta, flow.nodes, flow.edges],
  );

  // Callbacks handed to memoized panels read the nodes through a ref, so dragging (a new
  // nodes array per frame) doesn't re-render the palette and the problems list.
  const nodesRef = useRef(flow.nodes);
  nodesRef.current = flow.nodes;
  const { addNode, selectOnly } = flow;
  const addAt = useCallback(
    (type: string, position: { x: number; y: number }) => {
      const err = addNode(type, position);
      if (err) showToast(err);
    },
    [addNode, showToast],
  );
  const addAtCentre = useCallback(
    (type: string) => {
      const box = canvasBox.current?.getBoundingClientRect();
      if (!box) return;
      const c = screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
      // Nudge repeated clicks so new nodes don't stack exactly on top of each other.
      const n = nodesRef.current.filter(
        (x) => Math.abs(x.position.x - (c.x - 98)) < 30 && Math.abs(x.position.y - (c.y - 30)) < 30,
      ).length;
      addAt(type, { x: Math.round(c.x - 98 + n * 30), y: Math.round(c.y - 30 + n * 30) });
    },
    [screenToFlowPosition, addAt],
  );

  const pickNode = useCallback(
    (id: string) => {
      const node = nodesRef.current.find((n) => n.id === id);
      if (!node) return;
      selectOnly(id);
      void setCenter(node.position.x + 98, node.position.y + 30, { zoom: Math.max(getZoom(), 1), duration: 300 });
    },
    [selectOnly, setCenter, getZoom],
  );

  // Fit after the laid-out positions have reached React Flow, not before.
  const fitPending = useRef(false);
  useEffect(() => {
    if (!fitPending.current) return;
    fitPending.current = false;
    const t = setTimeout(() => void fitView({ padding: 0.2, maxZoom: 1.2 }), 30);
    return () => clearTimeout(t);
  }, [flow.nodes, fitView]);
  const { autoLayout: layOut } = flow;
  const autoLayout = useCallback(() => {
    fitPending.current = true;
    layOut();
  }, [layOut]);

  useShortcuts(
    { undo: flow.undo, redo: flow.redo, copy: flow.copy, paste: flow.paste, duplicate: flow.duplicate },
    !readOnly,
  );

  const openVersion = useCallback(
    (v: VersionView) => {
      setViewing({ version: v.version, definition: v.definition });
      setViewNodes(definitionToFlow(v.definition, types).nodes);
      requestAnimationFrame(() => void fitView({ padding: 0.2 }));
    },
    [types, fitView],
  );
  const restoreVersion = useCallback(() => {
    if (!viewing) return;
    flow.load(viewing.definition, true);
    setName(viewing.definition.name);
    setViewing(null);
    showToast(`Restored v${viewing.version} as unsaved changes. Save to keep it.`);
  }, [viewing, flow, showToast]);
  const viewEdges = useMemo(() => (viewing ? definitionToFlow(viewing.definition, types).edges : []), [viewing, types]);
  const onViewNodesChange = useCallback(
    (c: NodeChange<WeftNode>[]) => setViewNodes((ns) => applyNodeChanges(c, ns)),
    [],
  );

  const rendered = useMemo(
    () =>
      decorateNodes(
        flow.nodes,
        executionId ? new Map() : problemsByNode,
        executionId ? liveStatus : NO_STATUS,
        decoCache.current,
      ),
    [flow.nodes, problemsByNode, liveStatus, executionId],
  );
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

  const listed = useMemo(
    () => [
      ...errors.map((p) => toListed(p, 'editor')),
      ...serverProblems,
      ...warnings.map((p) => toListed(p, 'editor')),
    ],
    [errors, warnings, serverProblems],
  );
  const saveBlocked = errors.length
    ? `Fix ${errors.length} error${errors.length === 1 ? '' : 's'} before saving (see Problems).`
    : !dirty
      ? 'No unsaved changes.'
      : null;
  const hasTrigger = flow.nodes.some((n) => n.data.starts);

  return (
    <div className="editor">
      <Toolbar
        name={name}
        onName={setName}
        dirty={dirty}
        readOnly={readOnly}
        saveBlockedReason={saveBlocked}
        savedNote={savedNote}
        latestVersion={workflow.latestVersion}
        activeVersion={workflow.activeVersion}
        canUndo={flow.canUndo}
        canRedo={flow.canRedo}
        versionsOpen={versionsOpen}
        activating={mutations.activation.isPending}
        canDeactivate={workflow.can.edit}
        canActivate={workflow.can.edit && workflow.can.execute}
        onSave={() => setDialog('save')}
        onRun={() => setDialog('run')}
        onUndo={flow.undo}
        onRedo={flow.redo}
        onLayout={autoLayout}
        onToggleVersions={() => setVersionsOpen((o) => !o)}
        onActivate={() => mutations.activation.mutate({ active: true, version: workflow.latestVersion })}
        onDeactivate={() => mutations.activation.mutate({ active: false })}
      />
      {viewing ? (
        <VersionBanner
          version={viewing.version}
          definition={viewing.definition}
          current={currentDefinition()}
          onRestore={restoreVersion}
          onBack={() => setViewing(null)}
        />
      ) : null}
      {executionId ? (
        <div className="live-bar" role="status" data-testid="live-bar">
          <span>
            Live run{' '}
            <span className="badge" data-status={liveExecution?.status ?? 'queued'}>
              {liveExecution?.status ?? 'queued'}
            </span>
          </span>
          {liveExecution?.error ? <span className="form-error small">{liveExecution.error.message}</span> : null}
          <Link href={`/executions/${executionId}`}>Open execution</Link>
          <span className="spacer" />
          <button type="button" className="button button-small" onClick={() => setExecutionId(null)}>
            Back to editing
          </button>
        </div>
      ) : null}
      <div className="editor-body">
        <Palette types={types} hasTrigger={hasTrigger} disabled={readOnly} onAdd={addAtCentre} />
        <div className="editor-centre">
          <div className="editor-canvas-box" ref={canvasBox}>
            <FlowCanvas
              nodes={viewing ? viewNodes : rendered}
              edges={viewing ? viewEdges : flow.edges}
              readOnly={readOnly}
              onNodesChange={viewing ? onViewNodesChange : flow.onNodesChange}
              onEdgesChange={flow.onEdgesChange}
              onNodeDragStart={flow.onNodeDragStart}
              onNodeDragStop={flow.onNodeDragStop}
              onBeforeDelete={flow.onBeforeDelete}
              onConnect={flow.connect}
              onDropType={addAt}
              onRefused={showToast}
            />
            {toast ? (
              <div className="editor-toast" role="alert">
                {toast}
              </div>
            ) : null}
          </div>
          {listed.length > 0 && !viewing ? <ProblemsPanel problems={listed} onPick={pickNode} /> : null}
        </div>
        <Inspector
          node={inspected}
          selectionCount={selectedNodes.length}
          info={selected ? typeInfo.get(selected.data.type) : undefined}
          readOnly={readOnly}
          live={executionId !== null}
          runData={runData}
          onUpdate={flow.updateNode}
          onSeal={flow.sealTyping}
        />
        {versionsOpen ? (
          <VersionDrawer
            workflowId={workflow.id}
            viewing={viewing?.version ?? null}
            activeVersion={workflow.activeVersion}
            onView={openVersion}
            onClose={() => setVersionsOpen(false)}
          />
        ) : null}
      </div>
      {dialog === 'save' ? (
        <SaveDialog
          pending={mutations.save.isPending}
          error={mutations.save.error?.message ?? null}
          onSave={(message) => mutations.save.mutate({ definition: currentDefinition(), message })}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'run' ? (
        <RunDialog
          pending={mutations.run.isPending}
          error={mutations.run.error?.message ?? null}
          note={
            dirty
              ? `Runs the latest saved version (v${workflow.latestVersion}); unsaved changes are not included.`
              : null
          }
          onRun={(input) => mutations.run.mutate(input)}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </div>
  );
}
