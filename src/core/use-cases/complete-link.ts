import type { CoreDeps } from '../deps.js';
import type { PendingCommand } from '../domain/agent-link.js';
import { errorMessage, toBotError } from '../errors.js';
import { t, type Locale } from '../i18n/index.js';
import { plain, relinkNeeded } from '../replies/messages.reply.js';
import { localeOfAgent } from './agent-locale.js';
import { pkcePair, randomToken, sha256 } from '../util/secure-random.js';

export type BeginLinkResult = { ok: true; redirectUrl: string; browserNonce: string } | { ok: false };

/**
 * GET /oauth/teamviewer/start: consumes the one-time token and creates the OAuth `state` with its PKCE verifier.
 * The returned nonce goes into a cookie so the callback is accepted only in the browser that started.
 */
export async function beginLink(deps: CoreDeps, token: string | undefined): Promise<BeginLinkResult> {
  if (!token) return { ok: false };
  const now = deps.clock.now();
  const ticket = await deps.store.linkFlow.consumeTicket(sha256(token), now);
  if (!ticket) return { ok: false };
  const state = randomToken();
  const nonce = randomToken();
  const pkce = pkcePair();
  await deps.store.linkFlow.putState({
    stateHash: sha256(state),
    browserNonceHash: sha256(nonce),
    codeVerifier: pkce.verifier,
    agentKey: ticket.agentKey,
    chatUserId: ticket.chatUserId,
    surface: ticket.surface,
    ...(ticket.pending ? { pending: ticket.pending } : {}),
    expiresAt: new Date(now.getTime() + deps.settings.linkTtlMs).toISOString(),
  });
  return { ok: true, redirectUrl: deps.remote.authorizationUrl(state, pkce.challenge), browserNonce: nonce };
}

/** `locale`: the agent's language when the link could be tied to an agent, for the browser page. */
export type CompleteLinkResult =
  | { ok: true; accountName: string; locale: Locale }
  | { ok: false; reason: 'invalid_state' | 'denied' | 'exchange_failed'; referenceId?: string; locale?: Locale };

export interface CallbackParams {
  state?: string;
  code?: string;
  error?: string;
  browserNonce?: string;
  correlationId: string;
}

/** Replays a pending command as the agent, once linked. */
export type ResumeCommand = (agent: { agentKey: string; chatUserId: string; surface: 'slack' | 'teams'; name: string }, pending: PendingCommand) => Promise<void>;

/**
 * GET /oauth/teamviewer/callback. An unknown, reused, expired or foreign state stores nothing. On success the
 * tokens are stored (encrypted by the store), any previous grant is revoked, the agent is told, and the command
 * that triggered linking runs by itself.
 */
export async function completeLink(deps: CoreDeps, params: CallbackParams, resume: ResumeCommand): Promise<CompleteLinkResult> {
  if (!params.state) return { ok: false, reason: 'invalid_state' };
  const now = deps.clock.now();
  const record = await deps.store.linkFlow.consumeState(sha256(params.state), now);
  if (!record) return { ok: false, reason: 'invalid_state' };
  if (!params.browserNonce || sha256(params.browserNonce) !== record.browserNonceHash) {
    deps.logger.warn({ agentKey: record.agentKey }, 'OAuth callback from a browser that did not start the link; refused');
    return { ok: false, reason: 'invalid_state' };
  }
  // The browser step has no chat request to read a language from: the agent's remembered (or looked-up) one. The
  // lookup (a cold cache means a chat API call) runs beside the code exchange, not before it; it never rejects.
  const localeLookup = localeOfAgent(deps, { key: record.agentKey, surface: record.surface, userId: record.chatUserId });
  if (params.error || !params.code) {
    const locale = await localeLookup;
    await deps.chat.directMessage(record.surface, record.chatUserId, relinkNeeded(t(locale).link.declined, locale));
    return { ok: false, reason: 'denied', locale };
  }

  let result;
  try {
    result = await deps.remote.completeAuthorization(params.code, record.codeVerifier);
  } catch (err) {
    const e = toBotError(err);
    deps.logger.warn({ err: e, code: e.code }, 'TeamViewer code exchange failed');
    const locale = await localeLookup;
    await deps.chat.directMessage(record.surface, record.chatUserId, relinkNeeded(t(locale).link.failed(errorMessage(e, locale), params.correlationId), locale));
    return { ok: false, reason: 'exchange_failed', referenceId: params.correlationId, locale };
  }
  const locale = await localeLookup;
  const c = t(locale).link;

  const previous = await deps.store.links.get(record.agentKey);
  await deps.store.links.put({
    agentKey: record.agentKey,
    tvUserId: result.account.userId,
    name: result.account.name,
    ...(result.account.email ? { email: result.account.email } : {}),
    accessToken: result.grant.accessToken,
    refreshToken: result.grant.refreshToken,
    expiresAt: result.grant.expiresAt,
    linkedAt: now.toISOString(),
  });
  if (previous && previous.accessToken !== result.grant.accessToken) {
    await deps.remote.revoke(previous).catch((err: unknown) => deps.logger.warn({ err: toBotError(err) }, 'revoking the previous TeamViewer grant failed'));
  }
  deps.logger.info({ agentKey: record.agentKey, tvUserId: result.account.userId }, 'agent linked TeamViewer account');
  await deps.chat.directMessage(record.surface, record.chatUserId, plain(c.linked(result.account.name, record.pending?.text), 'success'));

  if (record.pending) {
    const pending = record.pending;
    void resume({ agentKey: record.agentKey, chatUserId: record.chatUserId, surface: record.surface, name: result.account.name }, pending).catch((err: unknown) =>
      deps.logger.error({ err: toBotError(err) }, 'resuming the pending command failed'),
    );
  }
  return { ok: true, accountName: result.account.name, locale };
}
