import type { Config } from '../config/load.js';
import { itsmSecrets } from '../itsm/registry.js';
import type { SecretScrubber } from './logger.js';

/** Every secret the settings carry, so no log line can print one (style.md §3.7). */
export function registerConfigSecrets(s: SecretScrubber, c: Config): void {
  s.register(c.teamviewer.clientSecret);
  s.register(c.teamviewer.apiToken);
  s.register(c.slack?.signingSecret);
  s.register(c.slack?.botToken);
  s.register(c.teams?.appPassword);
  s.register(c.encryptionKey.toString('base64'));
  s.register(c.encryptionKey.toString('hex'));
  for (const secret of itsmSecrets(c.itsm)) s.register(secret);
  if (c.databaseUrl && URL.canParse(c.databaseUrl)) s.register(decodeURIComponent(new URL(c.databaseUrl).password));
  if (c.mail.smtpUrl) {
    const pass = decodeURIComponent(new URL(c.mail.smtpUrl).password);
    s.register(pass);
  }
}
