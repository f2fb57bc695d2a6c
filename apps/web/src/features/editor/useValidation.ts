'use client';

import { validateDefinition, type Problem } from '@weft/engine';
import { useEffect, useMemo, useState } from 'react';
import { flowToDefinition, type FlowMeta } from '../graph/codec';
import type { WeftEdge, WeftNode } from '../graph/types';

export const VALIDATE_DEBOUNCE_MS = 150;

export interface ValidationState {
  errors: Problem[];
  warnings: Problem[];
  /** The document as it stands (JSON), to compare with the saved one. */
  json: string;
}

/**
 * Validates the graph with the engine (the same rules the server applies on save),
 * debounced so dragging and typing stay smooth on big graphs.
 */
export function useValidation(meta: FlowMeta, nodes: WeftNode[], edges: WeftEdge[]): ValidationState | null {
  const [state, setState] = useState<ValidationState | null>(null);
  const { name, description, settings, variables } = meta;
  useEffect(() => {
    const timer = setTimeout(() => {
      const def = flowToDefinition({ name, description, settings, variables }, nodes, edges);
      const result = validateDefinition(def);
      setState({ errors: result.errors, warnings: result.warnings, json: JSON.stringify(def) });
    }, VALIDATE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
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
