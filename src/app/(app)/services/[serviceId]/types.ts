import type { RouterOutputs } from "@/lib/router-outputs";

export type ServicePageData = RouterOutputs["service"]["get"];
export type RuleItem = ServicePageData["rules"][number];

export const card = "rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200";
