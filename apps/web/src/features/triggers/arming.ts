import type { WorkflowHeader } from './api';

/**
 * Arming a trigger — creating a webhook or schedule, enabling one, changing a webhook's secret,
 * activating a version — starts runs or hands out a way to, so the server wants edit AND execute
 * (docs/access.md). The panels offer those controls only when the workflow's `can` allows both.
 */
export const mayArm = (w: Pick<WorkflowHeader, 'can'> | undefined): boolean => Boolean(w?.can.edit && w.can.execute);

/** Why a control is not offered, in the Share dialog's words (Edit, Run). */
export const armRefused = (what: string): string =>
  `${what} needs the Edit and Run permissions on this workflow: it starts runs, or hands out a way to.`;
