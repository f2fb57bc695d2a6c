import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** `executions-YYYY-MM-DD.jsonl.gz`: one file per UTC day of `finishedAt`. */
export function archiveFileName(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`archive day must be YYYY-MM-DD, got ${JSON.stringify(day)}`);
  return `executions-${day}.jsonl.gz`;
}

/** Throws, naming ARCHIVE_DIR, unless `dir` is an existing directory this process may write. */
export async function checkArchiveDir(dir: string): Promise<void> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
    await access(dir, constants.W_OK);
  } catch (e) {
    throw new Error(`ARCHIVE_DIR ${dir} is not a writable directory (${(e as Error).message}): nothing was pruned`);
  }
}

/**
 * Appends each day's lines to its file as one more gzip member (a gzip file may hold several;
 * `gunzip`, `zcat` and zlib read them all as one stream) and fsyncs it — and the directory,
 * when the file is new — before returning, so the rows may be deleted once this resolves.
 * A failed write is cut back off the file, so it never ends in a torn member.
 */
export async function appendToArchive(dir: string, linesByDay: ReadonlyMap<string, readonly string[]>): Promise<void> {
  let created = false;
  for (const [day, lines] of linesByDay) {
    if (lines.length === 0) continue;
    const member = gzipSync(`${lines.join('\n')}\n`);
    const file = await open(join(dir, archiveFileName(day)), 'a');
    try {
      const before = (await file.stat()).size;
      if (before === 0) created = true;
      try {
        await file.write(member, 0, member.length, null);
        await file.sync();
      } catch (e) {
        await file.truncate(before).catch(() => undefined);
        throw e;
      }
    } finally {
      await file.close();
    }
  }
  if (created) await syncDir(dir);
}

// A new file's directory entry is durable only once the directory itself is fsynced.
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
