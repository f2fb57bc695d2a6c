import type { StepStatus as ApiStepStatus } from '@weft/contracts';
import type { Edge, Node } from '@xyflow/react';

/** Status of a node's latest step, as the canvas colours it (live runs, execution viewer); `queued` before its first step. */
export type StepStatus = ApiStepStatus | 'queued';

/**
 * What a canvas node carries. Plain JSON only (STYLE.md): no callbacks or elements, so
 * the flow can be serialised, diffed and restored without surprises.
 */
export interface WeftNodeData {
  [key: string]: unknown;
  type: string;
  name: string;
  label: string;
  icon: string;
  parameters: Record<string, unknown>;
  settings?: unknown;
  disabled?: boolean;
  /** Output handles except `error` (e.g. `out`, `true`/`false`, `case:x`, `default`). */
  handles: string[];
  errorHandle: boolean;
  acceptsInput: boolean;
  /** The type's `starts` trait (node catalogue): it starts the workflow, one per workflow. */
  starts: boolean;
  status?: StepStatus;
  /** How many loop iterations ran this node (execution viewer; absent outside loops). */
  iterations?: number;
  /** Validation messages; a message starting with "warning:" is a warning. */
  problems?: string[];
}

export type WeftNode = Node<WeftNodeData, 'weft'>;
export type WeftEdge = Edge;
