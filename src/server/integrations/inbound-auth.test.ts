/**
 * The generated inbound webhook does not tell a caller which integration IDs exist: an unknown
 * ID and a known one with a wrong secret get the same 401 answer.
 */
import { describe, expect, it } from "vitest";
import { api } from "@/test/api-client";
import { createActiveIntegration, createOwner } from "@/test/factories";

describe("inbound webhook authentication", () => {
  it("answers an unknown integration ID exactly as a known one with a wrong secret: 401, same body", async () => {
    const { tenantId } = await createOwner();
    const bot = await createActiveIntegration(tenantId);
    const body = { eventid: "1001", conversation_id: "conv_x", message: "hi" };

    const wrongSecret = await api.integrationEvent(bot.id, { token: "sbin_wrong", body });
    const unknownId = await api.integrationEvent("cl_unknown_integration", { token: "sbin_wrong", body });
    const unknownWithRealSecret = await api.integrationEvent("cl_unknown_integration", { token: bot.inboundSecret, body });
    const noSecret = await api.integrationEvent("cl_unknown_integration", { body });

    expect(wrongSecret.status).toBe(401);
    for (const answer of [unknownId, unknownWithRealSecret, noSecret]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toStrictEqual(wrongSecret.body);
    }
  });
});
