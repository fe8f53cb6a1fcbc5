/**
 * The hosted web chat's per-visitor token: it names one visitor on one WEB_CHAT asset and
 * is signed with a key derived from APP_ENCRYPTION_KEY, so the platform needs no table of
 * visitors and a token for one asset is worthless on another. The signature also covers the
 * asset's visitor-token epoch: moving it on ("Sign out every visitor") voids every token issued
 * before, while epoch 0 signs as tokens always did, so no visitor was signed out by its arrival.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { appKey } from "@/server/security/app-key";

let cached: { source: Buffer; key: Buffer } | undefined;

function visitorKey(): Buffer {
  const source = appKey();
  if (cached?.source !== source) {
    cached = { source, key: Buffer.from(hkdfSync("sha256", source, Buffer.alloc(0), "switchboard/visitor-token/v1", 32)) };
  }
  return cached.key;
}

/** The asset a token is for and the epoch it was issued in. */
export interface VisitorTokenScope {
  id: string;
  visitorTokenEpoch: number;
}

const sign = (asset: VisitorTokenScope, visitorId: string) =>
  createHmac("sha256", visitorKey())
    .update(asset.visitorTokenEpoch === 0 ? `${asset.id}.${visitorId}` : `${asset.id}.${visitorId}.${asset.visitorTokenEpoch}`)
    .digest("base64url");

export function issueVisitorToken(asset: VisitorTokenScope): { visitorId: string; token: string } {
  const visitorId = `visitor_${randomBytes(12).toString("base64url")}`;
  return { visitorId, token: `v1.${visitorId}.${sign(asset, visitorId)}` };
}

/** The visitor the token names, or null when it was not issued for this asset in its current epoch. */
export function visitorFromToken(asset: VisitorTokenScope, token: string): string | null {
  const [version, visitorId, signature] = token.split(".");
  if (version !== "v1" || !visitorId || !signature) return null;
  const expected = Buffer.from(sign(asset, visitorId));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? visitorId : null;
}
