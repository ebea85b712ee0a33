import { describe, expect, it } from "vitest";
import { openAtSql, riskBandSql } from "../../lib/sql/rules";
import { expandMacros } from "./macros";

describe("expandMacros", () => {
  it("expands each call into the rule's SQL, arguments verbatim", () => {
    expect(expandMacros("where {{ open_at('i', 's.as_of') }} and x", "m.sql")).toBe(`where ${openAtSql("i", "s.as_of")} and x`);
    expect(expandMacros("{{risk_band('a','b', 'coalesce(h.paid_count, 0)' , 'd')}}", "m.sql")).toBe(
      riskBandSql({ overdueCents: "a", oldestDaysPastDue: "b", paidCount: "coalesce(h.paid_count, 0)", lateCount: "d" }),
    );
  });

  it("repeats a template once per receivables amount", () => {
    const sql = expandMacros("select {{ each_amount('sum({c}) as {c}') }} from t", "m.sql");
    expect(sql).toContain("sum(open_cents) as open_cents,\n    sum(overdue_cents) as overdue_cents,");
    expect(sql.match(/sum\(/g)).toHaveLength(7);
    expect(sql).toContain("sum(past_due_over_90_cents) as past_due_over_90_cents from t");
  });

  it("reads '' inside an argument as a quote", () => {
    expect(expandMacros("{{ unpaid_at('i', '''2021-01-01''') }}", "m.sql")).toBe("(i.payment_date is null or i.payment_date > '2021-01-01')");
  });

  it("leaves SQL without macros as it is", () => {
    const sql = "select '{' || x || '}' from t -- {not a macro}";
    expect(expandMacros(sql, "m.sql")).toBe(sql);
  });

  it.each([
    ["an unknown macro", "{{ opened_at('i', 'x') }}", /m\.sql: unknown macro opened_at/],
    ["an inherited property name", "{{ constructor() }}", /m\.sql: unknown macro constructor/],
    ["too few arguments", "{{ open_at('i') }}", /m\.sql: open_at takes 2 arguments \(alias, at\), got 1/],
    ["too many arguments", "{{ open_at('i', 'x', 'y') }}", /m\.sql: open_at takes 2 arguments/],
    ["an unquoted argument", "{{ open_at(i, 'x') }}", /m\.sql: cannot read the macro call/],
    ["an unclosed call", "where {{ open_at('i', 'x') and y", /m\.sql: unmatched "\{\{"/],
    ["a stray closing brace pair", "where x }}", /m\.sql: unmatched "\}\}"/],
  ])("refuses %s, naming the file", (_, sql, error) => {
    expect(() => expandMacros(sql, "m.sql")).toThrow(error);
  });
});
