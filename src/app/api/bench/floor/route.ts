import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { db } from "@/server/db/client";

/**
 * The benchmark's floor: a bare route handler that parses JSON and writes one row, so
 * `npm run bench` can show how close the real hot path comes to it. Exists only when the
 * server was started with BENCH_FLOOR=1.
 */
export async function POST(request: Request) {
  if (process.env.BENCH_FLOOR !== "1") return NextResponse.json({ error: { code: "NOT_FOUND", message: "Not found" } }, { status: 404 });
  const body = (await request.json()) as { tenantId: string; assetId: string; userId: string; message: string };
  await db().message.create({
    data: {
      id: `bench_${randomUUID()}`,
      tenantId: body.tenantId,
      channelAssetId: body.assetId,
      channelUserId: body.userId,
      sender: "CUSTOMER",
      kind: "BENCH",
      text: body.message,
    },
  });
  return NextResponse.json({ ok: true }, { status: 202 });
}
