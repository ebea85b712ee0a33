import { useId } from "react";

/** A labelled input with its field errors beside it, tied to it for screen readers. */
export function FormField({
  label,
  errors,
  children,
}: {
  label: string;
  errors?: string[];
  children: (props: { id: string; "aria-invalid": boolean | undefined; "aria-describedby": string | undefined }) => React.ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hasErrors = errors !== undefined && errors.length > 0;
  return (
    <div className="space-y-1 text-sm">
      <label htmlFor={id} className="block font-semibold text-slate-900">
        {label}
      </label>
      {children({ id, "aria-invalid": hasErrors || undefined, "aria-describedby": hasErrors ? errorId : undefined })}
      {hasErrors ? (
        <p id={errorId} className="text-red-800">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export const inputClass = "block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 aria-[invalid=true]:border-red-700";
