import type { CoreDeps } from '../deps.js';
import { toBotError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Interaction } from '../interaction.js';
import { plain } from '../replies/messages.reply.js';
import { agentLocale } from './agent-locale.js';

/** Revokes the grant at TeamViewer (best effort: its contract is unverified) and always deletes our copy. */
export async function unlinkAccount(deps: CoreDeps, interaction: Interaction): Promise<void> {
  const { actor, conversation } = interaction;
  const link = await deps.store.links.delete(actor.key);
  const locale = await agentLocale(deps, interaction);
  const c = t(locale).link;
  if (!link) {
    await deps.chat.postPrivate(conversation, actor.userId, plain(c.none, 'info', locale));
    return;
  }
  let note = '';
  try {
    await deps.remote.revoke(link);
  } catch (err) {
    deps.logger.warn({ err: toBotError(err) }, 'TeamViewer revoke failed; the link is deleted here anyway');
    note = c.revokeUnconfirmed;
  }
  await deps.chat.postPrivate(conversation, actor.userId, plain(c.unlinked(link.name, note), 'success', locale));
}
