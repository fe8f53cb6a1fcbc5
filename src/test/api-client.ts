/**
 * Calls the public API's route handlers with real Request objects, as Next would: the same
 * parsing, authentication, database writes and first delivery attempts.
 */
import { POST as postChannelMessage, GET as getChannelMessages } from "@/app/api/v1/channels/[assetId]/messages/route";
import { POST as postReceipt } from "@/app/api/v1/channels/[assetId]/receipts/route";
import { POST as postVisitor } from "@/app/api/v1/channels/[assetId]/visitors/route";
import { POST as postIntegrationEvent } from "@/app/api/v1/integrations/[integrationId]/events/route";

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string; field?: string } };
}

function request(path: string, init: { token?: string; body?: unknown; rawBody?: string; contentType?: string; method?: string; headers?: Record<string, string> }) {
  const headers: Record<string, string> = { "content-type": init.contentType ?? "application/json", ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const method = init.method ?? "POST";
  return new Request(`http://localhost${path}`, {
    method,
    headers,
    body: method === "GET" ? undefined : (init.rawBody ?? JSON.stringify(init.body ?? {})),
  });
}

async function answer(response: Response): Promise<ApiAnswer> {
  return { status: response.status, body: (await response.json()) as ApiAnswer["body"] };
}

type Init = Parameters<typeof request>[1];

export const api = {
  channelMessage: async (assetId: string, init: Init) =>
    answer(await postChannelMessage(request(`/api/v1/channels/${assetId}/messages`, init), { params: Promise.resolve({ assetId }) })),
  visitorMessages: async (assetId: string, token: string, after?: string) =>
    answer(
      await getChannelMessages(
        request(`/api/v1/channels/${assetId}/messages${after ? `?after=${after}` : ""}`, { token, method: "GET" }),
        { params: Promise.resolve({ assetId }) },
      ),
    ),
  receipt: async (assetId: string, init: Init) =>
    answer(await postReceipt(request(`/api/v1/channels/${assetId}/receipts`, init), { params: Promise.resolve({ assetId }) })),
  visitor: async (assetId: string, init: Init = {}) =>
    answer(await postVisitor(request(`/api/v1/channels/${assetId}/visitors`, init), { params: Promise.resolve({ assetId }) })),
  integrationEvent: async (integrationId: string, init: Init) =>
    answer(
      await postIntegrationEvent(request(`/api/v1/integrations/${integrationId}/events`, init), {
        params: Promise.resolve({ integrationId }),
      }),
    ),
};
