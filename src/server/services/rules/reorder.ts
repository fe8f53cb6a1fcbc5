// Pure helpers for rule order. Positions are dense (0, 1, 2, …) so "rule 2" stays meaningful.

export type Direction = "up" | "down";

/** The ids with `id` swapped one step up or down; unchanged at either end or if absent. */
export function moveInOrder(ids: readonly string[], id: string, direction: Direction): string[] {
  const order = [...ids];
  const from = order.indexOf(id);
  const to = direction === "up" ? from - 1 : from + 1;
  if (from === -1 || to < 0 || to >= order.length) return order;
  [order[from], order[to]] = [order[to]!, order[from]!];
  return order;
}

/** The updates that make `ids` (in their new order) dense from 0, skipping rows already right. */
export function positionUpdates(ids: readonly string[], current: ReadonlyMap<string, number>): { id: string; position: number }[] {
  return ids.flatMap((id, position) => (current.get(id) === position ? [] : [{ id, position }]));
}
