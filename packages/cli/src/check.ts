import { validateDefinition, type Problem, type WorkflowDefinition } from '@weft/engine';
import type { LoadedFile } from './workflow-files';

/** Offline validation with the engine's own validator and node registry: what the server would say. */

export interface CheckedFile {
  path: string;
  id?: string;
  /** The parsed definition (defaults applied) when it has no errors. */
  definition?: WorkflowDefinition;
  errors: Problem[];
  warnings: Problem[];
}

export function checkFile(file: LoadedFile): CheckedFile {
  if (file.error !== undefined) {
    return {
      path: file.path,
      errors: [{ severity: 'error', code: 'INVALID_DOCUMENT', message: file.error }],
      warnings: [],
    };
  }
  const result = validateDefinition(file.document);
  const base = { path: file.path, ...(file.id ? { id: file.id } : {}) };
  return result.ok
    ? { ...base, definition: result.definition, errors: [], warnings: result.warnings }
    : { ...base, errors: result.errors, warnings: result.warnings };
}

/** `file: error [node sum] nodes.1.parameters: message (CODE)` — the file, then where in it. */
export function formatProblem(path: string, p: Problem): string {
  const where = [p.nodeId !== undefined ? `node ${p.nodeId}` : null, p.edgeId !== undefined ? `edge ${p.edgeId}` : null]
    .filter(Boolean)
    .join(', ');
  // Document problems already start with their path; others get it added.
  const field = p.path && !p.message.startsWith(`${p.path}:`) ? `${p.path}: ` : '';
  return `${path}: ${p.severity}${where ? ` [${where}]` : ''} ${field}${p.message} (${p.code})`;
}
