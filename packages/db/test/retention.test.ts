import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { laterBoundary } from '../src/retention';
import { appendToArchive, archiveFileName } from '../src/retention-archive';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('laterBoundary', () => {
  const at = (iso: string, id: string) => ({ finishedAt: new Date(iso), id });
  it('takes the later time, then the larger uuid (bytewise, case-insensitive), and ignores a missing one', () => {
    const a = at('2025-01-01T00:00:00.000Z', '00000000-0000-0000-0000-000000000000');
    const b = at('2025-01-01T00:00:00.001Z', '00000000-0000-0000-0000-000000000000');
    expect(laterBoundary(a, b)).toBe(b);
    expect(laterBoundary(b, a)).toBe(b);
    const c = at('2025-01-01T00:00:00.001Z', 'FFFFFFFF-0000-0000-0000-000000000000');
    const d = at('2025-01-01T00:00:00.001Z', 'a0000000-0000-0000-0000-000000000000');
    expect(laterBoundary(c, d)).toBe(c);
    expect(laterBoundary(d, c)).toBe(c);
    expect(laterBoundary(a, null)).toBe(a);
  });
});

describe('archive files', () => {
  it('names a file by its UTC day and refuses anything else as a day', () => {
    expect(archiveFileName('2025-03-01')).toBe('executions-2025-03-01.jsonl.gz');
    expect(() => archiveFileName('../etc')).toThrow(/YYYY-MM-DD/);
  });

  it('appends one gzip member per call; gunzip reads every member back in order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'weft-archive-unit-'));
    dirs.push(dir);
    await appendToArchive(
      dir,
      new Map([
        ['2025-03-01', ['{"a":1}', '{"a":2}']],
        ['2025-03-02', ['{"b":1}']],
      ]),
    );
    await appendToArchive(
      dir,
      new Map([
        ['2025-03-01', ['{"a":3}']],
        ['2025-03-03', []],
      ]),
    );
    const day1 = await readFile(join(dir, 'executions-2025-03-01.jsonl.gz'));
    expect(gunzipSync(day1).toString()).toBe('{"a":1}\n{"a":2}\n{"a":3}\n');
    expect(gunzipSync(await readFile(join(dir, 'executions-2025-03-02.jsonl.gz'))).toString()).toBe('{"b":1}\n');
    // A day with no lines makes no file.
    await expect(stat(join(dir, 'executions-2025-03-03.jsonl.gz'))).rejects.toThrow(/ENOENT/);
  });
});
