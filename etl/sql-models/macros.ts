import { eachAmountSql, openAtSql, riskBandSql, unpaidAtSql } from "../../lib/sql/rules";

/*
 * The macros a model file may call, so a rule the reads share (lib/sql/rules.ts) is written
 * once: `{{ open_at('i', 's.as_of') }}`. Arguments are single-quoted SQL text ('' for a quote).
 * Anything else between braces is an error, never left in the SQL.
 */
type Macro = { params: readonly string[]; expand: (args: string[]) => string };

const macros = new Map<string, Macro>(Object.entries({
  open_at: { params: ["alias", "at"], expand: ([alias, at]) => openAtSql(alias!, at!) },
  unpaid_at: { params: ["alias", "at"], expand: ([alias, at]) => unpaidAtSql(alias!, at!) },
  each_amount: { params: ["template"], expand: ([template]) => eachAmountSql(template!) },
  risk_band: {
    params: ["overdue_cents", "oldest_days_past_due", "paid_count", "late_count"],
    expand: ([overdueCents, oldestDaysPastDue, paidCount, lateCount]) =>
      riskBandSql({ overdueCents: overdueCents!, oldestDaysPastDue: oldestDaysPastDue!, paidCount: paidCount!, lateCount: lateCount! }),
  },
} satisfies Record<string, Macro>));

const CALL = /^\s*([a-z_]+)\s*\(\s*((?:'(?:[^']|'')*'\s*(?:,\s*'(?:[^']|'')*'\s*)*)?)\)\s*$/;
const ARG = /'((?:[^']|'')*)'/g;

/** Replaces every `{{ macro('arg', ...) }}` in a model's SQL; `file` names the model in errors. */
export function expandMacros(sql: string, file: string): string {
  return sql.replace(/\{\{(.*?)\}\}|\{\{|\}\}/gs, (match, body: string | undefined) => {
    if (body === undefined) throw new Error(`${file}: unmatched "${match}"`);
    const call = CALL.exec(body);
    if (!call) throw new Error(`${file}: cannot read the macro call {{${body}}}; write {{ name('arg', ...) }}`);
    const [, name, argText] = call as unknown as [string, string, string];
    const macro = macros.get(name);
    if (!macro) throw new Error(`${file}: unknown macro ${name}; known: ${[...macros.keys()].join(", ")}`);
    const args = [...argText.matchAll(ARG)].map((m) => m[1]!.replaceAll("''", "'"));
    if (args.length !== macro.params.length) {
      throw new Error(`${file}: ${name} takes ${macro.params.length} arguments (${macro.params.join(", ")}), got ${args.length}`);
    }
    return macro.expand(args);
  });
}
