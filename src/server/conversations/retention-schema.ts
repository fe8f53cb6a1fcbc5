import { z } from "zod";

/** The retention setting: a whole number of days (1 to 3650), or null to keep everything. */
export const retentionSchema = z.object({
  days: z.number().int("A whole number of days").min(1, "At least 1 day").max(3650, "At most 3650 days (10 years)").nullable(),
});
