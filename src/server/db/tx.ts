import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "./client";

/** The client inside an interactive transaction (db.$transaction(async (tx) => ...)). */
export type Tx = Prisma.TransactionClient;

/** A function that works alone or inside a caller's transaction takes either. */
export type DbOrTx = Db | Tx;
