/** Set by proxy.ts on every request: the address asked for, so sign-in can send people back to it. */
export const RETURN_PATH_HEADER = "x-pi-return-path";
