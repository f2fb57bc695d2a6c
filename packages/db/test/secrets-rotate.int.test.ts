// rotateSealedColumns on real Postgres: batches (one row at a time here), v1 and v2 values, both
// webhook columns, a value no key opens, and the compare-and-set that leaves a value the app
// rewrote meanwhile alone. Each test reads only its own rows: the table is shared with other files.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgPool, createPrismaClient, rotateSealedColumns, SecretBox, type PgPool } from '../src';

const prisma = createPrismaClient(process.env.DATABASE_URL!);
const pool = createPgPool(process.env.DATABASE_URL!, { max: 2 });
afterAll(async () => {
  await prisma.$disconnect();
  await pool.end();
});

// V1_UNDER_A was sealed under A by the format before key ids (as in secret-box.test.ts).
const A = 'key-a-for-the-secret-box-tests-0123';
const V1_UNDER_A = 'v1.xjopY91upVTpOti_.IDdCQMsoRUye0wJnymcAvQ.g002Bwe8qTgpg024UA';
const B = `rotate-test-key-b-${randomUUID()}`;
const underA = new SecretBox({ current: A });
const ring = new SecretBox({ current: B, previous: A });

async function webhookSealed(secretEncrypted: string, previousSecretEncrypted: string | null = null): Promise<string> {
  const wf = await prisma.workflow.create({ data: { name: 'rotate' } });
  const w = await prisma.webhook.create({
    data: { workflowId: wf.id, token: randomUUID(), secretEncrypted, previousSecretEncrypted },
  });
  return w.id;
}
const row = (id: string) =>
  prisma.webhook.findUniqueOrThrow({ where: { id }, select: { secretEncrypted: true, previousSecretEncrypted: true } });

describe('rotateSealedColumns', () => {
  it('re-seals v1 and v2 values of both columns under the current key, batch by batch, and keeps what no key opens', async () => {
    const legacy = await webhookSealed(V1_UNDER_A);
    const rotating = await webhookSealed(underA.seal('new'), underA.seal('old'));
    const foreign = await webhookSealed(new SecretBox({ current: `unknown-key-${randomUUID()}` }).seal('x'));
    const foreignBefore = await row(foreign);

    const result = await rotateSealedColumns(pool, ring, { batchSize: 1 });
    expect(result.reencrypted).toBeGreaterThanOrEqual(3);
    expect(result.unreadable).toContainEqual({
      table: 'webhooks',
      idColumn: 'id',
      column: 'secretEncrypted',
      id: foreign,
      reason: expect.stringMatching(/neither WEFT_SECRET_KEY/),
    });
    const l = await row(legacy);
    const r = await row(rotating);
    for (const v of [l.secretEncrypted, r.secretEncrypted, r.previousSecretEncrypted!])
      expect(ring.isCurrent(v)).toBe(true);
    expect(ring.open(l.secretEncrypted)).toBe('legacy-secret');
    expect([ring.open(r.secretEncrypted), ring.open(r.previousSecretEncrypted!)]).toEqual(['new', 'old']);
    expect(l.previousSecretEncrypted).toBeNull();
    expect(await row(foreign)).toEqual(foreignBefore);

    const again = await rotateSealedColumns(pool, ring, { batchSize: 1 });
    expect(again.unreadable.map((u) => u.id)).toContain(foreign);
    expect(await row(legacy)).toEqual(l);
    expect(await row(rotating)).toEqual(r);
  });

  it('leaves a value the app rewrote between the read and the write to that write (compare-and-set)', async () => {
    const id = await webhookSealed(underA.seal('before'));
    const appWrote = ring.seal('rewritten by the app');
    let raced = false;
    // The real pool, with the app's write landing just before the rotation's UPDATE of this row.
    const racing = {
      query: async (text: string, values?: unknown[]) => {
        if (!raced && text.startsWith('UPDATE') && values?.[1] === id) {
          raced = true;
          await prisma.webhook.update({ where: { id }, data: { secretEncrypted: appWrote } });
        }
        return pool.query(text, values);
      },
    } as unknown as PgPool;

    const result = await rotateSealedColumns(racing, ring);
    expect(raced).toBe(true);
    expect(result.changedMeanwhile).toBeGreaterThanOrEqual(1);
    expect((await row(id)).secretEncrypted).toBe(appWrote);
  });
});
