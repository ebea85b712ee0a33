"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { accessFor } from "@/lib/auth/access";
import { hasRole, type Role } from "@/lib/auth/roles";

const LINKS = [
  { href: "/follow-ups", label: "My follow-ups" },
  { href: "/", label: "Outreach" },
  { href: "/trends", label: "Trends" },
  { href: "/model", label: "Model" },
  { href: "/upload", label: "Upload" },
  { href: "/imports", label: "Imports" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/audit", label: "Audit" },
  { href: "/admin/cdc", label: "Change events" },
] as const;

/**
 * Keeps the chosen as-of date when moving between pages. Shows only the pages the role may open;
 * that is for convenience, the pages check the role themselves.
 */
export function NavLinks({ role }: { role: Role }) {
  const pathname = usePathname();
  const asOf = useSearchParams().get("asOf");
  return (
    <nav aria-label="Main" className="flex items-center gap-1">
      {LINKS.filter((link) => {
        const access = accessFor(link.href);
        return access === "public" || (access !== "token" && hasRole(role, access));
      }).map((link) => {
        const isActive = link.href === "/" ? pathname === "/" || pathname.startsWith("/accounts") || pathname.startsWith("/invoices") : pathname.startsWith(link.href);
        return (
          <Link
            key={link.href}
            href={asOf ? `${link.href}?asOf=${asOf}` : link.href}
            aria-current={isActive ? "page" : undefined}
            className={`rounded-md px-3 py-2 text-sm font-medium ${isActive ? "bg-slate-800 text-white" : "text-slate-200 hover:bg-slate-800 hover:text-white"}`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
