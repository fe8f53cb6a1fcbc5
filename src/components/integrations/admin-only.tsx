import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export function AdminOnly({ what }: { what: string }) {
  return (
    <EmptyState title="Only owners and admins can do this">
      Only owners and admins can {what}.{" "}
      <Link href="/integrations" className="font-medium text-indigo-600 hover:underline">
        Back to Integrations
      </Link>
    </EmptyState>
  );
}
