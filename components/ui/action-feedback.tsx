import type { ActionState } from "@/lib/actions/validated-action";

/** What an action that stored nothing says about one field, beside that field. */
export type ActionResult = { ok: boolean; message: string; field?: string };

/** The errors to show beside `field`: zod's field errors, or the action's own answer for that field. */
export function errorsFor(state: ActionState<ActionResult>, field: string): string[] | undefined {
  if (state.status === "invalid") return state.fieldErrors[field];
  if (state.status === "done" && !state.result.ok && state.result.field === field) return [state.result.message];
  return undefined;
}

/** The form's overall outcome: saved, or why nothing was; a field's own error shows beside it instead. */
export function ActionOutcome({ state }: { state: ActionState<ActionResult> }) {
  if (state.status === "idle") return null;
  if (state.status === "invalid") return <p role="alert" className="text-sm text-red-800">{state.message}</p>;
  if (!state.result.ok && state.result.field) return null;
  return (
    <p role="status" className={`text-sm ${state.result.ok ? "text-emerald-800" : "text-red-800"}`}>
      {state.result.message}
    </p>
  );
}
