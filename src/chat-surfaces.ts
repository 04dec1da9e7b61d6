import type { Dispatcher } from 'undici';
import { ChatRouter } from './chat/chat-router.js';
import { SlackNotifier } from './chat/slack/slack.notifier.js';
import { createSlackSurface, type SlackSurface } from './chat/slack/slack.surface.js';
import { createCloudAdapter } from './chat/teams/teams.adapter.js';
import { TeamsNotifier } from './chat/teams/teams.notifier.js';
import { TeamsRefs } from './chat/teams/teams.refs.js';
import { createTeamsSurface } from './chat/teams/teams.surface.js';
import type { Config } from './config/load.js';
import type { Core } from './core/core.js';
import type { Clock } from './core/ports/clock.port.js';
import type { Store } from './core/ports/store.port.js';
import type { Instrumentation } from './observability/instrumentation.js';
import type { Logger } from './observability/logger.js';

export interface ChatSurfacesDeps {
  /** The core the surfaces hand interactions to (app.ts passes a facade: the core needs `chat` first). */
  core: Core;
  clock: Clock;
  logger: Logger;
  store: Store;
  track: (p: Promise<unknown>, what?: string) => void;
  inst: Instrumentation;
  /** The app's one instrumented dispatcher (Slack's response_url posts go through it). */
  dispatcher: Dispatcher;
  timeoutMs: number;
}

export interface ChatSurfaces {
  /** Inbound Slack (POST /slack/events), when SLACK_SIGNING_SECRET is set. */
  slack: SlackSurface | undefined;
  /** Inbound Teams (POST /api/messages), when Teams is on. */
  teams: ReturnType<typeof createTeamsSurface> | undefined;
  /** Outbound: every configured platform behind the core's one chat port. */
  chat: ChatRouter;
}

/** The inbound surfaces and outbound notifiers of every configured chat platform. */
export function createChatSurfaces(config: Config, d: ChatSurfacesDeps): ChatSurfaces {
  const { core, clock, logger, track } = d;
  const slack = config.slack ? createSlackSurface(config.slack, { core, clock, logger, idempotency: d.store.idempotency, track }) : undefined;
  const teamsAdapter = config.teams ? createCloudAdapter(config.teams, d.timeoutMs) : undefined;
  const teamsRefs = new TeamsRefs(d.store.conversationRefs);
  const teams = teamsAdapter ? createTeamsSurface(teamsAdapter, { core, clock, logger, idempotency: d.store.idempotency, refs: teamsRefs, track }) : undefined;
  if (config.teams && !config.teams.appId) {
    logger.warn({ publicUrl: config.publicUrl }, 'Teams runs WITHOUT authentication (MICROSOFT_APP_ID is empty): anyone who can reach /api/messages can act as any user. Local use only.');
  }
  const chat = new ChatRouter({
    // Slack answers 200 to every Web API call that arrives, `ok: false` included (chat-platforms.md §5).
    ...(slack ? { slack: new SlackNotifier(d.inst.client(slack.app.client, 'slack', '200', { depth: 2 }), d.dispatcher, logger.child({ component: 'chat.slack' }), d.timeoutMs) } : {}),
    ...(teamsAdapter && config.teams ? { teams: new TeamsNotifier(d.inst.client(teamsAdapter, 'teams', 'ok', { only: ['continueConversationAsync', 'createConversationAsync'] }), config.teams.appId, teamsRefs, logger.child({ component: 'chat.teams' })) } : {}),
  });
  return { slack, teams, chat };
}
