// `@weft/db/memory`: the in-memory store for unit tests of the web's use cases. Each repository here
// passes the same contract suite (packages/db/test/contracts) as its Prisma twin.
export { createMemoryStore } from './store';
export { emptyTables, MemoryUniqueViolation, newId, type MemoryTables } from './tables';
