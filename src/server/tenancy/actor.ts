import type { Role } from "./roles";

/**
 * Who calls a domain function: the signed-in user, the organization they act in and their role
 * there. Built once per request (the tRPC context's tenantProcedure, the route handlers'
 * signed-in member) and taken as it is by every domain function that acts for a member.
 */
export interface Actor {
  userId: string;
  tenantId: string;
  role: Role;
}
