import type { Role } from "@/generated/prisma/enums";

export const ROLES: readonly Role[] = ["OWNER", "ADMIN", "AGENT", "VIEWER"];

const rank: Record<Role, number> = { OWNER: 4, ADMIN: 3, AGENT: 2, VIEWER: 1 };

export function hasRole(role: Role, atLeast: Role): boolean {
  return rank[role] >= rank[atLeast];
}

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  AGENT: "Agent",
  VIEWER: "Viewer",
};

export type { Role };
