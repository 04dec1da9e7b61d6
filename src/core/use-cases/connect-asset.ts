import type { CoreDeps } from '../deps.js';
import { formatTeamViewerId, normaliseTeamViewerId } from '../domain/device.js';
import type { Asset, Ticket } from '../domain/ticket.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Interaction } from '../interaction.js';
import type { Reply } from '../ports/chat.port.js';
import { ACTIONS } from '../replies/session-card.reply.js';
import { parseTicket, queueTicketJournal } from './session-support.js';
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
  const [ticket, profile] = await Promise.all([
    deps.itsm.getTicket(number),
    deps.settings.requireAssignee ? deps.chat.userProfile(actor.surface, actor.userId) : Promise.resolve(undefined),
  ]);
  if (!ticket) {
    throw new NotFoundError('itsm.not_found', `I can't find ${number} in ${deps.itsm.displayName}. Check the number, or whether the integration user may read it.`);
  }
  if (deps.settings.requireAssignee) assertAssignee(profile?.email, ticket, 'connect to its computer');
  const asset = ticket.asset;
  if (!asset) {
    throw new ValidationError(
      `${number} has no computer linked in ${deps.itsm.displayName}, so I don't know what to connect to. Link the requester's computer (asset / configuration item) to the ticket and try again, or use \`start ${number}\` for a session the customer joins.`,
    );
  }
  const { id, source } = await teamViewerIdOf(deps, asset, ticket);
  // The TeamViewer account name when linked (the name the connection report will show), else the chat name.
  const agentName = (await deps.store.links.get(actor.key))?.name ?? profile?.name ?? actor.name ?? actor.userId;
  await deps.chat.postPrivate(conversation, actor.userId, connectReply(ticket, asset, id, source));
  await queueTicketJournal(
    deps,
    ticket.ref,
    `[TeamViewer] ${agentName} opened an unattended connection to ${asset.name} (TeamViewer ID ${id}) from chat for ${ticket.ref.number}.`,
    { name: agentName, chatUserId: actor.userId },
    conversation,
  );
}

async function teamViewerIdOf(deps: CoreDeps, asset: Asset, ticket: Ticket): Promise<{ id: string; source: string }> {
  const stored = normaliseTeamViewerId(asset.teamViewerId);
  if (stored) return { id: stored, source: deps.itsm.displayName };
  const devices = await deps.store.devices.findByName(asset.name);
  const [only] = devices;
  if (devices.length === 1 && only) return { id: only.teamViewerId, source: 'the TeamViewer device list' };
  const where = `Put its TeamViewer ID into ${deps.itsm.assetFieldHint}`;
  if (devices.length > 1) {
    const ids = devices.map((d) => formatTeamViewerId(d.teamViewerId)).join(', ');
    throw new ValidationError(`${asset.name} (on ${ticket.ref.number}) matches ${devices.length} TeamViewer devices (${ids}), so I won't guess. ${where}.`);
  }
  const bad = asset.teamViewerId ? ` The value there, "${asset.teamViewerId}", is not a TeamViewer ID (6–12 digits).` : '';
  throw new ValidationError(
    `${asset.name} (on ${ticket.ref.number}) has no TeamViewer ID.${bad} ${where}, or let the nightly \`assets\` job fill it in: it matches TeamViewer devices to assets by name, so the device must be called ${asset.name} in TeamViewer.`,
  );
}

function connectReply(ticket: Ticket, asset: Asset, id: string, source: string): Reply {
  const shown = formatTeamViewerId(id);
  const text = `Connect to ${asset.name} (TeamViewer ID ${shown}) for ${ticket.ref.number}: ${START_URL}${id}`;
  return {
    text,
    title: `Connect to ${asset.name}`,
    body: [
      `${ticket.ref.number}: ${ticket.title}`,
      `TeamViewer ID ${shown} (from ${source}). The button opens your TeamViewer, or offers to install it. The computer must be online and set up for unattended access by your account.`,
    ],
    actions: [{ id: ACTIONS.connect, label: `Connect to ${asset.name}`, url: `${START_URL}${id}`, style: 'primary' }],
    severity: 'info',
  };
}
