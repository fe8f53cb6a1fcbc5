import type { Prisma } from "@/generated/prisma/client";

/** The client inside an interactive transaction (db.$transaction(async (tx) => ...)). */
export type Tx = Prisma.TransactionClient;
