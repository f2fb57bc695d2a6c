import type { NodeTypes } from '@xyflow/react';
import { WeftNodeComponent } from './WeftNodeComponent';

// Module scope: a nodeTypes object created during render makes React Flow re-mount nodes.
export const weftNodeTypes: NodeTypes = { weft: WeftNodeComponent };
