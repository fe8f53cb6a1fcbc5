import type { InngestFunction } from "inngest";

/** Every durable function the app serves at /api/inngest (delivery retries come later). */
export const functions: InngestFunction.Any[] = [];
