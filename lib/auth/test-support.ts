/* For the access tests: sign-ins through better-auth's real endpoint, as a browser makes them. */

export const TEST_ORIGIN = "http://localhost:3000";
/** The Cookie header of a session from a POST to /api/auth/sign-in/email, as a browser would send it. */
export async function signInCookie(handler: (request: Request) => Promise<Response>, email: string, password: string, ip = "203.0.113.7"): Promise<string> {
  const response = await handler(
    new Request(`${TEST_ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN, "x-forwarded-for": ip },
      body: JSON.stringify({ email, password }),
    }),
  );
  if (!response.ok) throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
