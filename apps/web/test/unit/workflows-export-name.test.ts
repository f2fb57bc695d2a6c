import { describe, expect, it } from 'vitest';
import { exportFileName } from '../../src/features/workflows/file-name';

describe('exportFileName', () => {
  it('is <name>.weft.json with whitespace runs as dashes', () => {
    expect(exportFileName('Sum and branch')).toBe('Sum-and-branch.weft.json');
    expect(exportFileName('  Nightly\treport  ')).toBe('Nightly-report.weft.json');
  });

  it('replaces characters reserved on common file systems', () => {
    expect(exportFileName('a/b\\c:d*e?f"g<h>i|j')).toBe('a-b-c-d-e-f-g-h-i-j.weft.json');
    expect(exportFileName('line\nbreak\u0007bell')).toBe('line-break-bell.weft.json');
  });

  it('never yields a hidden file or a path', () => {
    expect(exportFileName('../../etc/passwd')).toBe('etc-passwd.weft.json');
    expect(exportFileName('.env')).toBe('env.weft.json');
  });

  it('keeps letters from any script', () => {
    expect(exportFileName('Relatório diário – 東京')).toBe('Relatório-diário-–-東京.weft.json');
  });

  it('falls back to "workflow" when nothing usable is left', () => {
    expect(exportFileName('')).toBe('workflow.weft.json');
    expect(exportFileName(' /// ')).toBe('workflow.weft.json');
  });

  it('caps very long names', () => {
    const name = exportFileName('x'.repeat(500));
    expect(name).toBe(`${'x'.repeat(100)}.weft.json`);
  });
});
