export function Card({ title, description, children, className = "" }: {
  title?: string;
  description?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <section className={`rounded-lg border border-slate-200 bg-white p-4 shadow-sm ${className}`}>
      {title ? <h2 className="text-base font-semibold text-slate-900">{title}</h2> : null}
      {description ? <p className="mt-0.5 text-sm text-slate-600">{description}</p> : null}
      <div className={title || description ? "mt-3" : ""}>{children}</div>
    </section>
  );
}
