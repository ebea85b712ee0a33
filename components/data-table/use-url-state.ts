"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useState, useTransition } from "react";

export type ParamPatch = Record<string, string | null | undefined>;

/**
 * Reads and writes the page's URL state. Filters, sorting and paging live in the URL (not in
 * React state) so a view can be bookmarked, shared and reloaded, and the server renders it.
 */
export function useUrlState() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [isPending, startTransition] = useTransition();

  const setParams = useCallback(
    (patch: ParamPatch, options: { resetPage?: boolean } = {}) => {
      const next = new URLSearchParams(searchParams.toString());
      for (const [key, value] of Object.entries(patch)) {
        if (value === null || value === undefined || value === "") next.delete(key);
        else next.set(key, value);
      }
      // A new filter or sort makes the old page number meaningless.
      if (options.resetPage) next.delete("page");
      const query = next.toString();
      startTransition(() => router.push(query ? `${pathname}?${query}` : pathname, { scroll: false }));
    },
    [pathname, router, searchParams],
  );

  return { searchParams, setParams, isPending };
}

/**
 * State that starts from a prop and follows it when the prop changes. Inputs bound to URL
 * state use it to show a change at once, while the navigation that updates the prop is pending.
 */
export function useSyncedState<T>(prop: T) {
  const [value, setValue] = useState(prop);
  const [seen, setSeen] = useState(prop);
  // Follow the prop during render, not in an effect, so no frame shows the stale value.
  if (!Object.is(prop, seen)) {
    setSeen(prop);
    setValue(prop);
  }
  return [value, setValue] as const;
}
