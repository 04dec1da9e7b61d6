import type { CoreDeps } from '../deps.js';
import { toBotError } from '../errors.js';
import type { Interaction } from '../interaction.js';
import { plain } from '../replies/messages.reply.js';

/** Revokes the grant at TeamViewer (best effort: its contract is unverified) and always deletes our copy. */
export async function unlinkAccount(deps: CoreDeps, interaction: Interaction): Promise<void> {
  const { actor, conversation } = interaction;
  const link = await deps.store.links.delete(actor.key);
  if (!link) {
    await deps.chat.postPrivate(conversation, actor.userId, plain('You have no linked TeamViewer account.'));
    return;
  }
  let note = '';
  try {
    await deps.remote.revoke(link);
  } catch (err) {
    deps.logger.warn({ err: toBotError(err) }, 'TeamViewer revoke failed; the link is deleted here anyway');
    note = ' TeamViewer did not confirm the revocation; you can also remove the app under Edit profile → Apps in the Management Console.';
  }
  await deps.chat.postPrivate(conversation, actor.userId, plain(`Unlinked TeamViewer account ${link.name}. I've deleted its tokens.${note}`, 'success'));
}
