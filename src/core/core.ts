import { parseCommand } from './commands/parse.js';
import type { Invocation } from './commands/command-spec.js';
import type { CoreDeps } from './deps.js';
import type { PendingCommand } from './domain/agent-link.js';
import { errorMessage, toBotError, userFacingMessage } from './errors.js';
import { inLocale, LocaleCache, t, type Locale } from './i18n/index.js';
import type { Actor, Interaction } from './interaction.js';
import type { Reply } from './ports/chat.port.js';
import { helpReply } from './replies/help.reply.js';
import { plain } from './replies/messages.reply.js';
import { ACTIONS } from './replies/session-card.reply.js';
import { countAcknowledged, countHandled, outcomeOf } from './command-metrics.js';
import type { CommandOutcome } from './ports/metrics.port.js';
import { closeById, closeByTicket } from './use-cases/close-session.js';
import { beginLink, completeLink, type CallbackParams } from './use-cases/complete-link.js';
import { deliverDueOutbox } from './use-cases/deliver-outbox.js';
import { requestLink } from './use-cases/request-link.js';
import { sessionStatus } from './use-cases/session-status.js';
import { shareById, shareByTicket } from './use-cases/share-session.js';
import { startSession } from './use-cases/start-session.js';
import { unlinkAccount } from './use-cases/unlink-account.js';
import { agentLocale, knownLocale } from './use-cases/agent-locale.js';
import { sessionLogs } from './use-cases/session-logs.js';
import { connectToAsset } from './use-cases/connect-asset.js';
import { sessionReport } from './use-cases/report.js';
import { runJob } from './jobs/job-runner.js';
import type { JobName, JobReport, JobResult } from './jobs/job.js';
import { expireJob } from './jobs/expire.job.js';
import { logsJob } from './jobs/logs.job.js';
import { reconcileJob } from './jobs/reconcile.job.js';
import { tokensJob } from './jobs/tokens.job.js';
import { assetsJob } from './jobs/assets.job.js';

const JOBS: Record<JobName, (deps: CoreDeps) => Promise<JobResult>> = {
  expire: expireJob,
  logs: logsJob,
  tokens: tokensJob,
  reconcile: reconcileJob,
  assets: assetsJob,
};

export function availableJobs(): JobName[] {
  return Object.keys(JOBS) as JobName[];
}

/** What a surface answers inside its platform deadline (Slack: 3 s) before `handle` runs. */
export interface Acknowledgement {
  reply?: Reply;
  /** Nothing more to do: the acknowledgement is the whole answer (help, a typo). */
  done: boolean;
}

export interface Core {
  acknowledge(interaction: Interaction): Acknowledgement;
  handle(interaction: Interaction): Promise<void>;
  beginLink(token: string | undefined): ReturnType<typeof beginLink>;
  completeLink(params: CallbackParams): ReturnType<typeof completeLink>;
  deliverOutbox(): Promise<number>;
  /** One pass of a scheduled job under its lease; never throws (a failed run is a report with outcome `failed`). */
  /** `slot`: the scheduled tick (ISO-8601) when a scheduler asks; run once per tick across replicas. */
  runJob(name: JobName, slot?: string): Promise<JobReport>;
  /** The language to answer `actor` in without waiting for anything (request, memory, default); no actor: the default. */
  localeOf(actor?: Actor): Locale;
}

export function createCore(init: Omit<CoreDeps, 'locales'> & { locales?: LocaleCache }): Core {
  const deps: CoreDeps = { ...init, locales: init.locales ?? new LocaleCache() };
  const core: Core = {
    acknowledge(interaction) {
      if (interaction.input.kind !== 'command') return { done: false };
      // The acknowledgement may not wait: the language the request carries (Teams) or the one remembered (Slack).
      const locale = knownLocale(deps, interaction.actor);
      let inv: Invocation;
      try {
        inv = parseCommand(interaction.input.text);
      } catch (err) {
        return { reply: inLocale(plain(errorMessage(toBotError(err), locale), 'warning'), locale), done: true };
      }
      if (inv.verb === 'help') {
        const typed = interaction.input.text.trim();
        // `help report` is a request for help, not an unknown command.
        const unknown = typed && !/^(help|\?|usage)(\s+\S+)?$/i.test(typed);
        return { reply: helpReply(interaction.commandPrefix, unknown ? t(locale).ack.unknown(typed) : undefined, locale), done: true };
      }
      if (inv.verb === 'start') return { reply: inLocale(plain(t(locale).ack.starting(inv.ticket ?? '')), locale), done: false };
      return { done: false };
    },

    localeOf: (actor) => (actor ? knownLocale(deps, actor) : deps.settings.defaultLocale),

    async handle(interaction) {
      // Started now, awaited where the first words are needed: a Slack profile lookup runs beside the work.
      void agentLocale(deps, interaction);
      let outcome: CommandOutcome = 'ok';
      try {
        if (interaction.input.kind === 'command') await runCommand(deps, interaction, parseCommand(interaction.input.text), interaction.input.text);
        else await runAction(deps, interaction, interaction.input.actionId, interaction.input.value);
      } catch (err) {
        outcome = outcomeOf(err);
        await reportError(deps, interaction, err);
      } finally {
        countHandled(deps, interaction, outcome);
      }
    },

    beginLink: (token) => beginLink(deps, token),
    completeLink: (params) =>
      completeLink(deps, params, async (agent, pending) => {
        const [surface, tenantId = '', userId = agent.chatUserId] = agent.agentKey.split(':') as ['slack' | 'teams', string?, string?];
        const resumed = core.handle({
          correlationId: params.correlationId,
          actor: { surface, tenantId, userId, key: agent.agentKey, name: agent.name },
          conversation: {
            surface,
            conversationId: pending.conversationId,
            kind: 'unknown',
            ...(pending.responseUrl ? { responseUrl: pending.responseUrl } : {}),
            ...(pending.threadId ? { threadId: pending.threadId } : {}),
          },
          input: { kind: 'command', text: pending.text },
          commandPrefix: surface === 'slack' ? '/teamviewer' : '@TeamViewer',
        });
        deps.track?.(resumed, 'chat interaction');
        await resumed;
      }),
    deliverOutbox: () => deliverDueOutbox(deps),
    runJob: (name, slot) => {
      const body = JOBS[name];
      if (!body) throw new Error(`job ${name} is not available in this version`);
      return runJob(deps, name, () => body(deps), slot);
    },
  };
  const acknowledge = core.acknowledge.bind(core);
  core.acknowledge = (interaction) => countAcknowledged(deps, interaction, acknowledge(interaction));
  return core;
}

