import type { AnyNodeDefinition, NodeDefinition } from './define-node';
import { failNode } from './fail';
import { httpNode } from './http';
import { ifNode } from './if';
import { loopNode } from './loop';
import { mergeNode } from './merge';
import { respondNode } from './respond';
import { switchNode } from './switch';
import { transformNode } from './transform';
import { triggerNode } from './trigger';

/** Every node type, once. Adding a node type = one file + one line here. */
export const NODE_DEFINITIONS = [
  triggerNode,
  transformNode,
  ifNode,
  switchNode,
  mergeNode,
  respondNode,
  failNode,
  httpNode,
  loopNode,
] as const satisfies readonly AnyNodeDefinition[];

/** `'trigger' | 'transform' | …`: a new node type makes every `Record<NodeType, …>` incomplete until it is handled. */
export type NodeType = (typeof NODE_DEFINITIONS)[number]['type'];

export class NodeRegistry {
  private readonly byType = new Map<string, NodeDefinition>();

  constructor(definitions: readonly AnyNodeDefinition[]) {
    for (const def of definitions) {
      if (this.byType.has(def.type)) throw new Error(`duplicate node type "${def.type}"`);
      this.byType.set(def.type, def as unknown as NodeDefinition);
    }
  }

  get(type: string): NodeDefinition | undefined {
    return this.byType.get(type);
  }

  types(): string[] {
    return [...this.byType.keys()];
  }

  all(): NodeDefinition[] {
    return [...this.byType.values()];
  }
}

export const defaultRegistry = new NodeRegistry(NODE_DEFINITIONS);
