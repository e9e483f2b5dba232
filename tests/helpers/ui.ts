/** Browser steps shared by the end-to-end tests. */
import type { Page } from "playwright-core";

export const DEMO_PASSWORD = "demo12345";

/** Logs in through the form and waits until the browser has left the log-in page. */
export async function logIn(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/dang-nhap`);
  await page.fill("#f-email", email);
  await page.fill("#f-password", password);
  await page.click("button[type=submit]:has-text('Đăng nhập')");
  await page.waitForURL((u) => !u.pathname.startsWith("/dang-nhap"));
}

/** Uploads files into a dossier slot and waits until they are listed in it. */
export async function uploadTo(page: Page, slot: string, files: string[]): Promise<void> {
  const section = page.locator(`#slot-${slot}`);
  const before = await section.locator(".files li").count();
  const fileInput = `input[type=file][data-slot=${slot}]`;
  const input = section.locator(fileInput);
  const form = section.locator(`form:has(${fileInput})`);
  if ((await form.getAttribute("data-auto-upload")) != null) {
    // One tap: choosing the files uploads them (app/ui/UploadForm.tsx autoSubmit), once hydrated.
    await section.locator(`form[data-auto-upload="ready"]:has(${fileInput})`).waitFor();
    await input.setInputFiles(files);
  } else {
    await input.setInputFiles(files);
    await section.locator("button", { hasText: "Tải lên" }).click();
  }
  await page.locator(`#slot-${slot} .files li`).nth(before + files.length - 1).waitFor();
}

/**
 * Clicks the button of a one-way action (app/ui/ConfirmAction.tsx) and confirms it: in the
 * dialog with JavaScript, or on the confirm page without it (or before the page is hydrated).
 */
export async function confirmAction(page: Page, label: string | RegExp): Promise<void> {
  await page.locator("form.confirm-trigger button[type=submit]", { hasText: label }).first().click();
  const confirm = page.locator("dialog.confirm-action-dialog[open] .confirm-form button[type=submit], .confirm-page .confirm-form button[type=submit]").first();
  await confirm.waitFor();
  await confirm.click();
}
