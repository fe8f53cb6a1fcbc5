/**
 * The layers of docs/architecture.md, checked on the source: the domain folders of src/server
 * know nothing of Next.js or HTTP (only the adapters do), and no module of src/server reaches
 * itself again through its imports.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findCycles, importGraph, importsOf, resolveImport, sourceFiles, SRC } from "@/test/import-graph";

const SERVER = path.join(SRC, "server");
/**
 * The adapters: they turn requests, sessions and Inngest events into domain calls. api-docs/ is
 * the HTTP API's own document (routes, status codes, the error body), so it belongs with them.
 */
const ADAPTERS = ["http", "trpc", "inngest", "auth", "api-docs"];
const HTTP_DIR = path.join(SERVER, "http");

const relative = (file: string) => path.relative(path.dirname(SRC), file);
const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const serverFiles = sourceFiles(SERVER);
const domainFiles = serverFiles.filter((file) => {
  const top = path.relative(SERVER, file).split(path.sep)[0]!;
  // Tests of a domain folder may drive an adapter (a route, a tRPC caller) to check it end to end.
  return !ADAPTERS.includes(top) && !isTest(file);
});

/** Why a domain module may not import `specifier` (null: it may). */
function forbiddenImport(from: string, specifier: string): string | null {
  if (specifier === "next" || specifier.startsWith("next/")) return "Next.js";
  if (specifier === "next-auth" || specifier.startsWith("next-auth/")) return "next-auth";
  const target = resolveImport(from, specifier);
  if (target && (target === HTTP_DIR || target.startsWith(HTTP_DIR + path.sep))) return "an HTTP adapter (src/server/http/)";
  return null;
}

describe("the layers of src/server", () => {
  it("finds the domain modules and their imports", () => {
    // The checks below would pass on nothing: make sure they read the tree.
    expect(domainFiles.length).toBeGreaterThan(100);
    expect(domainFiles).toContain(path.join(SERVER, "delivery", "attempt.ts"));
    expect(importsOf('import { a } from "next/server";\nexport type { B } from "./b";\nconst c = await import("@/c");')).toEqual(["next/server", "./b", "@/c"]);
    expect(forbiddenImport(path.join(SERVER, "desk", "x.ts"), "next/navigation")).toBe("Next.js");
    expect(forbiddenImport(path.join(SERVER, "desk", "x.ts"), "../http/after-response")).toBe("an HTTP adapter (src/server/http/)");
    expect(forbiddenImport(path.join(SERVER, "desk", "x.ts"), "@/server/db/client")).toBeNull();
  });

  it("keeps Next.js, next-auth and src/server/http/ out of the domain folders", () => {
    const offences = domainFiles.flatMap((file) =>
      importsOf(readFileSync(file, "utf8")).flatMap((specifier) => {
        const why = forbiddenImport(file, specifier);
        return why ? [`${relative(file)} imports "${specifier}" (${why})`] : [];
      }),
    );
    expect(offences, "domain modules take and return plain values and throw DomainErrors; the adapters own HTTP").toEqual([]);
  });

  it("has no import cycle", () => {
    const graph = importGraph(serverFiles.filter((file) => !isTest(file)));
    const cycles = findCycles(graph).map((cycle) => cycle.map(relative).join(" → "));
    expect(cycles, "move the piece both sides need to the module it belongs to").toEqual([]);
  });
});
