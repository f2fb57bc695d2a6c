'use client';

import type { NodeSettings, NodeTypeInfo } from '@weft/engine';
import { memo, useCallback, useMemo } from 'react';
import { NodeIcon } from '../graph/NodeIcon';
import type { WeftNode, WeftNodeData } from '../graph/types';
import { ParameterField } from './ParameterField';
import { fieldSpecs, type JsonSchema } from './schema-form';
import { SettingsSection } from './SettingsSection';
import { StepDetails } from './StepDetails';
import type { RunData } from './useRunScope';

interface InspectorProps {
  node: Pick<WeftNode, 'id' | 'data'> | null;
  selectionCount: number;
  info: NodeTypeInfo | undefined;
  readOnly: boolean;
  live: boolean;
  runData: RunData | null;
  onUpdate(id: string, patch: Partial<WeftNodeData>, key: string | null): void;
  onSeal(): void;
}

/** The selected node: name, id, its parameters (from the type's schema) and settings. */
export const Inspector = memo(function Inspector({
  node,
  selectionCount,
  info,
  readOnly,
  live,
  runData,
  onUpdate,
  onSeal,
}: InspectorProps) {
  const specs = useMemo(() => fieldSpecs(info?.parameters as JsonSchema | undefined), [info]);
  const { scope, setParam } = useParameterEditing(node, runData, onUpdate);

  if (!node) return <EmptyInspector selectionCount={selectionCount} />;

  return (
    <aside className="editor-inspector" aria-label="Inspector">
      <div className="inspector-title">
        <span className="inspector-icon">
          <NodeIcon name={node.data.icon} size={16} />
        </span>
        <h2>{node.data.name || node.id}</h2>
        <span className="tag">{node.data.label}</span>
      </div>
      {info?.description ? <p className="muted small">{info.description}</p> : null}
      {live ? <StepDetails step={runData?.stepsByNode.get(node.id)} /> : null}
      <NodeSection node={node} readOnly={readOnly} onUpdate={onUpdate} onSeal={onSeal} />
      {specs.length > 0 ? (
        <fieldset className="inspector-section" disabled={readOnly}>
          <legend>Parameters</legend>
          {specs.map((spec) => (
            <ParameterField
              key={`${node.id}:${spec.key}`}
              nodeId={node.id}
              spec={spec}
              value={node.data.parameters[spec.key]}
              scope={scope}
              onChange={setParam}
              onBlur={onSeal}
            />
          ))}
        </fieldset>
      ) : null}
      {readOnly ? null : (
        <SettingsSection
          nodeId={node.id}
          settings={node.data.settings as NodeSettings | undefined}
          disabled={node.data.disabled === true}
          onSettings={(settings, key) => onUpdate(node.id, { settings }, `${node.id}:settings:${key}`)}
          onDisabled={(d) => onUpdate(node.id, { disabled: d || undefined }, null)}
          onBlur={onSeal}
        />
      )}
    </aside>
  );
});

function EmptyInspector({ selectionCount }: { selectionCount: number }) {
  return (
    <aside className="editor-inspector" aria-label="Inspector">
      <p className="muted small inspector-empty">
        {selectionCount > 1
          ? `${selectionCount} nodes selected.`
          : 'Select a node to edit it. Drag types from the palette to add nodes.'}
      </p>
    </aside>
  );
}

/** The node's name (editable) and id (fixed once created). */
function NodeSection({
  node,
  readOnly,
  onUpdate,
  onSeal,
}: Pick<InspectorProps, 'readOnly' | 'onUpdate' | 'onSeal'> & { node: Pick<WeftNode, 'id' | 'data'> }) {
  return (
    <fieldset className="inspector-section" disabled={readOnly}>
      <legend>Node</legend>
      <div className="inspector-field">
        <label className="field-label" htmlFor="inspector-name">
          Name
        </label>
        <input
          id="inspector-name"
          className="input ui-control"
          value={node.data.name}
          onChange={(e) => onUpdate(node.id, { name: e.target.value }, `${node.id}:name`)}
          onBlur={onSeal}
        />
      </div>
      <div className="inspector-field">
        <label className="field-label" htmlFor="inspector-id">
          ID
        </label>
        <input id="inspector-id" className="input ui-control input-mono" value={node.id} readOnly />
      </div>
    </fieldset>
  );
}

/** The expression scope of the node's previews and the setter of one of its parameters (unset when undefined). */
function useParameterEditing(
  node: InspectorProps['node'],
  runData: RunData | null,
  onUpdate: InspectorProps['onUpdate'],
) {
  const nodeId = node?.id;
  const parameters = node?.data.parameters;
  // One scope object per node and run, so previews don't re-evaluate on unrelated renders.
  const scope = useMemo(() => (nodeId && runData ? runData.scopeFor(nodeId) : null), [nodeId, runData]);
  const setParam = useCallback(
    (key: string, value: unknown) => {
      if (!nodeId || !parameters) return;
      const next = { ...parameters };
      if (value === undefined) delete next[key];
      else next[key] = value;
      onUpdate(nodeId, { parameters: next }, `${nodeId}:param:${key}`);
    },
    [nodeId, parameters, onUpdate],
  );
  return { scope, setParam };
}
