import Link from "next/link";

export default function NotFound() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-8 text-center">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600">There is no account or invoice with that number in the imported data.</p>
      <Link href="/" className="mt-4 inline-block text-blue-700 underline">
        Back to the outreach list
      </Link>
    </div>
  );
}
