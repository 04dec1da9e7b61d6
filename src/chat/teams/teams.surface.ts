import type { IncomingMessage, ServerResponse } from 'node:http';
import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import type { Core } from '../../core/core.js';
import { agentKeyOf } from '../../core/domain/agent-link.js';
import { t } from '../../core/i18n/index.js';
import type { Actor, Interaction } from '../../core/interaction.js';
import type { Clock } from '../../core/ports/clock.port.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { IdempotencyRepo } from '../../core/ports/store.port.js';
import { newCorrelationId, runWithContext } from '../../observability/request-context.js';
import { actionFromTeams, renderAdaptiveCard } from './adaptive-card.renderer.js';
import { stripMentions } from './mention.js';
import { BodyTooLargeError } from '../../http/body.js';
import { isRefusedToken, readJsonBody, responseShim, type BotAdapter } from './teams.adapter.js';
import { splitThread, type TeamsRefs } from './teams.refs.js';

interface SurfaceDeps {
  core: Core;
  clock: Clock;
  logger: Logger;
  idempotency: IdempotencyRepo;
  refs: TeamsRefs;
  track: (p: Promise<unknown>) => void;
}

const PREFIX = '@TeamViewer';

/** `clientInfo.timezone` from the activity's entities: the viewer's IANA zone, when the client sends it. */
function timeZoneOf(a: Activity): string | undefined {
  const info = (a.entities ?? []).find((e) => e.type === 'clientInfo') as { timezone?: unknown } | undefined;
  return typeof info?.timezone === 'string' && info.timezone ? info.timezone : undefined;
}

/** The client's language: the activity's `locale`, else the one in `clientInfo` (chat-platforms.md §8). */
function localeOf(a: Activity): string | undefined {
  if (typeof a.locale === 'string' && a.locale) return a.locale;
  const info = (a.entities ?? []).find((e) => e.type === 'clientInfo') as { locale?: unknown } | undefined;
  return typeof info?.locale === 'string' && info.locale ? info.locale : undefined;
}

/**
 * Other people's mentions become `@FirstLast` (what `report @agent` matches) before every `<at>` is stripped; the
 * bot's own mention disappears (chat-platforms.md §8 "Mentions": several, `&nbsp;`, line breaks).
 */
export function commandText(a: Pick<Activity, 'text' | 'entities' | 'recipient'>): string {
  let text = a.text ?? '';
  for (const e of a.entities ?? []) {
    const m = e as { type?: string; text?: string; mentioned?: { id?: string; name?: string } };
    if (m.type !== 'mention' || !m.text || m.mentioned?.id === a.recipient.id) continue;
    text = text.split(m.text).join(` @${(m.mentioned?.name ?? '').replace(/\s+/g, '')} `);
  }
  return stripMentions(text, [a.recipient.name ?? '', 'TeamViewer']);
}

/**
 * Teams' inbound half on `POST /api/messages`: CloudAdapter checks the JWT (when MICROSOFT_APP_ID is set), the turn
 * stores conversation references, answers at once (Teams retries after ~15 s) and hands the work to the core,
 * whose replies go out proactively through TeamsNotifier.
 */
