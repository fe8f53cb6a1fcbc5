/**
 * A deleted integration keeps its row, so the history that names it stays whole; wherever its
 * name would be shown it reads as this instead (support staff inspect every conversation, however old).
 */
export const DELETED_INTEGRATION = "(deleted integration)";

/** Prisma `where` for integrations that are not deleted. */
export const notDeleted = { deletedAt: null } as const;

export function shownName(integration: { name: string; deletedAt: Date | null }): string {
  return integration.deletedAt ? DELETED_INTEGRATION : integration.name;
}

/** Why a delivery to a deleted integration is not attempted (stored as its lastError). */
export const DELETED_REASON = "not attempted: the integration was deleted";
