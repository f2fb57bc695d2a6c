import type { Prisma, PrismaClient } from '../generated/prisma/client';

/** What a Prisma repository runs on: the client, or the transaction client of `store.transaction`. */
export type Db = PrismaClient | Prisma.TransactionClient;
