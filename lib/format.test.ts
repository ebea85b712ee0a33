import { describe, expect, it } from "vitest";
import { formatDuration, formatMoney, formatMoneyWhole, formatPercent, toTelHref } from "./format";

describe("formatting at the edge", () => {
  it("turns cents into dollars", () => {
    expect(formatMoney(123456)).toBe("$1,234.56");
    expect(formatMoneyWhole(3_820_049)).toBe("$38,200");
    expect(formatPercent(0.4)).toBe("40%");
    expect(formatPercent(null)).toBe("—");
  });

  it.each([
    [0, "under 1 s"],
    [999, "under 1 s"],
    [42_400, "42 s"],
    [60_000, "1 min"],
    [3_725_000, "1 h 2 min"],
    [7_200_000, "2 h"],
    [90_061_000, "1 d 1 h"],
    [86_400_000 * 400 + 59_000, "400 d"],
  ])("shows %d ms as %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    ["595.002.7266", "tel:5950027266"],
    ["(485)096-9796x7780", "tel:4850969796"],
    ["+1-277-558-9557x268", "tel:+12775589557"],
    ["001-587-500-1623x926", "tel:0015875001623"],
  ])("dials %s as %s", (phone, href) => {
    expect(toTelHref(phone)).toBe(href);
  });
});
