/// <reference types="vite/client" />
import { afterAll, describe } from 'vitest';
import { createPrismaClient, createPrismaStore } from '../src';
import type { MakeStore } from './contracts/harness';

// Every repository contract (contracts/*.contract.ts) on Postgres, through the store the web app uses.
const suites = import.meta.glob<{ contract: (make: MakeStore) => void }>('./contracts/*.contract.ts', { eager: true });
const prisma = createPrismaClient(process.env.DATABASE_URL!);
const store = createPrismaStore(prisma);
afterAll(() => prisma.$disconnect());
const make: MakeStore = () => ({ store, kind: 'postgres' });

for (const [path, suite] of Object.entries(suites)) describe(`postgres ${path}`, () => suite.contract(make));
