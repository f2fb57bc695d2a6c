import { outputHandles, type NodeTypeInfo, type WorkflowDefinition, type WorkflowNode } from '@weft/engine';
import type { WeftEdge, WeftNode, WeftNodeData } from './types';

/**
 * The pure codec between the engine's definition document and React Flow's nodes/edges
 * (STYLE.md). Editor-only state (selection, status, problems) never reaches the document.
 */

export interface FlowMeta {
  name: string;
  description?: string;
  settings?: WorkflowDefinition['settings'];
  variables?: WorkflowDefinition['variables'];
}

/** Output handles of a node (without `error`) and whether it has an `error` handle. */
export function handlesOf(
  type: string,
  parameters: Record<string, unknown>,
  info: NodeTypeInfo | undefined,
): { handles: string[]; errorHandle: boolean } {
  const probe = { id: 'probe', type, name: '', position: { x: 0, y: 0 }, parameters } as WorkflowNode;
  let all: string[] = [];
  try {
    all = outputHandles(probe);
  } catch {
    // Parameters mid-edit (e.g. a switch `cases` that is not an array yet): fall back below.
  }
  if (all.length === 0 && info) return { handles: [...info.handles], errorHandle: info.errorHandle };
  return { handles: all.filter((h) => h !== 'error'), errorHandle: all.includes('error') };
}

export function nodeDataFor(
  node: Pick<WorkflowNode, 'type' | 'name' | 'parameters' | 'settings' | 'disabled' | 'notes'>,
  info: NodeTypeInfo | undefined,
): WeftNodeData {
  const data: WeftNodeData = {
    type: node.type,
    name: node.name ?? '',
    label: info?.label ?? node.type,
    icon: info?.icon ?? 'box',
    parameters: node.parameters ?? {},
    ...handlesOf(node.type, node.parameters ?? {}, info),
    acceptsInput: info?.acceptsInput ?? true,
    starts: info?.starts ?? false,
  };
  if (node.settings !== undefined) data.settings = node.settings;
  if (node.disabled !== undefined) data.disabled = node.disabled;
  if (node.notes !== undefined) data.notes = node.notes;
  return data;
}

export function definitionToFlow(
  def: WorkflowDefinition,
  types: NodeTypeInfo[],
): { nodes: WeftNode[]; edges: WeftEdge[] } {
  const byType = new Map(types.map((t) => [t.type, t]));
  const nodes: WeftNode[] = def.nodes.map((n) => ({
    id: n.id,
    type: 'weft',
    position: { x: n.position?.x ?? 0, y: n.position?.y ?? 0 },
    data: nodeDataFor(n, byType.get(n.type)),
  }));
  const edges: WeftEdge[] = (def.edges ?? []).map((e) => toFlowEdge(e.id, e.source, e.sourceHandle ?? 'out', e.target));
  return { nodes, edges };
}

export function toFlowEdge(id: string, source: string, sourceHandle: string, target: string): WeftEdge {
  const edge: WeftEdge = { id, source, sourceHandle, target };
  // Error routes are drawn red so a failure path reads as one at a glance.
  if (sourceHandle === 'error') edge.className = 'weft-edge-error';
  return edge;
}

export function flowToDefinition(meta: FlowMeta, nodes: WeftNode[], edges: WeftEdge[]): WorkflowDefinition {
  const def: WorkflowDefinition = {
    name: meta.name,
    nodes: nodes.map(toDefinitionNode),
    edges: edges.map((e) => ({ id: e.id, source: e.source, sourceHandle: e.sourceHandle ?? 'out', target: e.target })),
    settings: meta.settings ?? {},
    variables: meta.variables ?? {},
  };
  if (meta.description !== undefined) def.description = meta.description;
  return def;
}

function toDefinitionNode(n: WeftNode): WorkflowNode {
  const out: WorkflowNode = {
    id: n.id,
    type: n.data.type,
    name: n.data.name,
    position: { x: n.position.x, y: n.position.y },
    parameters: n.data.parameters,
  };
  if (n.data.settings !== undefined) out.settings = n.data.settings as WorkflowNode['settings'];
  if (n.data.disabled !== undefined) out.disabled = n.data.disabled;
  if (typeof n.data.notes === 'string') out.notes = n.data.notes;
  return out;
}
