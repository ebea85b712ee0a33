const mib = 1024 * 1024;

/** File sizes in binary units, as file managers show them; shared by the page and the route's messages. */
export function formatSize(bytes: number): string {
  if (bytes >= mib) return `${(bytes / mib).toFixed(bytes >= 100 * mib ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
