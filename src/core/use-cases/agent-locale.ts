/**
 * Which language to answer an agent in. Teams sends the client's locale with every activity; Slack sends none
 * with commands or clicks, so its users' locale comes from `users.info` (asked once, then remembered for an hour)
 * while the acknowledgement, which may not wait for anything, uses what is already remembered.
 */
import type { CoreDeps } from '../deps.js';
import { pickLocale, type Locale } from '../i18n/index.js';
import type { Actor, Interaction } from '../interaction.js';

const resolved = new WeakMap<Interaction, Promise<Locale>>();

/** Without waiting for anything: the platform's locale on this very request, else the remembered one, else the default. */
export function knownLocale(deps: Pick<CoreDeps, 'locales' | 'settings'>, actor: Actor): Locale {
  if (actor.locale) {
    const locale = pickLocale(actor.locale, deps.settings.defaultLocale);
    deps.locales.set(actor.key, locale);
    return locale;
  }
  return deps.locales.get(actor.key) ?? deps.settings.defaultLocale;
}

/** Looks the agent's profile up when nothing is remembered; never fails (the default is always an answer). */
export async function localeOfAgent(deps: CoreDeps, who: { key: string; surface: 'slack' | 'teams'; userId: string }): Promise<Locale> {
  const cached = deps.locales.get(who.key);
  if (cached) return cached;
  try {
    const profile = await deps.chat.userProfile(who.surface, who.userId);
    const locale = pickLocale(profile?.locale, deps.settings.defaultLocale);
    deps.locales.set(who.key, locale);
    return locale;
  } catch (err) {
    deps.logger.debug({ err, userId: who.userId }, 'no profile to read the language from; using the default');
    return deps.settings.defaultLocale;
  }
}

/**
 * The interaction's language, resolved once per interaction. `handle` starts it at once, so the lookup (when one is
 * needed) runs beside the use case's own first calls instead of before them.
 */
export function agentLocale(deps: CoreDeps, interaction: Interaction): Promise<Locale> {
  let p = resolved.get(interaction);
  if (!p) {
    const { actor } = interaction;
    p = actor.locale || deps.locales.get(actor.key) ? Promise.resolve(knownLocale(deps, actor)) : localeOfAgent(deps, actor);
    resolved.set(interaction, p);
  }
  return p;
}

/** The organisation's language: e-mails, journal entries, manager and job posts (DEFAULT_LOCALE). */
export function orgLocale(deps: Pick<CoreDeps, 'settings'>): Locale {
  return deps.settings.defaultLocale;
}
