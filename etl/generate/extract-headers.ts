/** Column names and order of the real extracts; the ETL matches on these exactly. */
export const EXTRACT_HEADERS = {
  accounts: ["account_id", "company_name", "company_address", "contact_person", "contact_phone", "gender", "joining_date"],
  skus: ["item_id", "item_name", "item_description", "item_cost_price", "item_retail_price"],
  invoices: ["invoice_id", "account_id", "date_issued", "payment_dates"],
  invoiceLineItems: ["invoice_id", "item_id", "quantity"],
} as const;

export const EXTRACT_FILES = {
  accounts: "accounts.csv",
  skus: "skus.csv",
  invoices: "invoices.csv",
  invoiceLineItems: "invoice_line_items.csv",
} as const;
