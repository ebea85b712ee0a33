import { formatMoney, formatMoneyCompact, formatMonth } from "@/lib/format";

/*
 * What the charts share, as props to spread onto recharts' own elements rather than wrapper
 * components: recharts still finds some children (cells, for one) by their element type.
 */

export const AXIS_TICK = { fontSize: 12, fill: "#475569" };

export const CHART_MARGIN = { top: 8, right: 12, bottom: 4, left: 4 };

export const gridProps = { strokeDasharray: "3 3", stroke: "#e2e8f0" };

/** "Jun ’20": short enough for a year of month ticks. */
export const shortMonth = (month: string) => formatMonth(month).replace(" 20", " ’");

export const moneyAxisProps = { tickFormatter: (cents: number) => formatMoneyCompact(cents), tick: AXIS_TICK, width: 64 };

export const percentAxisProps = { tickFormatter: (v: number) => `${v}%`, tick: AXIS_TICK, width: 48 };

export const daysAxisProps = { tickFormatter: (v: number) => `${v} d`, tick: AXIS_TICK, width: 48 };

/** The 30-day payment terms, drawn as a dashed red line. */
export const termsLineProps = { y: 30, stroke: "#b91c1c", strokeDasharray: "6 3" };
export const termsLabel = { value: "30-day terms", position: "insideTopRight" as const, fill: "#b91c1c", fontSize: 12 };

// Legend text in the series colour is unreadable for the yellow bucket; keep text dark, swatches coloured.
export const legendText = (value: string) => <span style={{ color: "#334155" }}>{value}</span>;

/** Tooltip values of money series, with the series' name. */
export const moneyTooltipValue = (value: unknown, name: unknown) => [formatMoney(Number(value)), String(name)] as [string, string];
