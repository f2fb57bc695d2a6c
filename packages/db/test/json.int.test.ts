import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, json, jsonOrNull } from '../src';

/**
 * json()/jsonOrNull() are how every JSON column is written. They must store what they are
 * given — user-chosen keys like `__proto__` or `$type` included — and never fail on U+0000,
 * which jsonb cannot hold (it becomes U+FFFD). Checked against the text Postgres stored.
 */
const prisma = createPrismaClient(process.env.DATABASE_URL!);
let workflowId: string;
let versionId: string;

beforeAll(async () => {
  const wf = await prisma.workflow.create({
    data: { name: 'json columns', versions: { create: { version: 1, definition: {} } } },
    include: { versions: true },
  });
  workflowId = wf.id;
  versionId = wf.versions[0]!.id;
});
afterAll(() => prisma.$disconnect());

async function roundTrip(triggerData: unknown, output: unknown) {
  const { id } = await prisma.execution.create({
    data: {
      workflowId,
      workflowVersionId: versionId,
      version: 1,
      trigger: 'manual',
      triggerData: json(triggerData),
      state: json({}),
      output: jsonOrNull(output),
    },
    select: { id: true },
  });
  const [text] = await prisma.$queryRaw<
    Array<{ t: string; o: string | null }>
  >`SELECT "triggerData"::text AS t, output::text AS o FROM executions WHERE id = ${id}::uuid`;
  const row = await prisma.execution.findUniqueOrThrow({ where: { id } });
  return { text: text!, row };
}

describe('json() / jsonOrNull()', () => {
  it('store U+0000 and lone surrogates as U+FFFD instead of failing the write', async () => {
    const { row } = await roundTrip({ [`k\u0000`]: ['x\u0000y', 'half \uD83D'] }, 'o\u0000');
    expect(row.triggerData).toEqual({ ['k\uFFFD']: ['x\uFFFDy', 'half \uFFFD'] });
    expect(row.output).toBe('o\uFFFD');
  });

  it('keep "__proto__", "constructor" and "$type" keys, nested too', async () => {
    const value = JSON.parse(
      '{"__proto__":{"a":1},"constructor":"c","$type":"DateTime","value":"x","list":[{"__proto__":2}]}',
    ) as Record<string, unknown>;
    const { text, row } = await roundTrip(value, { toString: 1 });
    expect(JSON.parse(text.t)).toEqual(value);
    expect(Object.keys(JSON.parse(text.t) as object).sort()).toEqual([
      '$type',
      '__proto__',
      'constructor',
      'list',
      'value',
    ]);
    expect(Object.getOwnPropertyDescriptor(row.triggerData, '__proto__')?.value).toEqual({ a: 1 });
    expect(Object.getOwnPropertyDescriptor((row.triggerData as { list: object[] }).list[0], '__proto__')?.value).toBe(
      2,
    );
    expect(text.o).toBe('{"toString": 1}');
  });

  it('keep "__proto__" keys through every write the adapters use (create, createMany, update, updateMany)', async () => {
    const value = JSON.parse('{"__proto__":{"a":1},"b":2}') as Record<string, unknown>;
    const { row } = await roundTrip({}, null);
    await prisma.execution.update({ where: { id: row.id }, data: { state: json(value), output: jsonOrNull(value) } });
    await prisma.executionStep.createMany({
      data: [
        {
          executionId: row.id,
          nodeId: 'n',
          scope: '',
          attempt: 1,
          status: 'running',
          input: json(value),
          startedAt: new Date(),
        },
      ],
    });
    await prisma.$transaction((tx) =>
      tx.executionStep.updateMany({
        where: { executionId: row.id },
        data: { output: jsonOrNull(value), error: jsonOrNull(value) },
      }),
    );
    const nested = await prisma.workflow.create({
      data: { name: 'nested', versions: { create: { version: 1, definition: json(value) } } },
      include: { versions: true },
    });
    const [e] = await prisma.$queryRaw<
      Array<Record<string, string>>
    >`SELECT state::text AS s, output::text AS o FROM executions WHERE id = ${row.id}::uuid`;
    const [st] = await prisma.$queryRaw<
      Array<Record<string, string>>
    >`SELECT input::text AS i, output::text AS o, error::text AS e FROM execution_steps WHERE "executionId" = ${row.id}::uuid`;
    const [v] = await prisma.$queryRaw<
      Array<Record<string, string>>
    >`SELECT definition::text AS d FROM workflow_versions WHERE id = ${nested.versions[0]!.id}::uuid`;
    for (const text of [e!.s, e!.o, st!.i, st!.o, st!.e, v!.d]) expect(text).toBe('{"b": 2, "__proto__": {"a": 1}}');
  });

  it('store scalars as JSON scalars, and null as SQL NULL in a nullable column', async () => {
    expect((await roundTrip('text', 0)).text).toEqual({ t: '"text"', o: '0' });
    expect((await roundTrip(undefined, null)).text).toEqual({ t: '{}', o: null });
    expect((await roundTrip([1, null, true], [])).text).toEqual({ t: '[1, null, true]', o: '[]' });
  });
});
