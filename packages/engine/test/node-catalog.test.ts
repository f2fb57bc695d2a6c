import { describe, expect, it } from 'vitest';
import { describeNodeTypes, NODE_DEFINITIONS, NodeRegistry, type NodeTypeInfo } from '../src';
import { defaultRegistry } from '../src/nodes/registry';

/** GET /api/node-types (SPEC §7): every node type with its parameter JSON Schema and handles. */

const catalog = describeNodeTypes();
const byType = Object.fromEntries(catalog.map((n) => [n.type, n])) as Record<string, NodeTypeInfo>;
type Schema = {
  type?: string;
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
  additionalProperties?: unknown;
};
const schemaOf = (type: string) => byType[type]!.parameters as Schema;

describe('describeNodeTypes', () => {
  it('lists every type in registry order', () => {
    expect(catalog.map((n) => n.type)).toEqual([
      'trigger',
      'transform',
      'if',
      'switch',
      'merge',
      'respond',
      'fail',
      'http',
      'loop',
    ]);
  });

  it('is plain JSON (it is sent over the API as is)', () => {
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
  });

  it('gives every type a label, description, category, icon and an object JSON Schema', () => {
    for (const n of catalog) {
      expect(n.label.length, n.type).toBeGreaterThan(0);
      expect(n.description.length, n.type).toBeGreaterThan(10);
      expect(['core', 'flow', 'data', 'network']).toContain(n.category);
      expect(n.icon.length, n.type).toBeGreaterThan(0);
      expect(n.parameters).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        additionalProperties: false,
      });
    }
  });

  it.each([
    ['trigger', [], []],
    ['transform', ['fields', 'keepInput'], ['fields']],
    ['if', ['condition'], ['condition']],
    ['switch', ['value', 'cases'], ['value', 'cases']],
    ['merge', ['mode'], []],
    ['respond', ['status', 'headers', 'body'], ['body']],
    ['fail', ['message'], ['message']],
    ['http', ['method', 'url', 'headers', 'query', 'body', 'timeoutMs', 'responseType'], ['url']],
  ])('%s parameters: %j, required %j', (type, props, required) => {
    const s = schemaOf(type);
    expect(Object.keys(s.properties ?? {})).toEqual(props);
    expect(s.required ?? []).toEqual(required);
  });

  it('describes enums and defaults the inspector needs', () => {
    expect(schemaOf('merge').properties!.mode).toMatchObject({
      type: 'string',
      enum: ['append', 'object'],
      default: 'append',
    });
    expect(schemaOf('http').properties!.method).toMatchObject({
      enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
      default: 'GET',
    });
    expect(schemaOf('http').properties!.responseType).toMatchObject({ enum: ['json', 'text'], default: 'json' });
    expect(schemaOf('respond').properties!.status).toMatchObject({
      type: 'integer',
      minimum: 100,
      maximum: 599,
      default: 200,
    });
    expect(schemaOf('switch').properties!.cases).toMatchObject({ type: 'array', items: { type: 'string' } });
  });

  it.each([
    ['trigger', ['out'], false, true, false, true],
    ['transform', ['out'], false, true, true, false],
    ['if', ['true', 'false'], false, true, true, false],
    ['switch', ['default'], true, true, true, false],
    ['merge', ['out'], false, true, true, false],
    ['respond', ['out'], false, true, true, false],
    ['fail', [], false, false, true, false],
    ['http', ['out'], false, true, true, false],
  ])(
    '%s: handles %j, dynamic=%s, errorHandle=%s, acceptsInput=%s, starts=%s',
    (type, handles, dynamicHandles, errorHandle, acceptsInput, starts) => {
      expect(byType[type]).toMatchObject({ handles, dynamicHandles, errorHandle, acceptsInput, starts });
    },
  );

  it('marks switch cases as a literal parameter (it defines handles) and nothing else', () => {
    expect(catalog.filter((n) => n.literalParameters.length > 0).map((n) => [n.type, n.literalParameters])).toEqual([
      ['switch', ['cases']],
    ]);
  });

  it('switch handles follow its cases', () => {
    expect(defaultRegistry.get('switch')!.handles({ cases: ['a', 'b'] })).toEqual(['case:a', 'case:b', 'default']);
    expect(defaultRegistry.get('switch')!.handles({ cases: 'not an array' })).toEqual(['default']);
  });
});

describe('NodeRegistry', () => {
  it('holds every definition once and rejects a duplicate type', () => {
    expect(defaultRegistry.types()).toEqual(NODE_DEFINITIONS.map((d) => d.type));
    expect(() => new NodeRegistry([...NODE_DEFINITIONS, NODE_DEFINITIONS[1]])).toThrow(
      'duplicate node type "transform"',
    );
    expect(defaultRegistry.get('teleport')).toBeUndefined();
  });

  it('describes a custom registry', () => {
    const reg = new NodeRegistry([NODE_DEFINITIONS[0], NODE_DEFINITIONS[6]]);
    expect(describeNodeTypes(reg).map((n) => n.type)).toEqual(['trigger', 'fail']);
  });
});
