/** tRPC over HTTP with the signed-in page's cookies, as the browser's client sends it (superjson wraps the input in `json`). */
import { expect, type Page } from "@playwright/test";

export async function trpcMutation<T = unknown>(page: Page, path: string, input: unknown): Promise<T> {
  const response = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

export async function trpcQuery<T = unknown>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`/api/trpc/${path}`);
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}
