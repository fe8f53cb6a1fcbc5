/**
 * What the browser keeps per chat (localStorage, one key per asset): the visitor's identity, so a
 * reload is the same conversation, and the messages already reported as Read, so each is reported
 * once. Storage can be unavailable (a sandboxed iframe, strict privacy settings): then it is kept
 * in memory for the page's lifetime.
 */
import type { Visitor } from "./chat-api";

interface Stored {
  visitorId?: string;
  token?: string;
  read?: string[];
}

/** Enough to cover any screenful, bounded so the entry stays small. */
const MAX_READ_IDS = 500;
const memory = new Map<string, Stored>();
const keyFor = (assetId: string) => `switchboard.chat.${assetId}`;

function load(assetId: string): Stored {
  try {
    const raw = window.localStorage.getItem(keyFor(assetId));
    if (raw) return JSON.parse(raw) as Stored;
  } catch {
    // unavailable or corrupt: fall through to memory
  }
  return memory.get(assetId) ?? {};
}

function save(assetId: string, stored: Stored): void {
  memory.set(assetId, stored);
  try {
    window.localStorage.setItem(keyFor(assetId), JSON.stringify(stored));
  } catch {
    // memory only
  }
}

export function loadVisitor(assetId: string): Visitor | null {
  const stored = load(assetId);
  return stored.visitorId && stored.token ? { visitorId: stored.visitorId, token: stored.token } : null;
}

export function saveVisitor(assetId: string, visitor: Visitor): void {
  save(assetId, { visitorId: visitor.visitorId, token: visitor.token, read: [] });
}

export function forgetVisitor(assetId: string): void {
  memory.delete(assetId);
  try {
    window.localStorage.removeItem(keyFor(assetId));
  } catch {
    // nothing stored
  }
}

export function loadReadIds(assetId: string): string[] {
  return load(assetId).read ?? [];
}

export function saveReadIds(assetId: string, ids: Iterable<string>): void {
  save(assetId, { ...load(assetId), read: [...ids].slice(-MAX_READ_IDS) });
}
