"use client";

import Link from "next/link";
import { useCallback, useState } from "react";
import { useDismiss } from "@/components/ui/use-dismiss";

const OPTIONS = [
  { href: "/integrations/new/bot", label: "Generic Bot", text: "A bot on IMI BOT or any other platform" },
  { href: "/integrations/new/ccsp", label: "CCSP", text: "A contact centre's webhook, or the built-in agent desk" },
];

/** "Add Integration" > "Generic Bot" | "CCSP": a disclosure menu, closed by Escape or a click outside. */
export function AddIntegrationMenu() {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const { root, button } = useDismiss<HTMLDivElement, HTMLButtonElement>(open, close);

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="add-integration-options"
        onClick={() => setOpen((v) => !v)}
        className="inline-flex items-center gap-1 rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        Add Integration <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <ul id="add-integration-options" className="absolute right-0 z-20 mt-1 w-72 rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-200">
          {OPTIONS.map((option) => (
            <li key={option.href}>
              <Link href={option.href} className="block px-4 py-2 hover:bg-slate-100 focus:bg-slate-100 focus:outline-none">
                <span className="block text-sm font-medium text-slate-900">{option.label}</span>
                <span className="block text-xs text-slate-600">{option.text}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
