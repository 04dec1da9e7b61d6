import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../../http/body.js';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { AuthenticationConstants, AuthenticationError } from 'botframework-connector';
import { ClientCredentialsFactory, isMicrosoftLogin } from './teams.credentials.js';
import type { TeamsConfig } from './teams.schema.js';

/**
 * The Bot Framework half of Teams: CloudAdapter with our settings mapped onto botbuilder's keys
 * (chat-platforms.md §9.2). Every `botbuilder` import stays in this folder: the SDK is archived, and a move to
 * its successor must touch nothing else.
 */
/**
 * CloudAdapter with its authenticated entry point public. Its own `process()` writes every refused token to
 * console.error with a stack (anyone could flood the logs) and answers a forged signature with 500, because
 * jsonwebtoken's errors are not AuthenticationErrors; the surface calls `handleActivity` and decides itself.
 */
export class BotAdapter extends CloudAdapter {
  handleActivity(authHeader: string, activity: Activity, logic: (ctx: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** A token that did not validate, whichever library noticed: the caller answers 401, never 500. */
export function isRefusedToken(err: unknown): boolean {
  if (err instanceof AuthenticationError) return true;
  const name = (err as { name?: unknown }).name;
  return name === 'JsonWebTokenError' || name === 'TokenExpiredError' || name === 'NotBeforeError';
}

export function createCloudAdapter(cfg: TeamsConfig, timeoutMs = 10_000): BotAdapter {
  const options: Record<string, string> = {
    MicrosoftAppId: cfg.appId,
    MicrosoftAppPassword: cfg.appPassword ?? '',
    MicrosoftAppType: cfg.appType,
    MicrosoftAppTenantId: cfg.tenantId ?? '',
  };
  // botbuilder builds a fully parameterised configuration as soon as one override is set and does not default
  // the others (botFrameworkAuthenticationFactory.ts), so every key is passed, public-cloud values filling gaps.
  if (cfg.openIdMetadataUrl || cfg.tokenIssuer || cfg.loginUrl) {
    Object.assign(options, {
      ToBotFromChannelOpenIdMetadataUrl: cfg.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromChannelTokenIssuer: cfg.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
      ToChannelFromBotLoginUrl: cfg.loginUrl ?? AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      // A local identity provider (sovereign clouds, tests) is not a login.microsoftonline.com authority.
      ValidateAuthority: 'false',
    });
  }
  const credentials = cfg.appId && !isMicrosoftLogin(cfg.loginUrl) ? new ClientCredentialsFactory(cfg.appId, cfg.appPassword ?? '', timeoutMs) : undefined;
  return new BotAdapter(new ConfigurationBotFrameworkAuthentication(options, credentials));
}

/** Largest activity we accept; Teams messages are far smaller (cards ≤ 28 KB). */
const MAX_BODY = 256 * 1024;

/** Reads and parses the JSON body CloudAdapter expects already parsed (chat-platforms.md §9.3); undefined if not an object. */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const text = await readBody(req, MAX_BODY);
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The express-like response botbuilder writes its status and invoke bodies to. */
export function responseShim(res: ServerResponse) {
  let status = 200;
  const headers: Record<string, string> = {};
  return {
    socket: res.socket,
    status(code: number) {
      status = code;
      return this;
    },
    header(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
      return this;
    },
    send(body?: unknown) {
      if (res.headersSent) return this;
      const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { ...(text && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}), ...headers });
      res.end(text);
      return this;
    },
    end() {
      if (!res.headersSent) res.writeHead(status, headers);
      res.end();
      return this;
    },
  };
}
