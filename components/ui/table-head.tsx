/** A column heading; numeric columns are right-aligned, as their cells are. */
export type TableColumn = string | { label: string; numeric: true };

/** The header row of the admin pages' plain tables. */
export function TableHead({ columns }: { columns: readonly TableColumn[] }) {
  return (
    <thead className="bg-slate-50 text-left text-xs uppercase text-slate-600">
      <tr>
        {columns.map((column) => {
          const label = typeof column === "string" ? column : column.label;
          return (
            <th key={label} scope="col" className={typeof column === "string" ? "px-3 py-2 font-medium" : "px-3 py-2 font-medium text-right"}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
