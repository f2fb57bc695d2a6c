import type { Store } from '../../src';

/**
 * How a contract suite gets a store: the in-memory one (store-memory.test.ts) or the one on Postgres
 * (store-prisma.int.test.ts). Every `*.contract.ts` here exports `contract(make)` and runs on both, so the
 * fake the web's unit tests use cannot drift from the repository it stands in for.
 *
 * Postgres is shared by every test file and not emptied between them: a suite makes its own rows
 * (unique names, emails, ids) and asserts on those, never on table counts.
 */
export interface StoreHarness {
  store: Store;
  /** 'memory' or 'postgres': for the rare assertion that can only hold on one (say why where used). */
  kind: 'memory' | 'postgres';
}

export type MakeStore = () => StoreHarness;

/** A value unique to this run, for names and emails a suite filters on. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
