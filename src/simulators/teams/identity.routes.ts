/**
 * The simulator as identity provider, both directions (chat-platforms.md §9.2–§9.3).
 *
 * Channel → bot. botbuilder 4.23.3 `ParameterizedBotFrameworkAuthentication.ChannelValidation_authenticateChannelToken`
 * (botframework-connector/lib/auth/parameterizedBotFrameworkAuthentication.js) does, in order:
 * - no header with auth on → `AuthenticationError` 401; CloudAdapter.process maps AuthenticationError → 401, any
 *   other error → 500 (botbuilder/lib/cloudAdapter.js).
 * - routes the token by its claims before validating: `ver` + `aud` + `appid`/`azp` different from `aud` = skill
 *   token (skillValidation.js); an `iss` in the Emulator/AAD list = Emulator token (emulatorValidation.js). Our
 *   tokens carry neither `ver` nor `appid`, like the real channel tokens, so they take the channel path.
 * - jwtTokenExtractor.js: `iss` must equal `ToBotFromChannelTokenIssuer` (else no identity → 401); fetches
 *   `ToBotFromChannelOpenIdMetadataUrl` with node-fetch and then its `jwks_uri` (openIdMetadata.js; only those two
 *   fields are used), caches the keys per metadata URL for 24 h and re-fetches an unknown `kid` only after 1 h, so an
 *   unknown kid is "Signing Key could not be retrieved" (401). jsonwebtoken `verify` with algorithms
 *   RS256/RS384/RS512, `clockTolerance` 300 s, no audience option: `TokenExpiredError` → 401, but a bad signature is
 *   a plain `JsonWebTokenError` rethrown as is → **500**. Endorsements: see jwt.ts.
 * - then `iss` again, `aud` must equal `MicrosoftAppId` (isValidAppId), and the `serviceurl` claim must equal
 *   `activity.serviceUrl` exactly (trailing slash included).
 *
 * Bot → connector. ConnectorFactoryImpl → PasswordServiceClientCredentialFactory.createCredentials
 * (passwordServiceClientCredentialFactory.js): a login URL starting with `https://login.microsoftonline.com/` only
 * selects MicrosoftAppCredentials, whose authority is `…/<MicrosoftAppTenantId or botframework.com>` (the URL's own
 * tenant segment is ignored); any other URL is used verbatim, lower-cased, as the MSAL authority
 * (`PrivateCloudAppCredentials`; the tenant is then ignored). MsalAppCredentials builds an msal-node
 * ConfidentialClientApplication from `{authority, clientId, clientSecret}` only (no knownAuthorities, no
 * authorityMetadata, `ValidateAuthority` is not passed on) and calls `acquireTokenByClientCredential` with scope
 * `<ToChannelFromBotOAuthScope>/.default`. That cannot reach a loopback simulator:
 * - msal-common UrlString.validateAsUri rejects any non-https authority: `authority_uri_insecure`;
 * - for an https authority on an unknown host msal-common Authority.getCloudDiscoveryMetadataFromNetwork first GETs
 *   `https://login.microsoftonline.com/common/discovery/instance?…` (observed), and offline that ends in
 *   `endpoints_resolution_error`.
 * Had it got that far, MSAL would GET `<authority>/v2.0/.well-known/openid-configuration` and POST the form
 * `client_id, scope, grant_type=client_credentials, client_secret` (+ client_info, telemetry) to its
 * `token_endpoint`, expecting `{token_type, expires_in, access_token}`. We serve exactly that, so a test-side
 * credentials factory (or TLS plus a reachable discovery) can use it.
 */
import { randomUUID } from 'node:crypto';
import type { SimRequest, SimResponse } from '../shared/sim-server.js';
import { signingKey, publicJwk, realNowSeconds, signJwt, verifyJwt, type SigningKey } from './jwt.js';
import type { JsonObject, TeamsSimState, TokenFault } from './teams.types.js';

/** Same path as `https://login.botframework.com/v1/.well-known/openidconfiguration`. */
export const OPENID_PATH = '/v1/.well-known/openidconfiguration';
/** Same path as the real `jwks_uri`. */
export const JWKS_PATH = '/v1/.well-known/keys';
/** The tenant segment of the multi-tenant authority (`AuthenticationConstants.DefaultChannelAuthTenant`). */
export const DEFAULT_LOGIN_TENANT = 'botframework.com';

/** What the identity provider signs, accepts and advertises; see `TeamsSimOptions` for the meanings. */
export interface IdentityConfig {
  appId: string;
  appPassword: string;
  tenantId: string;
  issuer: string;
  oauthScope: string;
  lifetimeSeconds: number;
  baseUrl: () => string;
}

/** Outcome of checking a connector call's bearer token. */
export type BearerCheck = { ok: true } | { ok: false; reason: string };

function aadError(status: number, error: string, description: string): SimResponse {
  return { status, json: { error, error_description: description, error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0)], timestamp: new Date().toISOString(), trace_id: randomUUID(), correlation_id: randomUUID() } };
}

/** Signs channel tokens, issues connector tokens, checks them, and serves the discovery documents. */
export class TeamsIdentity {
  private own: SigningKey | undefined;
  private foreign: SigningKey | undefined;
  private readonly issued = new Set<string>();

  constructor(
    private readonly cfg: IdentityConfig,
    private readonly state: TeamsSimState,
  ) {}

