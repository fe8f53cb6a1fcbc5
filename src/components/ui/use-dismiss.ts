import { useEffect, useRef } from "react";

/**
 * For disclosure menus: closes on a click outside `root` or on Escape (which gives the focus
 * back to `button`, so keyboard users are not lost).
 */
export function useDismiss<Root extends HTMLElement, Trigger extends HTMLElement>(open: boolean, close: () => void) {
  const root = useRef<Root>(null);
  const button = useRef<Trigger>(null);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) close();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        close();
        button.current?.focus();
      }
    };
    document.addEventListener("mousedown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open, close]);
  return { root, button };
}
