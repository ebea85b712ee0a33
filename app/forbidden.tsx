import Link from "next/link";

export const metadata = { title: "Not allowed · Payment Insights" };

/** What a signed-in user sees on a page their role does not include (with a 403). */
export default function Forbidden() {
  return (
    <section aria-labelledby="forbidden-title" className="mx-auto max-w-xl space-y-3 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 id="forbidden-title" className="text-xl font-semibold text-slate-900">
        Not allowed
      </h1>
      <p className="text-sm text-slate-700">Your role does not include this page. Ask an admin if you need it.</p>
      <Link href="/" className="text-sm font-medium text-blue-700 underline hover:text-blue-900">
        Back to the outreach list
      </Link>
    </section>
  );
}
