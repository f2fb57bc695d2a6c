import { API_KEY_SCOPES, type ApiKeyScope } from './enums';

/**
 * What a route declares it needs (defineRoute's `permission`, docs/access.md) and the API key
 * or JWT scopes that follow from it — one rule, read by the server's check and by the OpenAPI
 * document, so the two cannot disagree.
 */

export type ResourceAction = 'view' | 'edit' | 'delete' | 'execute';
export type ResourceKind = 'workflow' | 'schedule' | 'webhook' | 'execution';
/**
 * One action, or several that must all be allowed: creating a webhook hands out a way to start
 * runs, so it needs `['edit', 'execute']`.
 */
export type ResourceActions = ResourceAction | readonly [ResourceAction, ...ResourceAction[]];
export type ResourcePermission =
  | { workflow: ResourceActions }
  | { schedule: ResourceActions }
  | { webhook: ResourceActions }
  | { execution: ResourceActions };
export type Permission = 'public' | 'signed-in' | 'admin' | ResourcePermission;

/** The resource a permission names and every action it needs on that resource's workflow. */
export function resourceOf(permission: ResourcePermission): { kind: ResourceKind; actions: readonly ResourceAction[] } {
  const [kind, actions] = Object.entries(permission)[0] as [ResourceKind, ResourceActions];
  return { kind, actions: typeof actions === 'string' ? [actions] : actions };
}

/**
 * The scopes a request needs, in `API_KEY_SCOPES` order: `execute` for an action that starts
 * runs (or hands out a way to), plus `read` for a GET or `write` for any other method.
 * A POST that only starts runs (`{ workflow: 'execute' }`) needs `execute` alone.
 */
export function requiredScopes(permission: Permission, method: string): ApiKeyScope[] {
  if (permission === 'public') return [];
  const reads = /^(GET|HEAD)$/i.test(method);
  const actions = typeof permission === 'object' ? resourceOf(permission).actions : ['view'];
  const needed = new Set<ApiKeyScope>(actions.map((a) => (a === 'execute' ? 'execute' : reads ? 'read' : 'write')));
  return API_KEY_SCOPES.filter((s) => needed.has(s));
}
