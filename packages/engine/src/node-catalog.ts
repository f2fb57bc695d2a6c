import { z } from 'zod';
import { defaultRegistry, type NodeRegistry } from './nodes/registry';

/** What GET /api/node-types returns for each type: the editor builds its inspector from it. */
export interface NodeTypeInfo {
  type: string;
  label: string;
  description: string;
  category: string;
  icon: string;
  /** JSON Schema of the parameters (string values may always be `{{ expressions }}`). */
  parameters: Record<string, unknown>;
  /** Static output handles; `dynamicHandles` says they depend on parameters (switch). */
  handles: string[];
  dynamicHandles: boolean;
  errorHandle: boolean;
  acceptsInput: boolean;
  /** The `starts` trait: this node starts the execution (one per workflow, no inputs). */
  starts: boolean;
  literalParameters: string[];
}

export function describeNodeTypes(registry: NodeRegistry = defaultRegistry): NodeTypeInfo[] {
  return registry.all().map((def) => ({
    type: def.type,
    label: def.label,
    description: def.description,
    category: def.category,
    icon: def.icon,
    parameters: z.toJSONSchema(def.params, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>,
    handles: def.handles({}),
    dynamicHandles: def.dynamicHandles === true,
    errorHandle: def.hasErrorHandle !== false,
    acceptsInput: def.starts !== true,
    starts: def.starts === true,
    literalParameters: [...(def.literalParams ?? [])],
  }));
}
