/** The inputs and selects of the URL-bound filters above a list or the charts. */
export const filterInputClass =
  "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm font-normal focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600";
