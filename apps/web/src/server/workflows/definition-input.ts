import 'server-only';
import { validateDefinition, type Problem, type WorkflowDefinition } from '@weft/engine';
import { ApiError } from '../http/errors';

/**
 * Validates a definition from a request with the engine's rules (SPEC §1). Invalid → 400
 * VALIDATION_ERROR whose details list every problem with its node/edge id; nothing is stored.
 */
export function requireValidDefinition(
  doc: unknown,
  path = 'definition',
): { definition: WorkflowDefinition; warnings: Problem[] } {
  const result = validateDefinition(doc);
  if (!result.ok) {
    const details = result.errors.map((p) => ({ ...p, path: p.path ? `${path}.${p.path}` : path }));
    const first = result.errors[0]?.message ?? 'invalid';
    const more =
      result.errors.length > 1
        ? ` (and ${result.errors.length - 1} more problem${result.errors.length > 2 ? 's' : ''})`
        : '';
    throw new ApiError('VALIDATION_ERROR', `${path} is invalid: ${first}${more}`, details);
  }
  return { definition: result.definition, warnings: result.warnings };
}

/** A new workflow's starting point: just a trigger. */
export function emptyDefinition(name: string): WorkflowDefinition {
  return {
    name,
    nodes: [{ id: 'trigger', type: 'trigger', name: 'Trigger', position: { x: 0, y: 0 }, parameters: {} }],
    edges: [],
    settings: {},
    variables: {},
  };
}
