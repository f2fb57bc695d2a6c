import { describe, expect, it } from 'vitest';
import { connectionProblem } from '../../src/features/editor/connection-rules';
import { edge, node } from './editor-helpers';

const nodes = [
  node('start', 'trigger'),
  node('a'),
  node('b'),
  node('big', 'if'),
  node('end', 'transform', { acceptsInput: false }),
];
const edges = [edge('e1', 'start', 'a'), edge('e2', 'a', 'b')];
const check = (source: string, target: string, sourceHandle: string | null = 'out') =>
  connectionProblem({ source, target, sourceHandle }, nodes, edges);

describe('connection rules', () => {
  it('allows a fresh forward edge', () => {
    expect(check('b', 'big')).toBeNull();
    expect(check('a', 'big', 'error')).toBeNull();
    expect(check('big', 'b', 'true')).toBeNull();
  });
  it('refuses self-loops', () => expect(check('a', 'a')).toMatch(/itself/));
  it('refuses edges into the trigger', () => expect(check('b', 'start')).toMatch(/trigger/));
  it('refuses nodes that take no input', () => expect(check('b', 'end')).toMatch(/no input/));
  it('refuses unknown handles', () => {
    expect(check('big', 'b', 'out')).toMatch(/no output "out"/);
    expect(check('a', 'big', 'maybe')).toMatch(/no output/);
  });
  it('refuses missing nodes', () => expect(check('a', 'ghost')).toMatch(/no longer exists/));
  it('refuses duplicates', () => expect(check('a', 'b')).toMatch(/already connected/));
  it('refuses cycles', () => expect(check('b', 'a')).toMatch(/cycle/));
  it('treats a missing handle as out', () =>
    expect(connectionProblem({ source: 'b', target: 'big' }, nodes, edges)).toBeNull());
});
