import { test as setup } from "@playwright/test";
import { e2eRoles, e2eUser, signIn, storageStateFor } from "./users";

// One sign-in per role through the real page; the specs reuse the session (the limiter allows
// five sign-ins a minute from one address, and the suite shares 127.0.0.1).
for (const role of e2eRoles) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const { email, password } = e2eUser(role);
    await signIn(page, email, password);
    await page.context().storageState({ path: storageStateFor(role) });
  });
}
