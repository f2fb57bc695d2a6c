/** Parsing the text a user pastes or picks for "Import", before it goes to the server. */

export type ImportParseResult = { ok: true; document: Record<string, unknown> } | { ok: false; error: string };

/** 1-based line and column of a 0-based character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/** Where JSON.parse failed, from V8's message ("… at position 12 …"), when it says. */
function failureOffset(message: string): number | null {
  const match = /at position (\d+)/.exec(message);
  return match ? Number(match[1]) : null;
}

/**
 * Text → a definition document (a JSON object), or a message saying what is wrong and
 * where. Only the JSON is checked here; the definition itself is the server's to validate.
 */
export function parseImportText(text: string): ImportParseResult {
  if (text.trim() === '') return { ok: false, error: 'Paste a definition or choose a .json file.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    // Drop V8's own position suffixes; we say where in our own words.
    const reason = raw
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/\s*in JSON at position \d+/, '')
      .trim();
    const offset = failureOffset(raw);
    if (offset === null) return { ok: false, error: `This is not valid JSON: ${reason}` };
    const { line, column } = lineAndColumn(text, offset);
    return { ok: false, error: `This is not valid JSON (line ${line}, column ${column}): ${reason}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return { ok: false, error: `A definition is a JSON object with "name", "nodes" and "edges"; this is ${kind}.` };
  }
  return { ok: true, document: value as Record<string, unknown> };
}

/** One problem from a 400 VALIDATION_ERROR on import (SPEC §1: each names its node/edge). */
export interface DefinitionProblem {
  code?: string;
  message: string;
  nodeId?: string;
  edgeId?: string;
  path?: string;
}

/** The server's `error.details`, narrowed to what the import dialog lists. */
export function definitionProblems(details: readonly unknown[]): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  for (const d of details) {
    if (!d || typeof d !== 'object') continue;
    const r = d as Record<string, unknown>;
    if (typeof r.message !== 'string') continue;
    out.push({
      message: r.message,
      ...(typeof r.code === 'string' ? { code: r.code } : {}),
      ...(typeof r.nodeId === 'string' ? { nodeId: r.nodeId } : {}),
      ...(typeof r.edgeId === 'string' ? { edgeId: r.edgeId } : {}),
      ...(typeof r.path === 'string' ? { path: r.path } : {}),
    });
  }
  return out;
}
