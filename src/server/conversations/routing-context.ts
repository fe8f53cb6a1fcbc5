import type { ChannelType, IntegrationKind, IntegrationPlatform, IntegrationStatus } from "@/generated/prisma/enums";
import type { Db } from "@/server/db/client";
import { rulesFromRows } from "@/server/routing/from-rows";
import type { RoutingRule } from "@/server/routing/types";

export interface ReceiverIntegration {
  id: string;
  kind: IntegrationKind;
  platform: IntegrationPlatform;
  status: IntegrationStatus;
}

export interface RoutingContext {
  asset: {
    id: string;
    tenantId: string;
    type: ChannelType;
    channelLabel: string;
    serviceId: string | null;
    callbackUrl: string | null;
    /** HTTP assets: the hash of the secret callers present as a Bearer token. */
    secretHash: string | null;
    allowedOrigins: string[];
  };
  rules: RoutingRule[];
  integrations: Map<string, ReceiverIntegration>;
}

/** Everything routing needs about one channel asset: its service's rules and integrations. */
export async function loadRoutingContext(db: Db, assetId: string): Promise<RoutingContext | null> {
  const asset = await db.channelAsset.findUnique({
    where: { id: assetId },
    select: {
      id: true,
      tenantId: true,
      type: true,
      channelLabel: true,
      serviceId: true,
      callbackUrl: true,
      secretHash: true,
      allowedOrigins: true,
      service: {
        select: {
          rules: { orderBy: { position: "asc" } },
          integrations: { select: { integration: { select: { id: true, kind: true, platform: true, status: true } } } },
        },
      },
    },
  });
  if (!asset) return null;
  const { service, ...rest } = asset;
  return {
    asset: rest,
    rules: rulesFromRows(service?.rules ?? []),
    integrations: new Map((service?.integrations ?? []).map(({ integration }) => [integration.id, integration])),
  };
}
