import { describe, expect, it } from 'vitest';
import { definitionProblems, lineAndColumn, parseImportText } from '../../src/features/workflows/import-parse';

describe('parseImportText', () => {
  it('accepts a definition object', () => {
    const result = parseImportText('{ "name": "x", "nodes": [], "edges": [] }');
    expect(result).toEqual({ ok: true, document: { name: 'x', nodes: [], edges: [] } });
  });

  it('asks for input when blank', () => {
    expect(parseImportText('  \n ')).toEqual({ ok: false, error: 'Paste a definition or choose a .json file.' });
  });

  it('says where the JSON breaks, as line and column', () => {
    const result = parseImportText('{\n  "name": "x",\n  "nodes": [],\n}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(/^This is not valid JSON/);
    expect(result.error).toContain('line 4, column 1');
    expect(result.error).not.toMatch(/position \d+/);
  });

  it('reports JSON errors without a position too', () => {
    const result = parseImportText('{"name": ');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^This is not valid JSON/);
  });

  it('rejects JSON that is not an object', () => {
    expect(parseImportText('[1, 2]')).toMatchObject({ ok: false, error: expect.stringContaining('this is an array') });
    expect(parseImportText('null')).toMatchObject({ ok: false, error: expect.stringContaining('this is null') });
    expect(parseImportText('"name"')).toMatchObject({ ok: false, error: expect.stringContaining('this is a string') });
  });
});

describe('lineAndColumn', () => {
  it('is 1-based and counts newlines', () => {
    expect(lineAndColumn('abc', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd\nef', 7)).toEqual({ line: 3, column: 2 });
    expect(lineAndColumn('ab', 99)).toEqual({ line: 1, column: 3 });
  });
});

describe('definitionProblems', () => {
  it('keeps the problems the server lists, with their node and edge ids', () => {
    const details = [
      { code: 'UNKNOWN_NODE_TYPE', message: 'unknown node type "nope"', nodeId: 'n1', path: 'body.nodes.1.type' },
      { code: 'MISSING_NODE', message: 'edge target "ghost" does not exist', edgeId: 'e9', path: 'body.edges.0' },
      { message: 'exactly one trigger node is required' },
      'garbage',
      { nodeId: 'no-message' },
      null,
    ];
    expect(definitionProblems(details)).toEqual([
      { code: 'UNKNOWN_NODE_TYPE', message: 'unknown node type "nope"', nodeId: 'n1', path: 'body.nodes.1.type' },
      { code: 'MISSING_NODE', message: 'edge target "ghost" does not exist', edgeId: 'e9', path: 'body.edges.0' },
      { message: 'exactly one trigger node is required' },
    ]);
  });
});
