'use client';

import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';
import { NodeIcon } from './NodeIcon';
import type { WeftNode } from './types';
import '@xyflow/react/dist/style.css';
import './graph.css';

/** What a handle carries, for the hover title (the label itself stays the handle's name). */
const HANDLE_HINTS: Record<string, string> = {
  body: 'body: runs once per item, with $item and $index',
  done: 'done: after the last iteration, the results in item order',
  error: 'error: taken when the node fails after its retries',
  true: 'true: the condition held',
  false: 'false: the condition did not hold',
  default: 'default: no case matched',
};

function isWarning(p: string): boolean {
  return p.startsWith('warning:');
}

/**
 * One workflow node on the canvas. Takes only NodeProps and is memoized (STYLE.md), so
 * dragging one node re-renders only that node.
 */
function WeftNodeView({ id, data, selected }: NodeProps<WeftNode>) {
  const updateNodeInternals = useUpdateNodeInternals();
  const handleKey = data.handles.join('\n') + (data.errorHandle ? '\nerror' : '');
  // A switch gains/loses handles as its cases change; React Flow must re-measure them.
  // Not on mount: React Flow measures new nodes itself, and 1,000 extra updates on open hurt.
  const measuredKey = useRef(handleKey);
  useEffect(() => {
    if (measuredKey.current === handleKey) return;
    measuredKey.current = handleKey;
    updateNodeInternals(id);
  }, [id, handleKey, updateNodeInternals]);

  const problems = data.problems ?? [];
  const hasError = problems.some((p) => !isWarning(p));
  const problemState = hasError ? 'error' : problems.length > 0 ? 'warning' : undefined;
  const single = data.handles.length === 1 && data.handles[0] === 'out';
  const rows = single ? [] : data.handles;

  return (
    <div
      className="weft-node"
      data-testid={`node-${id}`}
      data-status={data.status}
      data-problems={problemState}
      data-selected={selected ? 'true' : undefined}
      data-disabled={data.disabled ? 'true' : undefined}
      title={problems.length > 0 ? problems.join('\n') : undefined}
    >
      {data.acceptsInput ? <Handle type="target" position={Position.Left} className="weft-handle" /> : null}
      <NodeHead id={id} data={data} single={single} />
      {rows.length > 0 || data.errorHandle ? <NodeOutputs handles={rows} errorHandle={data.errorHandle} /> : null}
    </div>
  );
}

/** Icon, name, type and loop count; a node with one plain output carries its handle here. */
function NodeHead({ id, data, single }: { id: string; data: WeftNode['data']; single: boolean }) {
  return (
    <div className="weft-node-head">
      <span className="weft-node-icon">
        <NodeIcon name={data.icon} />
      </span>
      <span className="weft-node-text">
        <span className="weft-node-name">{data.name || id}</span>
        <span className="weft-node-type">
          {data.label}
          {data.disabled ? ' · disabled' : ''}
        </span>
      </span>
      {data.iterations !== undefined ? (
        <span
          className="weft-node-runs"
          title={`Ran in ${data.iterations} loop ${data.iterations === 1 ? 'iteration' : 'iterations'}`}
          data-testid={`node-runs-${id}`}
        >
          ×{data.iterations}
        </span>
      ) : null}
      {single ? <Handle type="source" id="out" position={Position.Right} className="weft-handle" /> : null}
    </div>
  );
}

/** One labelled row per output handle, the error handle last. */
function NodeOutputs({ handles, errorHandle }: { handles: string[]; errorHandle: boolean | undefined }) {
  return (
    <div className="weft-node-outs">
      {handles.map((h) => (
        <div className="weft-node-out" key={h} data-handle={h} title={HANDLE_HINTS[h]}>
          <span>{h}</span>
          <Handle type="source" id={h} position={Position.Right} className="weft-handle" />
        </div>
      ))}
      {errorHandle ? (
        <div className="weft-node-out weft-node-out-error" title={HANDLE_HINTS.error}>
          <span>error</span>
          <Handle type="source" id="error" position={Position.Right} className="weft-handle weft-handle-error" />
        </div>
      ) : null}
    </div>
  );
}

export const WeftNodeComponent = memo(WeftNodeView);
