import { describe, expect, it } from "vitest";
import { moveInOrder, positionUpdates } from "./reorder";

describe("moveInOrder", () => {
  it("swaps with the neighbour above or below", () => {
    expect(moveInOrder(["a", "b", "c"], "b", "up")).toEqual(["b", "a", "c"]);
    expect(moveInOrder(["a", "b", "c"], "b", "down")).toEqual(["a", "c", "b"]);
  });

  it("leaves the order alone at either end or for an unknown id, without mutating the input", () => {
    const ids = Object.freeze(["a", "b", "c"]);
    expect(moveInOrder(ids, "a", "up")).toEqual(["a", "b", "c"]);
    expect(moveInOrder(ids, "c", "down")).toEqual(["a", "b", "c"]);
    expect(moveInOrder(ids, "z", "up")).toEqual(["a", "b", "c"]);
  });
});

describe("positionUpdates", () => {
  it("makes positions dense from 0 and skips rows already in place", () => {
    const current = new Map([
      ["a", 0],
      ["c", 2],
      ["d", 7],
    ]);
    expect(positionUpdates(["a", "c", "d"], current)).toEqual([
      { id: "c", position: 1 },
      { id: "d", position: 2 },
    ]);
    expect(positionUpdates([], current)).toEqual([]);
  });
});
