import type { z } from "zod";
import { validatedAction, type ActionState } from "../actions/validated-action";
import type { Role } from "./roles";
import { requireActionRole, type SessionUser } from "./server";

/**
 * validatedAction behind the access check: the Origin, the session and the role are checked
 * before the form is even parsed, and a refused caller gets an error, never a write.
 */
export function authorizedAction<S extends z.ZodType, T>(
  required: Role,
  schema: S | (() => S),
  action: (input: z.infer<S>, user: SessionUser, formData: FormData) => Promise<T>,
) {
  return async (previous: ActionState<T>, formData: FormData): Promise<ActionState<T>> => {
    const user = await requireActionRole(required);
    // A schema that depends on the stored data (a date that must lie ahead of the data's) is built per request.
    const resolved = typeof schema === "function" ? (schema as () => S)() : schema;
    return validatedAction(resolved, (input, data) => action(input, user, data))(previous, formData);
  };
}
