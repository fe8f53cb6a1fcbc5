"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The settings pages; System only for owners and admins (its procedure refuses everyone else). */
export function SettingsNav({ showSystem }: { showSystem: boolean }) {
  const pathname = usePathname();
  const pages = [
    { href: "/settings", label: "Members and organizations" },
    { href: "/settings/data", label: "Data retention" },
    ...(showSystem ? [{ href: "/settings/webhooks", label: "Operational webhooks" }] : []),
    ...(showSystem ? [{ href: "/settings/system", label: "System" }] : []),
  ];
  if (pages.length < 2) return null;
  return (
    <nav aria-label="Settings" className="-mt-2 mb-6 flex flex-wrap gap-x-2 border-b border-slate-200">
      {pages.map((page) => {
        const current = pathname === page.href;
        return (
          <Link
            key={page.href}
            href={page.href}
            aria-current={current ? "page" : undefined}
            className={`-mb-px shrink-0 border-b-2 px-3 py-2 text-sm font-medium ${
              current ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"
            }`}
          >
            {page.label}
          </Link>
        );
      })}
    </nav>
  );
}
