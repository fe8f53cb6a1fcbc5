import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

type Outputs = inferRouterOutputs<AppRouter>;
export type ServicePageData = Outputs["service"]["get"];
export type RuleItem = ServicePageData["rules"][number];

export const card = "rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200";
