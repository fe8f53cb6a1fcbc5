"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useEffect, useState, type ReactNode } from "react";
import { NotificationBell } from "@/components/alerts/notification-bell";
import { liveConnection } from "@/components/live/live-connection";
import type { SessionUser } from "@/server/auth/session";
import type { CurrentMembership } from "@/server/tenancy/memberships";
import { ROLE_LABELS } from "@/server/tenancy/roles";
import { DropdownMenu } from "./assets-menu";
import { NAV_ITEMS } from "./nav-items";
import { TenantSwitcher } from "./tenant-switcher";

interface AppShellProps {
  user: SessionUser;
  current: CurrentMembership | null;
  memberships: CurrentMembership[];
  children: ReactNode;
}

export function AppShell({ user, current, memberships, children }: AppShellProps) {
  const pathname = usePathname();
  const [mobileOpen, setMobileOpen] = useState(false);
  // The live stream follows the organization the user works in (switching reopens it).
  const tenantId = current?.tenantId ?? null;
  useEffect(() => liveConnection.setTenant(tenantId), [tenantId]);
  const isActive = (href: string) => pathname === href || pathname.startsWith(`${href}/`);

  const links = (
    <>
      {NAV_ITEMS.map((item) =>
        "children" in item ? (
          <DropdownMenu key={item.label} menu={item} active={item.children.some((c) => isActive(c.href))} />
        ) : (
          <Link
            key={item.href}
            href={item.href}
            onClick={() => setMobileOpen(false)}
            aria-current={isActive(item.href) ? "page" : undefined}
            className={`rounded-md px-3 py-2 text-sm font-medium ${
              isActive(item.href) ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100"
            }`}
          >
            {item.label}
          </Link>
        ),
      )}
    </>
  );

  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-indigo-700 focus:shadow focus:ring-2 focus:ring-indigo-500"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-nowrap items-center gap-2 px-4 py-2 sm:gap-4">
          <Link href="/dashboard" className="shrink-0 text-base font-bold text-indigo-700">
            Switchboard
          </Link>
          <nav aria-label="Main" className="hidden flex-1 items-center gap-1 md:flex">
            {links}
          </nav>
          <div className="ml-auto flex min-w-0 items-center gap-2 sm:gap-3 md:ml-0">
            <Link
              href="/docs/api"
              className="hidden rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 sm:inline"
              title="The public API reference: channel messages, integration events, webhooks"
            >
              API docs
            </Link>
            {current ? <NotificationBell key={current.tenantId} /> : null}
            {current ? <TenantSwitcher current={current} memberships={memberships} /> : null}
            <span className="hidden text-sm text-slate-600 lg:inline" title={user.email}>
              {user.name}
              {current ? ` · ${ROLE_LABELS[current.role]}` : ""}
            </span>
            <button
              type="button"
              onClick={() => signOut({ callbackUrl: "/sign-in" })}
              className="hidden shrink-0 rounded-md px-2 py-1 text-sm font-medium whitespace-nowrap text-slate-700 hover:bg-slate-100 sm:inline"
            >
              Sign out
            </button>
            <button
              type="button"
              className="shrink-0 rounded-md px-2 py-1 text-sm ring-1 ring-slate-300 md:hidden"
              aria-expanded={mobileOpen}
              aria-controls="mobile-nav"
              onClick={() => setMobileOpen((v) => !v)}
            >
              Menu
            </button>
          </div>
        </div>
        {mobileOpen ? (
          <nav id="mobile-nav" aria-label="Main" className="flex flex-col gap-1 border-t border-slate-200 px-4 py-2 md:hidden">
            {links}
            <div className="mt-1 flex items-center justify-between gap-2 border-t border-slate-100 pt-2 sm:hidden">
              <Link href="/docs/api" className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
                API docs
              </Link>
              <button
                type="button"
                onClick={() => signOut({ callbackUrl: "/sign-in" })}
                className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100"
              >
                Sign out
              </button>
            </div>
          </nav>
        ) : null}
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none">
        {current ? (
          children
        ) : (
          <p className="text-sm text-slate-600">You are not a member of any organization. Ask an admin to add you.</p>
        )}
      </main>
    </div>
  );
}
