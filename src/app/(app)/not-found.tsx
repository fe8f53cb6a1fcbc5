import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

/** A detail page whose record is not the current organization's (or does not exist). */
export default function NotFound() {
  return (
    <>
      <PageHeader title="Not found" />
      <EmptyState title="There is nothing here">
        This page does not exist in your current organization: it may have been deleted, or belong to another organization (switch
        organizations in the top bar). <Link href="/dashboard" className="font-medium text-indigo-700 hover:underline">Go to the dashboard</Link>
      </EmptyState>
    </>
  );
}