  /** The JWT for one delivery, or undefined for the `none` fault. */
  channelToken(serviceUrl: string, fault?: TokenFault): string | undefined {
    if (fault === 'none') return undefined;
    const now = realNowSeconds();
    const payload: JsonObject = { serviceurl: serviceUrl, nbf: now - 60, exp: now + this.cfg.lifetimeSeconds, iss: this.cfg.issuer, aud: this.cfg.appId };
    // Past botbuilder's 300 s clock tolerance.
    if (fault === 'expired') Object.assign(payload, { nbf: now - 7200, exp: now - 900 });
    if (fault === 'wrong-audience') payload.aud = '00000000-0000-0000-0000-00000000dead';
    if (fault === 'wrong-issuer') payload.iss = 'https://sts.windows.net/00000000-0000-0000-0000-00000000dead/';
    if (fault === 'wrong-service-url') payload.serviceurl = 'https://smba.trafficmanager.net/amer/';
    if (fault === 'other-key') return signJwt(payload, this.foreignKey());
    if (fault === 'bad-signature') return signJwt(payload, this.foreignKey(), this.key.kid);
    return signJwt(payload, this.key);
  }

  /** Checks a connector call's `Authorization` header against the tokens this simulator issued. */
  checkBearer(header: string | undefined): BearerCheck {
    const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!m?.[1]) return { ok: false, reason: 'missing_bearer' };
    const check = verifyJwt(m[1], this.key.publicKey, realNowSeconds());
    if (!check.ok) return check;
    const { aud, appid, jti } = check.payload;
    if (aud !== this.cfg.oauthScope) return { ok: false, reason: 'wrong_audience' };
    if (appid !== this.cfg.appId) return { ok: false, reason: 'wrong_appid' };
    if (typeof jti !== 'string' || !this.issued.has(jti)) return { ok: false, reason: 'revoked' };
    return { ok: true };
  }

  revokeAll(): void {
    this.issued.clear();
  }

  /** Identity routes, or undefined when the path is not one of them. */
  handle(req: SimRequest): SimResponse | undefined {
    const base = this.cfg.baseUrl();
    if (req.path === OPENID_PATH) {
      // Shape of https://login.botframework.com/v1/.well-known/openidconfiguration; botbuilder reads jwks_uri only.
      return { status: 200, json: { issuer: this.cfg.issuer, authorization_endpoint: `${base}/invalid`, jwks_uri: `${base}${JWKS_PATH}`, id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['private_key_jwt'] } };
    }
    if (req.path === JWKS_PATH) return { status: 200, json: { keys: [publicJwk(this.key)] } };
    const aad = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token)$/.exec(req.path);
    if (!aad?.[1]) return undefined;
    const tenant = decodeURIComponent(aad[1]);
    if (aad[2]?.startsWith('v2.0')) {
      // What msal-node's authority discovery reads (authorization_endpoint, token_endpoint, issuer, jwks_uri).
      return { status: 200, json: { token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`, authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`, end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`, issuer: `${base}/${tenant}/v2.0`, jwks_uri: `${base}${JWKS_PATH}`, token_endpoint_auth_methods_supported: ['client_secret_post'], response_types_supported: ['token'] } };
    }
    return this.token(req, tenant);
  }

  private token(req: SimRequest, tenant: string): SimResponse {
    const f = req.form;
    const record = { tenant, grantType: f.get('grant_type') ?? '', clientId: f.get('client_id') ?? '', scope: f.get('scope') ?? '', at: req.at };
    const res = this.tokenResponse(req, tenant);
    const error = (res.json as JsonObject | undefined)?.error;
    this.state.tokenRequests.push({ ...record, status: res.status, ...(typeof error === 'string' ? { error } : {}) });
    return res;
  }

  private tokenResponse(req: SimRequest, tenant: string): SimResponse {
    const f = req.form;
    if (req.method !== 'POST') return aadError(405, 'invalid_request', 'AADSTS900561: The endpoint only accepts POST requests.');
    if (tenant.toLowerCase() !== DEFAULT_LOGIN_TENANT && tenant.toLowerCase() !== this.cfg.tenantId.toLowerCase()) {
      return aadError(400, 'invalid_request', `AADSTS90002: Tenant '${tenant}' not found.`);
    }
    if (f.get('grant_type') !== 'client_credentials') return aadError(400, 'unsupported_grant_type', 'AADSTS70003: The app requested an unsupported grant type.');
    if (f.get('client_id') !== this.cfg.appId) {
      return aadError(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${f.get('client_id') ?? ''}' was not found in the directory.`);
    }
    if (f.get('client_secret') !== this.cfg.appPassword) return aadError(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    if (f.get('scope') !== `${this.cfg.oauthScope}/.default`) {
      return aadError(400, 'invalid_scope', `AADSTS1002012: The provided value for scope ${f.get('scope') ?? ''} is not valid.`);
    }
    const now = realNowSeconds();
    const jti = randomUUID();
    this.issued.add(jti);
    const claims = { aud: this.cfg.oauthScope, iss: `https://sts.windows.net/${this.cfg.tenantId}/`, appid: this.cfg.appId, tid: this.cfg.tenantId, iat: now, nbf: now, exp: now + this.cfg.lifetimeSeconds, jti };
    const expires = this.cfg.lifetimeSeconds - 1;
    return { status: 200, json: { token_type: 'Bearer', expires_in: expires, ext_expires_in: expires, access_token: signJwt(claims, this.key) } };
  }

  /** Made on first use, so auth-off runs never generate an RSA key pair. */
  get key(): SigningKey {
    this.own ??= signingKey('own');
    return this.own;
  }

  private foreignKey(): SigningKey {
    this.foreign ??= signingKey('foreign');
    return this.foreign;
  }
}

