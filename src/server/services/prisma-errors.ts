/** Prisma's foreign-key violation: a row still referenced (onDelete: Restrict) or already gone. */
export function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2003";
}
