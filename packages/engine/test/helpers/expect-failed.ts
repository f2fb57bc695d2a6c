import { expect } from 'vitest';

/** The run ended `failed` with this error (any of its code, nodeId and message). */
export function expectFailed(r: { execution: { status: string; error?: unknown } }, error: object): void {
  expect(r.execution.status).toBe('failed');
  expect(r.execution.error).toMatchObject(error);
}
