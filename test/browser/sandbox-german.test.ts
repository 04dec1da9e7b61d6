import { expect, it } from 'vitest';
import { describeInChromium, linkThroughConsent, type, WAIT } from './sandbox-helpers.js';

describeInChromium('sandbox page in German (SANDBOX_LOCALE=de)', (open) => {
  it('answers Beth in German and shows the German card, invitation e-mail and journal entry', async () => {
    const sandbox = await open({ stack: { locale: 'de' }, browserLocale: 'de-DE', timezoneId: 'Europe/Berlin' });
    const { s, page } = sandbox;
    const ticket = s.itsm?.numbers.printer ?? '';
    expect(ticket).toBe('INC0010001');

    await type(page, `/teamviewer start ${ticket}`);
    const { linkedHeading } = await linkThroughConsent(sandbox);
    expect(linkedHeading).toBe('Verknüpft als Beth Anglin');

    // The texts are written out here, not read from the bot's output, so an English answer cannot pass.
    await page.locator('#timeline .msg.eph', { hasText: 'TeamViewer-Sitzung für INC0010001 wird gestartet' }).first().waitFor({ timeout: WAIT });
    await page.locator('#timeline .msg .bk-header', { hasText: 'TeamViewer-Sitzung für INC0010001' }).waitFor({ timeout: WAIT });
    await page.locator('#timeline .msg .bk-btn', { hasText: 'Sitzung schließen' }).first().waitFor({ timeout: WAIT });
    const mail = page.locator('#inbox .mail', { hasText: 'Fernwartung zu INC0010001: Nehmen Sie an Ihrer TeamViewer-Sitzung teil' });
    await mail.waitFor({ timeout: WAIT });
    expect(await mail.locator('.mail-to').innerText()).toBe('abel.tuter@example.com');
    await page.locator('#journal .note-body', { hasText: 'Beth Anglin hat die Fernwartungssitzung' }).first().waitFor({ timeout: WAIT });
  });
});
