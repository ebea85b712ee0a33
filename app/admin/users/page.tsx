import { headers } from "next/headers";
import { CreateUserForm, UserRowForms } from "@/components/admin/user-forms";
import { PageHeader } from "@/components/ui/page-header";
import { getAuth, requireRole } from "@/lib/auth/server";
import { formatTimestamp } from "@/lib/format";
import { createUser, disableUser, enableUser, resetUserPassword, setUserRegion, setUserRole } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Users · Payment Insights" };

export default async function UsersPage() {
  const admin = await requireRole("admin");
  const { users } = await getAuth().api.listUsers({ query: { limit: 500, sortBy: "createdAt", sortDirection: "asc" }, headers: await headers() });
  const rowActions = { setRole: setUserRole, setRegion: setUserRegion, resetPassword: resetUserPassword, disable: disableUser, enable: enableUser };
  return (
    <>
      <PageHeader title="Users" description="Who can sign in, with which role and region. Staff see the outreach list, accounts and invoices; managers also trends, the model and imports; admins everything, uploads and this page included." />
      <section aria-labelledby="create-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="create-title" className="text-base font-semibold text-slate-900">
          Create a user
        </h2>
        <CreateUserForm action={createUser} />
      </section>
      <section aria-labelledby="users-title" className="space-y-2">
        <h2 id="users-title" className="text-base font-semibold text-slate-900">
          {users.length} user{users.length === 1 ? "" : "s"}
        </h2>
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm" aria-label="Users">
          {users.map((u) => {
            const user = u as typeof u & { region?: string };
            return (
              <li key={user.id} className="space-y-2 px-4 py-3" data-testid="user-row">
                <p className="text-sm">
                  <strong className="font-semibold text-slate-900">{user.name}</strong> · {user.email} · {user.role ?? "staff"} · {user.region ?? "Unknown"}
                  {user.banned ? <span className="ml-2 rounded bg-red-100 px-2 py-0.5 text-xs font-medium text-red-900">disabled</span> : null}
                  <span className="ml-2 text-slate-600">since {formatTimestamp(new Date(user.createdAt).toISOString())}</span>
                </p>
                <UserRowForms
                  user={{ id: user.id, email: user.email, role: user.role ?? "staff", region: user.region ?? "Unknown", banned: user.banned === true, isSelf: user.id === admin.id }}
                  actions={rowActions}
                />
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}
