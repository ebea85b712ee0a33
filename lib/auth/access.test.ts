import { describe, expect, it } from "vitest";
import { accessFor, safeReturnPath } from "./access";
import { hasRole } from "./roles";

describe("safeReturnPath", () => {
  it.each([
    ["/trends?region=West", "/trends?region=West"],
    ["/", "/"],
    ["//evil.example/x", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    [undefined, "/"],
    [["/a", "/b"], "/"],
  ])("sends %j back to %j", (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });
});

describe("accessFor", () => {
  it.each([
    ["/", "staff"],
    ["/accounts/12", "staff"],
    ["/imports/3/rejects.csv", "manager"],
    ["/sign-in", "public"],
    ["/api/auth/get-session", "public"],
    ["/api/cdc/debezium", "token"],
    // Not a prefix match on the letters: an unlisted address needs an admin.
    ["/sign-in-elsewhere", "admin"],
    ["/trendsetter", "admin"],
    ["/something-new", "admin"],
  ])("%s needs %s", (path, access) => {
    expect(accessFor(path)).toBe(access);
  });
});

describe("hasRole", () => {
  it("orders staff < manager < admin and trusts no unknown role", () => {
    expect(hasRole("admin", "manager")).toBe(true);
    expect(hasRole("manager", "admin")).toBe(false);
    expect(hasRole("staff", "staff")).toBe(true);
    expect(hasRole("user", "staff")).toBe(false);
    expect(hasRole(undefined, "staff")).toBe(false);
  });
});
