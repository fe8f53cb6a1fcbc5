/**
 * Every form of the app posts: a form without method="post" that is submitted before its script
 * runs (a slow load, a blocked script) would put its fields, passwords included, into the URL.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return entry.name.endsWith(".tsx") ? [full] : [];
  });
}

it("every <form> in the app's sources has method=\"post\"", () => {
  const forms = sourceFiles(path.join(process.cwd(), "src")).flatMap((file) =>
    (readFileSync(file, "utf8").match(/<form\b[^>]*>/g) ?? []).map((tag) => ({ file: path.relative(process.cwd(), file), tag })),
  );
  expect(forms.length).toBeGreaterThan(10);
  expect(forms.filter(({ tag }) => !/\bmethod="post"/.test(tag))).toEqual([]);
});
