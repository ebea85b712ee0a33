import path from "node:path";
import { expect, type Page } from "@playwright/test";

/** The users e2e/start-server.sh creates, one per role. */
export const e2eRoles = ["admin", "manager", "staff"] as const;
export type E2eRole = (typeof e2eRoles)[number];

export const e2eUser = (role: E2eRole) => ({ email: `${role}@example.com`, password: `e2e-password-${role}`, name: `E2E ${role}` });

/** Where e2e/auth.setup.ts keeps each role's signed-in browser state. */
export const storageStateFor = (role: E2eRole) => path.join("test-results", "e2e-auth", `${role}.json`);

/** Signs in through the real sign-in page, as a person would, and waits for the page it leads to. */
export async function signIn(page: Page, email: string, password: string, baseURL = ""): Promise<void> {
  await page.goto(`${baseURL}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
}
