"use client";

import Link from "next/link";
import { useCallback, useState } from "react";
import { useDismiss } from "@/components/ui/use-dismiss";
import type { NavMenu } from "./nav-items";

/** A disclosure menu: opens on click or Enter, closes on Escape, outside click or navigation. */
export function DropdownMenu({ menu, active }: { menu: NavMenu; active: boolean }) {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const { root, button } = useDismiss<HTMLDivElement, HTMLButtonElement>(open, close);

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-haspopup="true"
        onClick={() => setOpen((v) => !v)}
        className={`rounded-md px-3 py-2 text-sm font-medium ${active ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100"}`}
      >
        {menu.label} <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <ul className="absolute left-0 z-20 mt-1 w-44 rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-200">
          {menu.children.map((item) => (
            <li key={item.href}>
              <Link
                href={item.href}
                onClick={() => setOpen(false)}
                className="block px-4 py-2 text-sm text-slate-700 hover:bg-slate-100 focus:bg-slate-100 focus:outline-none"
              >
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
