import { describe, expect, it } from 'vitest';
import { readDatabaseUrl } from '../src/pg-pool';

describe('readDatabaseUrl', () => {
  it("takes Weft's pgbouncer flag off the URL and keeps every other parameter", () => {
    expect(readDatabaseUrl('postgresql://weft:pw@bouncer:6432/weft?sslmode=require&pgbouncer=true')).toEqual({
      url: 'postgresql://weft:pw@bouncer:6432/weft?sslmode=require',
      pgbouncer: true,
    });
    expect(readDatabaseUrl('postgresql://weft@bouncer:6432/weft?pgbouncer=1')).toEqual({
      url: 'postgresql://weft@bouncer:6432/weft',
      pgbouncer: true,
    });
    expect(readDatabaseUrl('postgresql://weft@db:5432/weft?pgbouncer=false')).toEqual({
      url: 'postgresql://weft@db:5432/weft',
      pgbouncer: false,
    });
  });

  it('leaves a URL without the flag exactly as it was', () => {
    const url = 'postgres://postgres@127.0.0.1:5432/weft_test?application_name=weft%20web';
    expect(readDatabaseUrl(url)).toEqual({ url, pgbouncer: false });
  });
});
