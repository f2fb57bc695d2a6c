/**
 * The part of a scope some templates can read, so a call sends the thread only that: the
 * scope is copied across the thread boundary on every call, and `$nodes` holds every
 * upstream output (100 KB of it costs ~1.4 ms to send; `$input.a + $input.b` reads none).
 *
 * Conservative by construction: a binding is dropped only when its name (`$trigger`) appears
 * nowhere in the templates' text, and `$nodes` is narrowed only when every mention is a plain
 * field step (`$nodes.http1`, `` $nodes.`my node` ``). A JSONata variable can only be read by
 * writing its name, except through `$eval`, which builds expressions from strings: a
 * template mentioning `$eval` gets the whole scope. `input` is always sent: it is also the
 * context (`$`, `$$`, bare paths).
 */
import type { ExpressionScope } from '@weft/engine';

type Binding = Exclude<keyof ExpressionScope, 'input' | 'nodes'>;
const DROPPABLE: readonly Binding[] = ['inputs', 'trigger', 'vars', 'item', 'index', 'execution'];

// JSONata ends a name at whitespace or at one of its operator characters (the keys of the
// tokenizer's `operators` table); a plain name is narrowed only when it is an identifier
// followed by one of those, so `$nodes.$lookup(…)`, `$nodes.1`, `$nodes.x"…` stay whole.
const FIELD_STEP =
  /\$nodes[ \t\n\r\v]*\.[ \t\n\r\v]*(?:`([^`]*)`|([A-Za-z_][A-Za-z0-9_]*)(?=[ \t\n\r\v.[\]{}(),@#;:?+\-*/%|=<>^&!~]|$))/y;
const KEYWORDS = new Set(['and', 'or', 'in', 'true', 'false', 'null']);

export function scopeReadBy(templates: readonly string[], scope: ExpressionScope): ExpressionScope {
  const text = templates.join('\n');
  if (text.includes('$eval')) return scope;
  const out: ExpressionScope = { input: scope.input };
  for (const name of DROPPABLE) {
    if (scope[name] !== undefined && text.includes(`$${name}`)) (out as Record<string, unknown>)[name] = scope[name];
  }
  if (scope.nodes !== undefined && text.includes('$nodes')) {
    const ids = nodeIdsRead(text);
    out.nodes = ids === 'all' ? scope.nodes : pick(scope.nodes, ids);
  }
  return out;
}

/** The node ids the text reads as `$nodes.<id>`, or 'all' when any mention is something else. */
export function nodeIdsRead(text: string): Set<string> | 'all' {
  const ids = new Set<string>();
  for (let at = text.indexOf('$nodes'); at >= 0; at = text.indexOf('$nodes', at + 1)) {
    FIELD_STEP.lastIndex = at;
    const m = FIELD_STEP.exec(text);
    if (!m) return 'all';
    const id = m[1] ?? m[2]!;
    if (m[2] !== undefined && KEYWORDS.has(id)) return 'all';
    ids.add(id);
  }
  return ids;
}

function pick(nodes: Record<string, unknown>, ids: Set<string>): Record<string, unknown> {
  // Ids are the user's (`__proto__` is one): fromEntries makes own keys, hasOwn reads only them.
  const entries: Array<[string, unknown]> = [];
  for (const id of ids) if (Object.hasOwn(nodes, id)) entries.push([id, nodes[id]]);
  return Object.fromEntries(entries);
}
