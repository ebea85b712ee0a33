import { describe, expect, it } from "vitest";
import { defaultDirection, parseOutreachParams } from "./outreach-params";

describe("parseOutreachParams", () => {
  it.each([
    { input: {}, expected: { sort: "priority", page: 1, pageSize: 25, overdueOnly: false } },
    { input: { asOf: "2021-02-28", sort: "overdue", dir: "asc" }, expected: { asOf: "2021-02-28", sort: "overdue", dir: "asc" } },
    { input: { asOf: "2021-02-30" }, expected: { asOf: undefined } },
    { input: { asOf: "yesterday" }, expected: { asOf: undefined } },
    { input: { sort: "drop table" }, expected: { sort: "priority" } },
    { input: { region: "South", overdueOnly: "1" }, expected: { region: "South", overdueOnly: true } },
    { input: { region: "Atlantis" }, expected: { region: undefined } },
    { input: { minBalance: "5000" }, expected: { minBalance: 5000 } },
    { input: { minBalance: "-1" }, expected: { minBalance: undefined } },
    { input: { page: "3", pageSize: "50" }, expected: { page: 3, pageSize: 50 } },
    { input: { page: "0", pageSize: "7" }, expected: { page: 1, pageSize: 25 } },
    { input: { q: "  Lee  " }, expected: { q: "Lee" } },
    { input: { q: ["a", "b"] }, expected: { q: "a" } },
  ])("reads $input", ({ input, expected }) => {
    expect(parseOutreachParams(input)).toMatchObject(expected);
  });

  it("sorts names ascending and amounts descending on the first click", () => {
    expect(defaultDirection("company")).toBe("asc");
    expect(defaultDirection("priority")).toBe("asc");
    expect(defaultDirection("overdue")).toBe("desc");
  });
});
