"use client";

import { startTransition, useActionState, useRef, type FormEvent } from "react";
import type { ActionState } from "@/lib/actions/validated-action";
import type { ActionResult } from "./action-feedback";

type Action = (previous: ActionState<ActionResult>, formData: FormData) => Promise<ActionState<ActionResult>>;

/**
 * A server action bound to a form that keeps what was typed when the action refuses it, and
 * clears it once saved. React resets a form after every `action={...}` submission, which
 * would make someone retype a whole contact to fix one date.
 */
export function useKeptForm(action: Action, onSaved?: () => void) {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, dispatch, isPending] = useActionState(async (previous: ActionState<ActionResult>, formData: FormData) => {
    const next = await action(previous, formData);
    if (next.status === "done" && next.result.ok) {
      formRef.current?.reset();
      onSaved?.();
    }
    return next;
  }, { status: "idle" } as ActionState<ActionResult>);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
  return { state, isPending, formProps: { ref: formRef, onSubmit } };
}
