import { describe, expect, it } from "vitest";
import { parseId } from "./route-params";

describe("parseId", () => {
  it.each([
    ["16", 16],
    ["1", 1],
    ["9007199254740991", 9007199254740991],
  ])("reads %s as %d", (text, id) => {
    expect(parseId(text)).toBe(id);
  });

  it.each(["0", "0x10", "1e1", "+16", "-1", "016", " 16", "16 ", "1.0", "", "abc", "9007199254740992", "99999999999999999"])(
    "reads %j as no id",
    (text) => {
      expect(parseId(text)).toBeNull();
    },
  );
});
