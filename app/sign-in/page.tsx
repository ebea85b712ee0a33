import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { FirstAdminForm } from "@/components/auth/first-admin-form";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeReturnPath } from "@/lib/auth/access";
import { getSessionUser } from "@/lib/auth/server";
import { hasAnyUser } from "@/lib/queries/users";
import { createFirstAdmin } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in · Payment Insights" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const returnPath = safeReturnPath((await searchParams).next);
  if (await getSessionUser(await headers())) redirect(returnPath);
  const isFirstStart = !hasAnyUser();
  return (
    <div className="mx-auto max-w-md space-y-6">
      {isFirstStart ? (
        <section aria-labelledby="first-admin-title" className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-6">
          <h2 id="first-admin-title" className="text-lg font-semibold text-slate-900">
            No one can sign in yet
          </h2>
          <p className="text-sm text-slate-700">
            Create the first admin here (or run <code>npm run users -- create-admin EMAIL</code>). This form disappears once a user exists.
          </p>
          <FirstAdminForm action={createFirstAdmin} />
        </section>
      ) : null}
      <section aria-labelledby="sign-in-title" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 id="sign-in-title" className="text-xl font-semibold text-slate-900">
          Sign in to Payment Insights
        </h1>
        <SignInForm returnPath={returnPath} />
      </section>
    </div>
  );
}
