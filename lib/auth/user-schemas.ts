import { z } from "zod";
import { regionSchema } from "../regions";
import { roleSchema } from "./roles";

/*
 * The forms that make and change users (the admin page, the first-start form, the users CLI).
 * Parsed with validatedAction before better-auth's admin API is called, so a bad form stores nothing.
 */

const email = z.string().trim().toLowerCase().pipe(z.email("An email address, like name@example.com"));
export const passwordSchema = z.string().min(10, "At least 10 characters").max(128, "At most 128 characters");
const name = z.string().trim().min(1, "A name").max(80, "At most 80 characters");
const userId = z.string().min(1).max(64);

export const createUserSchema = z.object({
  name,
  email,
  password: passwordSchema,
  role: roleSchema.default("staff"),
  region: regionSchema.default("Unknown"),
});

export const firstAdminSchema = createUserSchema.omit({ role: true });

export const setRoleSchema = z.object({ userId, role: roleSchema });
export const setRegionSchema = z.object({ userId, region: regionSchema });
export const resetPasswordSchema = z.object({ userId, password: passwordSchema });
export const userIdSchema = z.object({ userId });

export type CreateUserInput = z.infer<typeof createUserSchema>;
