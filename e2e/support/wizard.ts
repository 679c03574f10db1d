import { expect, type Page } from '@playwright/test';

export const OWNER_ENTITY_ID = 'f47c5440-89cb-11ee-b9d1-0242ac120002';
export const SERVICE_ACCOUNT = '6b1a3c0e-1f2d-4e5a-9b7c-8d9e0f1a2b3c';

/** Starts a registration from the list and completes step 1 with the sandbox's draft. Returns ids. */
export async function startWithDraft(page: Page, name = 'Purchase app'): Promise<{ registrationId: string; applicationId: string }> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Start a registration' }).first().click();
  await expect(page).toHaveURL(/\/registrations\/[0-9a-f-]{36}\/draft$/);
  await page.getByLabel('App name').fill(name);
  await page.getByLabel('Namespace').fill('purchase_app');
  await page.getByLabel('ownerEntityId (legal entity id)').fill(OWNER_ENTITY_ID);
  await page.getByRole('button', { name: 'Create draft in sandbox' }).click();
  await expect(page.getByLabel('applicationId')).toHaveValue(/^[0-9a-f-]{36}$/);
  const applicationId = await page.getByLabel('applicationId').inputValue();
  const registrationId = /registrations\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  await expect(page.getByRole('status').filter({ hasText: /Draft saved/ })).toBeVisible();
  return { registrationId, applicationId };
}

export async function openStep(page: Page, registrationId: string, slug: string) {
  await page.goto(`/registrations/${registrationId}/${slug}`);
}

/** Sends the current step and waits for Banqup's answer in a toast. */
export async function sendStep(page: Page, expected: RegExp = /Sent \d+ of \d+ call/) {
  await page.getByRole('button', { name: 'Send to Banqup' }).click();
  await expect(page.getByText(expected).first()).toBeVisible({ timeout: 20_000 });
}

/** Everything the sandbox holds for an application (its read endpoint). */
export async function sandboxState(page: Page, applicationId: string) {
  const response = await page.request.get(`/sandbox/servicemngmt/v1/applications/${applicationId}`, { headers: { authorization: 'Bearer sandbox-token' } });
  expect(response.status()).toBe(200);
  return (await response.json()) as Record<string, unknown> & {
    infoLocalizations: { locale: string; displayName: string; writes: number }[];
    logo: { contentType: string; fileName: string; writes: number } | null;
    medias: { displayOrder: number; fileName: string; mediaType: string; contentType: string; writes: number }[];
    spaceTypes: { spaceType: string }[];
    spaceSegments: { spaceSegment: string }[];
    brands: { brandName: string }[];
    locations: { countryCode: string; status: string }[];
    versions: { version: string; status: string; manifest: Record<string, unknown> }[];
  };
}
