/** Driving a demo page's `<strata-import id="import">` as a user does (shared by the e2e tests). */
import type { Locator, Page } from 'playwright-core';
import { until } from './helpers.ts';

/** Chooses `file` with the import element's button, as a user does, and waits for its preview. */
export async function importFile(page: Page, file: string): Promise<Locator> {
  const element = page.locator('strata-import#import');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), element.locator('button[part="choose"]').click()]);
  await chooser.setFiles(file);
  await element.locator('[part="file"]').waitFor();
  await settled(element);
  return element;
}

/** Waits until the import element is neither previewing nor loading. */
export async function settled(element: Locator): Promise<void> {
  await until(() => element.locator('[part="frame"]').getAttribute('aria-busy'), (busy) => busy === 'false');
}

/** The problem (or warning) lines of the import element: kind, field and text. */
export function importLines(element: Locator, part: 'problems' | 'warnings'): Promise<{ kind: string; field: string; text: string }[]> {
  return element
    .locator(`[part="${part}"] li`)
    .evaluateAll((lis) => lis.map((li) => ({ kind: (li as HTMLElement).dataset.kind ?? '', field: (li as HTMLElement).dataset.field ?? '', text: li.textContent ?? '' })));
}