export function createTeamsSurface(adapter: BotAdapter, deps: SurfaceDeps) {
  const log = deps.logger.child({ component: 'chat.teams' });

  /** The core's work starts once the turn's references are stored: its replies go out through them. */
  const run = (interaction: Interaction, stored: Promise<void>) =>
    deps.track(runWithContext({ cid: interaction.correlationId }, async () => {
      await stored;
      await deps.core.handle(interaction);
    }));

  /** Stores the references; called inside the turn but not awaited there, so no store write delays the answer. */
  async function remember(a: Activity): Promise<void> {
    const reference = TurnContext.getConversationReference(a);
    await deps.refs.putConversation(reference);
    if (a.from.id && a.from.role !== 'bot') {
      const tenantId = a.conversation.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
      const tz = timeZoneOf(a);
      await deps.refs.putUser({
        reference,
        teamsId: a.from.id,
        ...(a.from.aadObjectId ? { aadObjectId: a.from.aadObjectId } : {}),
        ...(a.from.name ? { name: a.from.name } : {}),
        ...(tz ? { timeZone: tz } : {}),
        ...(tenantId ? { tenantId } : {}),
      });
    }
  }

  function actorOf(a: Activity): Actor {
    const tenantId = a.conversation.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? '';
    // Links are keyed by the Entra object id: stable across the user's Teams clients and conversations.
    const userId = a.from.aadObjectId ?? a.from.id;
    const locale = localeOf(a);
    return { surface: 'teams', tenantId, userId, key: agentKeyOf({ surface: 'teams', tenantId, userId }), ...(a.from.name ? { name: a.from.name } : {}), ...(locale ? { locale } : {}) };
  }

  function interactionOf(a: Activity, input: Interaction['input']): Interaction {
    const { base, root } = splitThread(a.conversation.id);
    const personal = a.conversation.conversationType === 'personal';
    return {
      correlationId: newCorrelationId(),
      actor: actorOf(a),
      conversation: { surface: 'teams', conversationId: base, ...(!personal ? { threadId: root ?? a.id } : {}), kind: personal ? 'dm' : 'channel' },
      input,
      commandPrefix: PREFIX,
    };
  }

  async function onTurn(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    // The reference is read from the activity now (the context is revoked after the turn); storing it runs beside
    // the answer and is logged, never thrown, if it fails.
    const stored = remember(a).catch((err: unknown) => log.warn({ err }, 'could not store the Teams conversation reference'));
    deps.track(stored);
    const isInvoke = a.type === 'invoke' && a.name === 'adaptiveCard/action';
    const isMessage = a.type === 'message';
    if (!isInvoke && !isMessage) return; // conversationUpdate, installationUpdate: the references are what we wanted
    // The invoke's own answer is a toast in the clicker's language.
    const words = () => t(deps.core.localeOf(actorOf(a))).ack;
    // Teams re-sends an activity it thinks went unanswered: the same id never runs twice.
    if (a.id && !(await deps.idempotency.claim(`teams-activity:${a.conversation.id}:${a.id}`, deps.clock.now(), 24 * 3600_000))) {
      if (isInvoke) await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: words().already } } });
      return;
    }

    const action = isInvoke ? actionFromTeams(a.value) : a.value ? actionFromTeams(a.value) : undefined;
    if (isInvoke || action) {
      if (isInvoke) await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: words().working } } });
      if (!action) return;
      const interaction = interactionOf(a, {
        kind: 'action',
        actionId: action.actionId,
        ...(action.value ? { value: action.value } : {}),
        ...(a.replyToId ? { message: { surface: 'teams', conversationId: a.conversation.id, messageId: a.replyToId } } : {}),
      });
      log.info({ cid: interaction.correlationId, action: action.actionId, user: interaction.actor.userId }, 'card action');
      run(interaction, stored);
      return;
    }

    const interaction = interactionOf(a, { kind: 'command', text: commandText(a) });
    const ack = deps.core.acknowledge(interaction);
    if (ack.reply) await ctx.sendActivity({ type: 'message', attachments: [renderAdaptiveCard(ack.reply)] });
    log.info({ cid: interaction.correlationId, verb: interaction.input.kind === 'command' ? (interaction.input.text.split(/\s+/)[0] ?? '') : '', user: interaction.actor.userId }, 'teams command');
    if (!ack.done) run(interaction, stored);
  }

  return {
    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      let body: Record<string, unknown> | undefined;
      try {
        body = await readJsonBody(req);
      } catch (err) {
        res.writeHead(err instanceof BodyTooLargeError ? 413 : 400).end();
        return;
      }
      if (!body) {
        res.writeHead(400).end();
        return;
      }
      if (typeof body.type !== 'string') {
        res.writeHead(400).end();
        return;
      }
      // processActivity rather than process(): process() writes every refused token to console.error with a stack,
      // outside our logger, so anyone could flood the logs; here a refusal is one warn line and a 401.
      const header = req.headers.authorization;
      const shim = responseShim(res);
      try {
        const invoke = await adapter.handleActivity(typeof header === 'string' ? header : '', withDates(body), (ctx) => onTurn(ctx));
        shim.status(invoke?.status ?? 200);
        if (invoke?.body !== undefined) shim.send(invoke.body);
        else shim.end();
      } catch (err) {
        if (isRefusedToken(err)) {
          log.warn({ reason: err instanceof Error ? err.message : String(err), serviceUrl: typeof body.serviceUrl === 'string' ? body.serviceUrl : undefined }, 'Teams activity refused: its token did not validate');
          shim.status(401).end();
          return;
        }
        log.error({ err }, 'Teams activity failed');
        shim.status(500).end();
      }
    },
  };
}

/** As botbuilder's own process() does: timestamps arrive as strings and the SDK expects Dates (it keeps the raw too). */
function withDates(body: Record<string, unknown>): Activity {
  const a: Record<string, unknown> = { ...body };
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['expiration', 'rawExpiration'], ['localTimestamp', 'rawLocalTimestamp']] as const) {
    const v = a[field];
    if (typeof v === 'string') {
      a[raw] = v;
      a[field] = new Date(v);
    }
  }
  // The shape beyond `type` is the SDK's to check; it reads only what it needs.
  return a as unknown as Activity;
}
