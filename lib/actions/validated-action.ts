import { z } from "zod";

/*
 * The shape of every write the app makes itself (outreach entries, users, settings), after
 * next-learn's and saas-starter's server actions: the form is parsed with a zod schema first,
 * and a form that fails comes back with an error per field and nothing stored. The action, in
 * app/, checks the session and the role before it writes.
 */

export type ActionState<T = unknown> =
  | { status: "idle" }
  | { status: "invalid"; fieldErrors: Record<string, string[]>; message: string }
  | { status: "done"; result: T };

/** Form fields as zod sees them: a field given more than once (checkboxes) becomes an array. */
export function formFields(formData: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const fields: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key);
    fields[key] = values.length === 1 ? values[0]! : values;
  }
  return fields;
}

/** Wraps a server action so that it runs only on input that passed `schema`. */
export function validatedAction<S extends z.ZodType, T>(schema: S, action: (input: z.infer<S>, formData: FormData) => Promise<T>) {
  return async (_previous: ActionState<T>, formData: FormData): Promise<ActionState<T>> => {
    const parsed = schema.safeParse(formFields(formData));
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path.length > 0 ? issue.path.join(".") : "form";
        (fieldErrors[field] ??= []).push(issue.message);
      }
      return { status: "invalid", fieldErrors, message: "Some fields need a second look; nothing was saved." };
    }
    return { status: "done", result: await action(parsed.data, formData) };
  };
}
