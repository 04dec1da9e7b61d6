import type { CoreDeps } from '../deps.js';
import { formatTeamViewerId, normaliseTeamViewerId } from '../domain/device.js';
import type { Asset, Ticket } from '../domain/ticket.js';
import { NotFoundError, ValidationError, says } from '../errors.js';
import { inLocale, t, type Locale } from '../i18n/index.js';
import type { Interaction } from '../interaction.js';
import type { Reply } from '../ports/chat.port.js';
import { ACTIONS } from '../replies/session-card.reply.js';
import { agentLocale } from './agent-locale.js';
import { notes, parseTicket, queueTicketJournal } from './session-support.js';
import { assertAssignee } from './start-session.js';

/** Where TeamViewer's own "connect by ID" page lives (the Matrix42 add-on's "Mit Asset verbinden" uses it too). */
export const START_URL = 'https://start.teamviewer.com/';

/**
 * `connect <ticket>`: unattended access to the ticket's computer. The TeamViewer ID comes from the asset's ITSM
 * field, or else from the device list the `assets` job last synced (matched by the asset's name). The agent gets a
 * private button (it opens their own TeamViewer), and the ticket gets a note saying who connected to what.
 */
export async function connectToAsset(deps: CoreDeps, interaction: Interaction, rawTicket: string | undefined): Promise<void> {
  const { actor, conversation } = interaction;
  const number = parseTicket(deps, rawTicket);
  const [ticket, profile, locale] = await Promise.all([
    deps.itsm.getTicket(number),
    deps.settings.requireAssignee ? deps.chat.userProfile(actor.surface, actor.userId) : Promise.resolve(undefined),
    agentLocale(deps, interaction),
  ]);
  if (!ticket) {
    throw new NotFoundError('itsm.not_found', ...says({ key: 'ticketNotFound', params: { ticket: number, system: deps.itsm.displayName } }));
  }
  if (deps.settings.requireAssignee) assertAssignee(profile?.email, ticket, 'connect');
  const asset = ticket.asset;
  if (!asset && ticket.assetError) throw ticket.assetError;
  if (!asset) throw new ValidationError(...says({ key: 'noAsset', params: { ticket: number, system: deps.itsm.displayName } }));
  const { id, source } = await teamViewerIdOf(deps, asset, ticket);
  // The TeamViewer account name when linked (the name the connection report will show), else the chat name.
  const agentName = (await deps.store.links.get(actor.key))?.name ?? profile?.name ?? actor.name ?? actor.userId;
  await deps.chat.postPrivate(conversation, actor.userId, connectReply(ticket, asset, id, source ?? t(locale).connect.deviceList, locale));
  await queueTicketJournal(
    deps,
    ticket.ref,
    notes(deps).connected({ agent: agentName, asset: asset.name, id, ticket: ticket.ref.number }),
    { name: agentName, chatUserId: actor.userId },
    conversation,
    locale,
  );
}

/** `source` is the service desk's name, or undefined when the ID came from the synced TeamViewer device list. */
async function teamViewerIdOf(deps: CoreDeps, asset: Asset, ticket: Ticket): Promise<{ id: string; source?: string }> {
  const stored = normaliseTeamViewerId(asset.teamViewerId);
  if (stored) return { id: stored, source: deps.itsm.displayName };
  const devices = await deps.store.devices.findByName(asset.name);
  const [only] = devices;
  if (devices.length === 1 && only) return { id: only.teamViewerId };
  const field = deps.itsm.assetFieldHint;
  if (devices.length > 1) {
    const ids = devices.map((d) => formatTeamViewerId(d.teamViewerId)).join(', ');
    throw new ValidationError(...says({ key: 'ambiguousDevice', params: { asset: asset.name, ticket: ticket.ref.number, count: devices.length, ids, field } }));
  }
  throw new ValidationError(...says({ key: 'noTeamViewerId', params: { asset: asset.name, ticket: ticket.ref.number, field, ...(asset.teamViewerId ? { value: asset.teamViewerId } : {}) } }));
}

function connectReply(ticket: Ticket, asset: Asset, id: string, source: string, locale: Locale): Reply {
  const c = t(locale).connect;
  const shown = formatTeamViewerId(id);
  return inLocale(
    {
      text: c.text({ asset: asset.name, id: shown, ticket: ticket.ref.number, url: `${START_URL}${id}` }),
      title: c.title(asset.name),
      body: [`${ticket.ref.number}: ${ticket.title}`, c.body(shown, source)],
      actions: [{ id: ACTIONS.connect, label: c.button(asset.name), url: `${START_URL}${id}`, style: 'primary' }],
      severity: 'info',
    },
    locale,
  );
}
