// The bench's output: one Markdown table (phase | metric | value | target/ratio) under a
// header naming the machine, date, commit and Node version, the same as JSON in
// test-results/ (git-ignored), and the list of problems that make the run exit non-zero.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

export interface Row {
  phase: string;
  metric: string;
  value: string;
  target: string;
}

export class Report {
  readonly rows: Row[] = [];
  /** Lost, failed or wrong results: any entry makes the bench exit 1. */
  readonly problems: string[] = [];
  /** Raw figures per phase, for the JSON file (the table is rounded). */
  readonly data: Record<string, unknown> = {};

  add(phase: string, metric: string, value: string | number, target = ''): void {
    this.rows.push({ phase, metric, value: typeof value === 'number' ? fmt(value) : value, target });
  }

  problem(phase: string, message: string): void {
    this.problems.push(`${phase}: ${message}`);
  }
}

export interface Header {
  machine: string;
  date: string;
  commit: string;
  node: string;
}

export function header(root: string): Header {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    // Others work in this tree: say when the measured code is not exactly the commit.
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    if (dirty) commit += '+dirty';
  } catch {
    // not a git checkout
  }
  const cpus = os.cpus();
  return {
    machine:
      `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}`,
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    commit,
    node: process.version,
  };
}

export function renderTable(h: Header, report: Report, title = 'Weft bench'): string {
  const lines = [
    `${title} — ${h.date} — commit ${h.commit} — ${h.machine} — Node ${h.node}`,
    '',
    '| phase | metric | value | target/ratio |',
    '|---|---|---|---|',
    ...report.rows.map((r) => `| ${r.phase} | ${r.metric} | ${r.value} | ${r.target} |`),
  ];
  if (report.problems.length) lines.push('', 'Problems:', ...report.problems.map((p) => `- ${p}`));
  return lines.join('\n');
}

/** Writes test-results/bench-<date>-<commit>.json and returns its path. */
export function writeJson(root: string, h: Header, report: Report, options: unknown): string {
  const dir = join(root, 'test-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${h.date.slice(0, 10)}-${h.commit.replace('+', '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify({ ...h, options, rows: report.rows, problems: report.problems, data: report.data }, null, 2) + '\n',
  );
  return file;
}

/** Rounds for the table: 3 significant digits below 100, integers above. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return String(Number(n.toPrecision(3)));
}

/** Nearest-rank percentile of an ascending array (Infinity stands for a timed-out request). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** Least-squares slope of y over x (NaN with fewer than two distinct x). */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
}
