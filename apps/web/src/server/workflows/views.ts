import 'server-only';
import type { WorkflowAbilities, WorkflowSummary, WorkflowVersion } from '@weft/contracts';

/** API views of workflow rows (SPEC §7 shapes); rows are never returned as they are. */

export interface WorkflowRow {
  id: string;
  name: string;
  description: string;
  activeVersion: number | null;
  latestVersion: number;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toWorkflowSummary(w: WorkflowRow): WorkflowSummary {
  return {
    id: w.id,
    name: w.name,
    description: w.description,
    activeVersion: w.activeVersion,
    latestVersion: w.latestVersion,
    createdById: w.createdById,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

export function toWorkflowView(w: WorkflowRow, definition: unknown, can: WorkflowAbilities) {
  return { ...toWorkflowSummary(w), definition, can };
}

// The definition was validated by the engine before it was stored (SPEC §1).
export function toVersionView(v: {
  version: number;
  definition: unknown;
  createdAt: Date;
  createdById: string | null;
  message: string | null;
}): WorkflowVersion {
  return {
    version: v.version,
    definition: v.definition as WorkflowVersion['definition'],
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdById,
    message: v.message,
  };
}