function pendingOf(interaction: Interaction, text: string): PendingCommand {
  const c = interaction.conversation;
  return { text, conversationId: c.conversationId, ...(c.responseUrl ? { responseUrl: c.responseUrl } : {}), ...(c.threadId ? { threadId: c.threadId } : {}) };
}

async function linkedAgent(deps: CoreDeps, interaction: Interaction, pendingText: string) {
  const link = await deps.store.links.get(interaction.actor.key);
  if (link && !link.brokenAt) return link;
  await requestLink(deps, interaction, pendingOf(interaction, pendingText));
  return undefined;
}

async function runCommand(deps: CoreDeps, interaction: Interaction, inv: Invocation, text: string): Promise<void> {
  const { actor, conversation } = interaction;
  switch (inv.verb) {
    case 'help':
      return deps.chat.postPrivate(conversation, actor.userId, helpReply(interaction.commandPrefix, undefined, await agentLocale(deps, interaction)));
    case 'link':
      return requestLink(deps, interaction);
    case 'unlink':
      return unlinkAccount(deps, interaction);
    case 'status':
      return sessionStatus(deps, interaction, inv.ticket);
    case 'logs':
      return sessionLogs(deps, interaction, inv.ticket);
    case 'connect':
      return connectToAsset(deps, interaction, inv.ticket);
    case 'report':
      return sessionReport(deps, interaction, inv);
    case 'start': {
      const link = await linkedAgent(deps, interaction, text.trim());
      if (link) await startSession(deps, interaction, link, { ...(inv.ticket ? { ticket: inv.ticket } : {}), ...(inv.email ? { email: inv.email } : {}) });
      return;
    }
    case 'close':
      if (await linkedAgent(deps, interaction, text.trim())) await closeByTicket(deps, interaction, inv.ticket);
      return;
    case 'share':
      if (await linkedAgent(deps, interaction, text.trim())) await shareByTicket(deps, interaction, inv.ticket, inv.email);
      return;
  }
}

async function runAction(deps: CoreDeps, interaction: Interaction, actionId: string, value: string | undefined): Promise<void> {
  switch (actionId) {
    case ACTIONS.close:
    case ACTIONS.share: {
      const session = value ? await deps.store.sessions.get(value) : undefined;
      const verb = actionId === ACTIONS.close ? 'close' : 'share';
      if (!(await linkedAgent(deps, interaction, `${verb} ${session?.ticket.number ?? ''}`.trim()))) return;
      return actionId === ACTIONS.close ? closeById(deps, interaction, value) : shareById(deps, interaction, value);
    }
    case ACTIONS.newLink:
      return requestLink(deps, interaction);
    default:
      // Link buttons (join, open link) also arrive here; they only need the acknowledgement.
      return;
  }
}

async function reportError(deps: CoreDeps, interaction: Interaction, err: unknown): Promise<void> {
  const e = toBotError(err);
  const fields = { err: e, code: e.code, cid: interaction.correlationId, actor: interaction.actor.key };
  if (e.kind === 'user') deps.logger.info(fields, e.publicMessage);
  else if (e.kind === 'operational') deps.logger.warn(fields, e.publicMessage);
  else deps.logger.error(fields, 'unexpected failure while handling an interaction');
  try {
    const locale = await agentLocale(deps, interaction);
    if (e.code === 'auth.link_expired' || e.code === 'auth.link_required') {
      const text = interaction.input.kind === 'command' ? interaction.input.text.trim() : undefined;
      await requestLink(deps, interaction, text ? pendingOf(interaction, text) : undefined, e.code === 'auth.link_expired' ? errorMessage(e, locale) : undefined);
      // The agent has been told now: the `tokens` job must not DM them about the same broken link again.
      const link = e.code === 'auth.link_expired' ? await deps.store.links.get(interaction.actor.key) : undefined;
      if (link?.brokenAt && !link.brokenNotifiedAt) await deps.store.links.put({ ...link, brokenNotifiedAt: deps.clock.now().toISOString() });
      return;
    }
    await deps.chat.postPrivate(interaction.conversation, interaction.actor.userId, inLocale(plain(userFacingMessage(e, interaction.correlationId, locale), e.kind === 'user' ? 'warning' : 'error'), locale));
  } catch (postErr) {
    deps.logger.error({ err: toBotError(postErr), original: e.code }, 'could not tell the user about a failure');
  }
}

