import { buildOpenApiDocument } from '@weft/contracts/openapi';
import { describe, expect, it } from 'vitest';
import {
  fieldsOf,
  operationsByTag,
  securityLabel,
  typeLabel,
  type OpenApiDocument,
} from '../../src/features/api-docs/schema-text';

const doc = JSON.parse(JSON.stringify(buildOpenApiDocument({ version: '0.0.0' }))) as OpenApiDocument;
const schema = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('the API docs page reading the OpenAPI document', () => {
  it('lists every operation once, grouped by tag', () => {
    const groups = operationsByTag(doc);
    const count = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(groups.flatMap((g) => g.operations)).toHaveLength(count);
    expect(groups.map((g) => g.tag)).toEqual(
      expect.arrayContaining(['Auth', 'Workflows', 'Executions', 'Webhooks', 'Schedules', 'Operations']),
    );
    const run = groups.flatMap((g) => g.operations).find((o) => o.path === '/api/workflows/{id}/run')!;
    expect(run.method).toBe('post');
    expect(securityLabel(run.op)).toBe('session or bearer');
    expect(securityLabel(groups.flatMap((g) => g.operations).find((o) => o.path === '/api/auth/login')!.op)).toBe(
      'Public',
    );
  });

  it("names each field's type, resolving components and nullable unions", () => {
    const fields = new Map(fieldsOf(doc, schema('ExecutionDetail')).map((f) => [f.name, f]));
    expect(typeLabel(doc, fields.get('status')!.schema)).toBe('ExecutionStatus');
    expect(typeLabel(doc, fields.get('steps')!.schema)).toBe('array of Step');
    expect(typeLabel(doc, fields.get('finishedAt')!.schema)).toBe('string (date-time) | null');
    expect(typeLabel(doc, fields.get('error')!.schema)).toBe('ExecutionError | null');
    expect(fields.get('id')!.required).toBe(true);
    expect(typeLabel(doc, schema('ExecutionStatus'))).toBe('ExecutionStatus');
    expect(typeLabel(doc, doc.components!.schemas!.ExecutionStatus!)).toBe(
      '"queued" | "running" | "succeeded" | "failed" | "canceled" | "timed_out"',
    );
    const body = new Map(fieldsOf(doc, schema('RunBody')).map((f) => [f.name, f]));
    expect(body.get('version')!.required).toBe(false);
    expect(typeLabel(doc, body.get('version')!.schema)).toBe('integer ≥ 1 ≤ 2147483647');
  });
});
