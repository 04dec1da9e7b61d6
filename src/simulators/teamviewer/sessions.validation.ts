/**
 * Body validation for `POST /sessions` and `PUT /sessions/{code}` (teamviewer-api.md §5.1, §5.5). Returns either the
 * typed input or the `error_description` of a 400, so routes can validate everything before changing state.
 */
import { parseDateParam } from './teamviewer.http.js';
import type { EndCustomer, SupportSessionType } from './teamviewer.model.js';

/** Field limits from the official PDF as restated by AV (teamviewer-api.md §5.1). */
export const LIMITS = { endCustomerName: 100, endCustomerEmail: 254, customApi: 4000 } as const;

export interface SessionFields {
  description?: string;
  end_customer?: EndCustomer;
  custom_api?: string;
  waiting_message?: string;
  assigned_userid?: string;
  groupid?: string;
  groupname?: string;
}

export interface CreateSessionInput extends SessionFields {
  valid_until?: Date;
  support_session_type: SupportSessionType;
}

export interface UpdateSessionInput extends SessionFields {
  state?: 'open' | 'closed';
  sms_invite_number?: string;
}

export type Parsed<T> = { ok: T } | { error: string };

class BodyError extends Error {}

function optionalString(body: Record<string, unknown>, key: string, max?: number): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new BodyError(`${key} must be a string.`);
  if (max !== undefined && value.length > max) throw new BodyError(`${key} must not be longer than ${max} characters.`);
  return value;
}

function endCustomer(body: Record<string, unknown>): EndCustomer | undefined {
  const value = body.end_customer;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new BodyError('end_customer must be an object with name and email.');
  const obj = value as Record<string, unknown>;
  const name = optionalString(obj, 'name', LIMITS.endCustomerName);
  const email = optionalString(obj, 'email', LIMITS.endCustomerEmail);
  if (email !== undefined && email !== '' && !/^[^@\s]+@[^@\s]+$/.test(email)) throw new BodyError('end_customer.email is not an e-mail address.');
  return { ...(name !== undefined ? { name } : {}), ...(email !== undefined ? { email } : {}) };
}

function assignee(body: Record<string, unknown>): string | undefined {
  const value = optionalString(body, 'assigned_userid');
  if (value !== undefined && !/^u\d+$/.test(value)) throw new BodyError('assigned_userid must look like u1234567 (u0 un-assigns).');
  return value;
}

function commonFields(body: Record<string, unknown>): SessionFields {
  const fields: SessionFields = {
    description: optionalString(body, 'description'),
    end_customer: endCustomer(body),
    custom_api: optionalString(body, 'custom_api', LIMITS.customApi),
    waiting_message: optionalString(body, 'waiting_message'),
    assigned_userid: assignee(body),
    groupid: optionalString(body, 'groupid'),
    groupname: optionalString(body, 'groupname'),
  };
  if (fields.groupid !== undefined && !/^g\d+$/.test(fields.groupid)) throw new BodyError('groupid must look like g123456789.');
  if (fields.groupname !== undefined && fields.groupname.trim() === '') throw new BodyError('groupname must not be empty.');
  return fields;
}

function run<T>(build: () => T): Parsed<T> {
  try {
    return { ok: build() };
  } catch (err) {
    if (err instanceof BodyError) return { error: err.message };
    throw err;
  }
}

export function parseCreateSession(body: Record<string, unknown>, now: Date): Parsed<CreateSessionInput> {
  return run(() => {
    const fields = commonFields(body);
    if ((fields.groupid === undefined) === (fields.groupname === undefined)) {
      throw new BodyError('Exactly one of groupid or groupname must be given.');
    }
    const validUntilText = optionalString(body, 'valid_until');
    let validUntil: Date | undefined;
    if (validUntilText !== undefined) {
      validUntil = parseDateParam(validUntilText);
      if (!validUntil) throw new BodyError('valid_until must be an ISO-8601 date-time.');
      if (validUntil.getTime() <= now.getTime()) throw new BodyError('valid_until must be in the future.');
    }
    const type = optionalString(body, 'support_session_type') ?? 'Default';
    if (type !== 'Default' && type !== 'Pilot') throw new BodyError('support_session_type must be Default or Pilot.');
    return { ...fields, valid_until: validUntil, support_session_type: type };
  });
}

export function parseUpdateSession(body: Record<string, unknown>): Parsed<UpdateSessionInput> {
  return run(() => {
    const fields = commonFields(body);
    const stateText = optionalString(body, 'state')?.toLowerCase();
    if (stateText !== undefined && stateText !== 'open' && stateText !== 'closed') {
      throw new BodyError('state must be open or closed.');
    }
    return { ...fields, state: stateText, sms_invite_number: optionalString(body, 'sms_invite_number') };
  });
}
