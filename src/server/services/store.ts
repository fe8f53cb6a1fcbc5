/** The error a service's name's uniqueness gives, and what the service pages select of an integration. */
import { conflict } from "@/server/errors";

export const serviceNameTaken = () => conflict("A service with this name already exists", "name");

/** Prisma `select` for an integration as the service pages show it. */
export const serviceIntegrationSelect = { id: true, name: true, kind: true, platform: true, status: true } as const;
