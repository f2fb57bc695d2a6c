/// <reference types="vite/client" />
import { describe } from 'vitest';
import { createMemoryStore } from '../src/repositories/memory';
import type { MakeStore } from './contracts/harness';

// Every repository contract (contracts/*.contract.ts) on the in-memory store.
const suites = import.meta.glob<{ contract: (make: MakeStore) => void }>('./contracts/*.contract.ts', { eager: true });
const make: MakeStore = () => ({ store: createMemoryStore(), kind: 'memory' });

for (const [path, suite] of Object.entries(suites)) describe(`memory ${path}`, () => suite.contract(make));
