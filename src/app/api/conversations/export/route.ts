import { db } from "@/server/db/client";
import { ApiError, handleApi } from "@/server/http/json-api";
import { signedInMember } from "@/server/http/signed-in-member";
import { firstProblem } from "@/lib/zod-problem";
import { conversationsCsv } from "@/server/inspector/export";
import { listConversationsSchema } from "@/server/inspector/schemas";

export const dynamic = "force-dynamic";

const TEXT_FILTERS = ["id", "channelUserId", "channelAssetId", "serviceId", "integrationId", "status", "kind", "deliveryState"] as const;

/** The inspector's filtered conversation list as CSV, streamed as it is read (the list's own query parameters). */
export function GET(request: Request) {
  return handleApi(async () => {
    const member = await signedInMember(request, "export conversations");
    const params = new URL(request.url).searchParams;
    const date = (name: string) => {
      const value = params.get(name);
      return value ? new Date(value) : null;
    };
    const parsed = listConversationsSchema.safeParse({
      ...Object.fromEntries(TEXT_FILTERS.map((name) => [name, params.get(name)])),
      sort: params.get("sort") ?? undefined,
      from: date("from"),
      to: date("to"),
    });
    if (!parsed.success) {
      const problem = firstProblem(parsed.error);
      throw new ApiError(400, "INVALID_FIELD", problem.message, problem.field);
    }
    const lines = conversationsCsv(db(), member, parsed.data);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await lines.return(undefined);
      },
    });
    const day = new Date().toISOString().slice(0, 10);
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="conversations-${day}.csv"`,
        "cache-control": "no-store",
      },
    });
  });
}
