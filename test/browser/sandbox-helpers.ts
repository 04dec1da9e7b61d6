/** Shared steps of the sandbox page tests: a real Chromium on the /sandbox page, driven as Beth would drive it. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sandboxRoutes } from '../../src/sandbox/web/sandbox.routes.js';
import { buttonUrl, dmsTo, startTestStack, type TestStack } from '../helpers/stack.js';
import type { StackOptions } from '../../src/sandbox/stack.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const WAIT = 20_000;

export type Block = Record<string, unknown>;
export const elements = (blocks: Block[] | undefined): Block[] => (blocks ?? []).flatMap((b) => (Array.isArray(b.elements) ? (b.elements as Block[]) : []));
export const label = (el: Block): string => (el.text as { text: string }).text;
export const buttonOf = (blocks: Block[] | undefined, ours: string): Block | undefined => elements(blocks).find((e) => String(e.action_id).startsWith(`${ours}:`));

/** Polls an asynchronous check (the page's DOM) until it holds; the test has its own overall timeout. */
export async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WAIT;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What a test gets: the stack behind the page, the browser context (for the consent tab) and the page. */
export interface Sandbox {
  s: TestStack;
  context: BrowserContext;
  page: Page;
}

/**
 * A describe block with one Chromium for all its tests and a fresh stack per `open`. Without Chromium it is skipped
 * visibly, except on CI, where a missing Chromium is a failure (.ci/run installs it).
 */
export function describeInChromium(name: string, body: (open: (o?: { stack?: StackOptions; browserLocale?: string; timezoneId?: string }) => Promise<Sandbox>) => void): void {
  if (!HAVE_CHROMIUM && process.env.CI === 'true') {
    describe(name, () => {
      it('has a Chromium to run in', () => {
        throw new Error(`No Chromium at ${CHROMIUM}. .ci/run installs Debian's chromium (apt-get install chromium); elsewhere set CHROMIUM_PATH.`);
      });
    });
    return;
  }
  if (!HAVE_CHROMIUM) process.stderr.write(`test/browser: skipping "${name}", no Chromium at ${CHROMIUM} (install chromium or set CHROMIUM_PATH)\n`);
  describe.skipIf(!HAVE_CHROMIUM)(`${name}${HAVE_CHROMIUM ? '' : ` (SKIPPED: no Chromium at ${CHROMIUM}; install chromium or set CHROMIUM_PATH)`}`, { timeout: 60_000 }, () => {
    let browser: Browser;
    let current: Sandbox | undefined;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });
    afterEach(async () => {
      await current?.context.close();
      await current?.s.stop();
      current = undefined;
    });
    body(async (o = {}) => {
      const s = await startTestStack({ autoConsent: false, extraRoutes: sandboxRoutes, ...o.stack });
      const context = await browser.newContext({ timezoneId: o.timezoneId ?? 'UTC', locale: o.browserLocale ?? 'en-US', viewport: { width: 1440, height: 900 } });
      current = { s, context, page: await context.newPage() };
      await current.page.goto(`${s.botUrl}/sandbox`);
      await current.page.locator('#conn.ok').waitFor({ timeout: WAIT });
      return current;
    });
  });
}

/** Types a line into the composer and sends it, as Beth does. */
export async function type(page: Page, line: string): Promise<void> {
  await page.locator('#composer').fill(line);
  await page.locator('#composer').press('Enter');
}

/**
 * Beth is not linked yet: the bot answers privately and DMs a one-time link. She opens the DM, clicks the link,
 * presses Allow on the simulated TeamViewer consent page in the new tab, and comes back to #helpdesk.
 * Returns the DM and the heading of the bot's page the consent ended on.
 */
export async function linkThroughConsent({ s, context, page }: Sandbox): Promise<{ dm: { blocks?: Block[] }; linkedHeading: string }> {
  const { agent, channel } = s.people;
  const dm = await s.slack.waitFor(() => dmsTo(s, agent).find((m) => buttonUrl(m, 'link.open')), WAIT);
  await page.locator('.msg.eph .eph-note', { hasText: 'Only visible to you' }).first().waitFor({ timeout: WAIT });
  await until(async () => (await page.locator('.msg.eph').count()) === s.slack.ephemeralsFor(agent, channel).length, 'every ephemeral for Beth on the page');
  const dmButton = page.locator('#channels .chan.unread', { hasText: 'TeamViewer' });
  await dmButton.waitFor({ timeout: WAIT });
  await dmButton.click();
  const linkButton = page.locator('#timeline button.bk-btn', { hasText: label(buttonOf(dm.blocks, 'link.open') ?? {}) });
  const [consent] = await Promise.all([context.waitForEvent('page'), linkButton.click()]);

  await consent.locator('button[value="allow"]').waitFor({ timeout: WAIT });
  expect(new URL(consent.url()).origin).toBe(s.tv.url);
  expect(await consent.locator('h1').innerText()).toContain('authorize');
  await consent.locator('button[value="allow"]').click();
  await consent.waitForURL(/\/oauth\/teamviewer\/callback/, { timeout: WAIT });
  const linkedHeading = await consent.locator('h1').innerText();
  await consent.close();

  await page.bringToFront();
  await page.locator('#channels .chan', { hasText: 'helpdesk' }).click();
  return { dm, linkedHeading };
}
