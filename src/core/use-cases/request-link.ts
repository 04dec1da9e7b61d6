import type { CoreDeps } from '../deps.js';
import type { PendingCommand } from '../domain/agent-link.js';
import type { Interaction } from '../interaction.js';
import { inLocale, t } from '../i18n/index.js';
import { linkInvitation, plain } from '../replies/messages.reply.js';
import { agentLocale } from './agent-locale.js';
import { randomToken, sha256 } from '../util/secure-random.js';

/**
 * DMs the agent a one-time link (single use, `linkTtlMs`, bound to this chat user) to GET /oauth/teamviewer/start.
 * With `pending`, the command that needed the link is replayed once linking completes.
 */
export async function requestLink(deps: CoreDeps, interaction: Interaction, pending?: PendingCommand, reason?: string): Promise<void> {
  const { actor } = interaction;
  const now = deps.clock.now();
  const token = randomToken();
  await deps.store.linkFlow.putTicket({
    tokenHash: sha256(token),
    agentKey: actor.key,
    chatUserId: actor.userId,
    surface: actor.surface,
    ...(pending ? { pending } : {}),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.settings.linkTtlMs).toISOString(),
  });
  const url = `${deps.settings.publicUrl}/oauth/teamviewer/start?t=${encodeURIComponent(token)}`;
  const minutes = Math.round(deps.settings.linkTtlMs / 60_000);
  const locale = await agentLocale(deps, interaction);
  await deps.chat.directMessage(actor.surface, actor.userId, linkInvitation(url, minutes, pending?.text, reason, locale));
  if (interaction.conversation.kind !== 'dm' || interaction.input.kind === 'command') {
    await deps.chat.postPrivate(interaction.conversation, actor.userId, inLocale(plain(t(locale).link.sentPrivately(minutes, Boolean(pending))), locale));
  }
}
