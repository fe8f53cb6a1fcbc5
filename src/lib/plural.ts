/** "1 conversation", "2 conversations", "1,200 deliveries": a count with its noun agreeing. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
}
