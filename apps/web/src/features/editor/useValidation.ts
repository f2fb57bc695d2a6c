'use client';

import { validateDefinition, type Problem } from '@weft/engine';
import { useEffect, useMemo, useRef, useState } from 'react';
import { flowToDefinition, type FlowMeta } from '../graph/codec';
import type { WeftEdge, WeftNode } from '../graph/types';

export const VALIDATE_DEBOUNCE_MS = 150;

export interface ValidationState {
  errors: Problem[];
  warnings: Problem[];
  /** The document as it stands (JSON), to compare with the saved one. */
  json: string;
}

/** What validation last ran on, to tell edits from selection, measuring and moves. */
interface Checked {
  meta: FlowMeta;
  nodes: WeftNode[];
  edges: WeftEdge[];
}

// Selecting or measuring a node replaces its object but keeps `data` and `position`.
function sameNodes(a: WeftNode[], b: WeftNode[], positions: boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.id !== y.id || x.data !== y.data || (positions && x.position !== y.position)) return false;
  }
  return true;
}

function sameEdges(a: WeftEdge[], b: WeftEdge[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (
      x !== y &&
      (x.id !== y.id || x.source !== y.source || x.target !== y.target || x.sourceHandle !== y.sourceHandle)
    )
      return false;
  }
  return true;
}

const sameMeta = (a: FlowMeta, b: FlowMeta) =>
  a.name === b.name && a.description === b.description && a.settings === b.settings && a.variables === b.variables;

// Validation is ~100 ms on a 1,000-node graph: run it when the page is idle, not in the
// middle of the first paint or a click.
const whenIdle = (fn: () => void): (() => void) => {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(fn, { timeout: 1_000 });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = setTimeout(fn, 0);
  return () => clearTimeout(handle);
};

/**
 * Validates the graph with the engine (the same rules the server applies on save),
 * debounced so dragging and typing stay smooth on big graphs. Selection and measurement
 * don't re-run it; moving nodes only refreshes the document JSON (positions are not
 * validated, but they are saved).
 */
export function useValidation(meta: FlowMeta, nodes: WeftNode[], edges: WeftEdge[]): ValidationState | null {
  const [state, setState] = useState<ValidationState | null>(null);
  const checked = useRef<Checked | null>(null);
  const { name, description, settings, variables } = meta;
  useEffect(() => {
    const m: FlowMeta = { name, description, settings, variables };
    const last = checked.current;
    const sameGraph =
      last !== null && sameMeta(last.meta, m) && sameEdges(last.edges, edges) && sameNodes(last.nodes, nodes, false);
    if (sameGraph && sameNodes(last.nodes, nodes, true)) return;
    let cancelIdle = () => {};
    const timer = setTimeout(() => {
      const def = flowToDefinition(m, nodes, edges);
      if (sameGraph) {
        const json = JSON.stringify(def);
        checked.current = { meta: m, nodes, edges };
        setState((s) => (s ? { ...s, json } : s));
        return;
      }
      cancelIdle = whenIdle(() => {
        const result = validateDefinition(def);
        checked.current = { meta: m, nodes, edges };
        setState({ errors: result.errors, warnings: result.warnings, json: JSON.stringify(def) });
      });
    }, VALIDATE_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      cancelIdle();
    };
  }, [name, description, settings, variables, nodes, edges]);
  return state;
}

/** node id → messages (warnings prefixed "warning:"), for outlining nodes on the canvas. */
export function useProblemsByNode(errors: Problem[], warnings: Problem[]): Map<string, string[]> {
  return useMemo(() => {
    const map = new Map<string, string[]>();
    const add = (id: string | undefined, msg: string) => {
      if (!id) return;
      const list = map.get(id);
      if (list) list.push(msg);
      else map.set(id, [msg]);
    };
    for (const p of errors) add(p.nodeId, p.message);
    for (const p of warnings) add(p.nodeId, `warning: ${p.message}`);
    return map;
  }, [errors, warnings]);
}
