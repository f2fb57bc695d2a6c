// The one error table's backstop (issue 19, item 4): a value the database itself refuses as out
// of range — raised for real by Postgres, through Prisma's driver adapter and through the raw pg
// pool — is a 400 for the client, not a 500. Inputs are bounded before they get there
// (boundary-inputs.int.test.ts); this holds what happens if one bound is ever missed.
import { afterAll, describe, expect, it } from 'vitest';
import { disposeServices, getServices } from '@/server/composition';
import { toApiError } from '@/server/http/map-error';
import { ORIGIN } from '../../apps/web/test/helpers';
import { testDb } from '../integration/db';

afterAll(() => disposeServices());

const req = new Request(`${ORIGIN}/api/test`);
const warnings: unknown[] = [];
const logger = { error: () => undefined, warn: (o: unknown) => void warnings.push(o) };

async function thrown(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected the database to refuse this');
    },
    (err: unknown) => err,
  );
}

describe('database range errors map to 400', () => {
  it('an int4 overflow through Prisma (P2020 / 22003)', async () => {
    const err = await thrown(testDb().workflowVersion.findFirst({ where: { version: 2_147_483_648 } }));
    const api = toApiError(err, logger, req);
    expect({ status: api.status, code: api.code }).toEqual({ status: 400, code: 'VALIDATION_ERROR' });
    expect(api.message).toBe('A number in the request is out of range for where it is stored');
  });

  it('an int4 overflow, a malformed uuid and a too-deep jsonb through the pg pool (22003, 22P02, 54001)', async () => {
    const { pool } = getServices();
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    for (const [sql, params] of [
      ['select $1::int4', ['2147483648']],
      ['select $1::uuid', ['not-a-uuid']],
      ['select $1::jsonb', [deep]],
    ] as const) {
      const api = toApiError(await thrown(pool.query(sql, [...params])), logger, req);
      expect({ sql, status: api.status, code: api.code }).toEqual({ sql, status: 400, code: 'VALIDATION_ERROR' });
    }
  });

  it('a too-deep jsonb through Prisma', async () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const api = toApiError(await thrown(testDb().$queryRawUnsafe('select $1::jsonb', deep)), logger, req);
    expect({ status: api.status, message: api.message }).toEqual({
      status: 400,
      message: 'A value in the request is nested too deeply to store',
    });
  });

  it('logs each one as a missing bound, and still answers anything else with a bare 500', () => {
    expect(warnings.length).toBeGreaterThanOrEqual(5);
    expect(toApiError(new Error('boom'), logger, req).status).toBe(500);
  });
});
