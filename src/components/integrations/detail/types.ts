/** The integration page's data, as the server returns it (integration.get). */
import type { RouterOutputs } from "@/lib/router-outputs";

export type IntegrationDetail = RouterOutputs["integration"]["get"];
/** The part only owners and admins get: URLs, the generated webhook, secret grace periods. */
export type IntegrationManage = NonNullable<IntegrationDetail["manage"]>;
export type IntegrationUsage = IntegrationDetail["usage"];
