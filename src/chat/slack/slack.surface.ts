import { App, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Core } from '../../core/core.js';
import { agentKeyOf } from '../../core/domain/agent-link.js';
import type { Interaction } from '../../core/interaction.js';
import type { Clock } from '../../core/ports/clock.port.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { IdempotencyRepo } from '../../core/ports/store.port.js';
import { runWithContext, newCorrelationId } from '../../observability/request-context.js';
import { actionIdOf, renderBlocks } from './block-kit.renderer.js';
import { SlackHttpReceiver } from './slack.receiver.js';
import type { SlackConfig } from './slack.schema.js';

/** Bolt logs through our pino logger so redaction and correlation ids apply to it too. */
function boltLogger(log: Logger): BoltLogger {
  return {
    debug: (...m: unknown[]) => log.debug({ bolt: m.map(String).join(' ') }, 'bolt'),
    info: (...m: unknown[]) => log.info({ bolt: m.map(String).join(' ') }, 'bolt'),
    warn: (...m: unknown[]) => log.warn({ bolt: m.map(String).join(' ') }, 'bolt'),
    error: (...m: unknown[]) => log.error({ bolt: m.map(String).join(' ') }, 'bolt'),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}

export interface SlackSurface {
  app: App;
  receiver: SlackHttpReceiver;
}

interface SurfaceDeps {
  core: Core;
  clock: Clock;
  logger: Logger;
  idempotency: IdempotencyRepo;
  /** Lets the app track in-flight work for graceful shutdown. */
  track: (p: Promise<unknown>) => void;
}

/**
 * Slack's inbound half: slash commands, button clicks and mentions become neutral Interactions. The ack is
 * sent before any I/O (the core's acknowledgement is pure); the work then runs outside the request.
 */
export function createSlackSurface(cfg: SlackConfig, deps: SurfaceDeps): SlackSurface {
  const log = deps.logger.child({ component: 'chat.slack' });
  const receiver = new SlackHttpReceiver({ signingSecret: cfg.signingSecret, clock: deps.clock, logger: log });
  const app = new App({
    token: cfg.botToken,
    receiver,
    logger: boltLogger(log),
    clientOptions: {
      slackApiUrl: cfg.apiUrl,
      timeout: 10_000,
      // A person is waiting: never Bolt's default of ten retries over thirty minutes (chat-platforms.md §5).
      retryConfig: { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 3000 },
    },
  });

  const run = (interaction: Interaction) => {
    const p = runWithContext({ cid: interaction.correlationId }, () => deps.core.handle(interaction));
    deps.track(p);
  };

  const cidOf = (context: Record<string, unknown>) => (typeof context.correlationId === 'string' ? context.correlationId : newCorrelationId());

  app.command(/^\/.+/, async ({ command, ack, context }) => {
    const cid = cidOf(context);
    const interaction: Interaction = {
      correlationId: cid,
      actor: { surface: 'slack', tenantId: command.team_id, userId: command.user_id, key: agentKeyOf({ surface: 'slack', tenantId: command.team_id, userId: command.user_id }), name: command.user_name },
      conversation: { surface: 'slack', conversationId: command.channel_id, responseUrl: command.response_url, kind: command.channel_id.startsWith('D') ? 'dm' : 'channel' },
      input: { kind: 'command', text: command.text ?? '' },
      commandPrefix: command.command,
    };
    const a = deps.core.acknowledge(interaction);
    await ack(a.reply ? { response_type: 'ephemeral', ...renderBlocks(a.reply) } : undefined);
    log.info({ cid, verb: (command.text ?? '').trim().split(/\s+/)[0] ?? '', user: command.user_id }, 'slash command');
    if (!a.done) run(interaction);
  });

  app.action(/.*/, async ({ ack, body, action, context }) => {
    // Every click is acked at once, link buttons included (chat-platforms.md §3).
    await ack();
    if (body.type !== 'block_actions' || !('action_id' in action)) return;
    const b = body;
    // Bolt types `container` as any; these two fields are documented (chat-platforms.md §3).
    const container = b.container as { channel_id?: string; message_ts?: string };
    const teamId = b.team?.id ?? b.user.team_id ?? '';
    const channel = b.channel?.id ?? container.channel_id ?? '';
    const value = 'value' in action && typeof action.value === 'string' ? action.value : undefined;
    const messageTs = b.message?.ts ?? container.message_ts;
    const interaction: Interaction = {
      correlationId: cidOf(context),
      actor: { surface: 'slack', tenantId: teamId, userId: b.user.id, key: agentKeyOf({ surface: 'slack', tenantId: teamId, userId: b.user.id }), name: b.user.name ?? b.user.username ?? '' },
      conversation: { surface: 'slack', conversationId: channel, ...(b.response_url ? { responseUrl: b.response_url } : {}), kind: channel.startsWith('D') ? 'dm' : 'channel' },
      input: { kind: 'action', actionId: actionIdOf(action.action_id), ...(value ? { value } : {}), ...(messageTs ? { message: { surface: 'slack', conversationId: channel, messageId: messageTs } } : {}) },
      commandPrefix: '/teamviewer',
    };
    log.info({ cid: interaction.correlationId, action: interaction.input.kind === 'action' ? interaction.input.actionId : '', user: b.user.id }, 'button');
    run(interaction);
  });

  // `@TeamViewer start INC…` in a channel or thread, and plain words in the bot's DM (pain point 3: threads).
  const onText = async (e: { user?: string; text?: string; channel: string; ts: string; thread_ts?: string; bot_id?: string; subtype?: string }, teamId: string, eventId: string | undefined) => {
    if (!e.user || e.bot_id || e.subtype) return;
    if (eventId && !(await deps.idempotency.claim(`slack-event:${eventId}`, deps.clock.now(), 24 * 3600_000))) return;
    const text = (e.text ?? '').replace(/<@[A-Z0-9]+>/g, ' ').trim();
    const interaction: Interaction = {
      correlationId: newCorrelationId(),
      actor: { surface: 'slack', tenantId: teamId, userId: e.user, key: agentKeyOf({ surface: 'slack', tenantId: teamId, userId: e.user }) },
      conversation: { surface: 'slack', conversationId: e.channel, threadId: e.thread_ts ?? e.ts, kind: e.channel.startsWith('D') ? 'dm' : 'channel' },
      input: { kind: 'command', text },
      commandPrefix: '@TeamViewer',
    };
    const a = deps.core.acknowledge(interaction);
    if (a.done) {
      if (a.reply) deps.track(runWithContext({ cid: interaction.correlationId }, () => deps.core.handle({ ...interaction, input: { kind: 'command', text: 'help' } })));
      return;
    }
    run(interaction);
  };
  app.event('app_mention', async ({ event, body }) => onText(event, body.team_id, body.event_id));
  app.event('message', async ({ event, body }) => {
    if ((event as { channel_type?: string }).channel_type === 'im') await onText(event, body.team_id, body.event_id);
  });
  app.error(async (err) => log.error({ err }, 'unhandled error in a Slack listener'));

  return { app, receiver };
}
