import { z } from "zod";

/*
 * Regions are the US Census regions of the address's state code, plus one for the armed-forces
 * "states" AA/AE/AP used by APO, FPO and DPO addresses. The state -> region mapping itself lives
 * in the SQL model etl/sql-models/marts/mart_accounts.sql; this list must name the same regions.
 */
export const REGIONS = ["Northeast", "Midwest", "South", "West", "Armed Forces", "Territories", "Unknown"] as const;

export type Region = (typeof REGIONS)[number];

export const regionSchema = z.enum(REGIONS);
