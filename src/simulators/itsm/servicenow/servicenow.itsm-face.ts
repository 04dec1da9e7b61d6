/**
 * The common ITSM face (itsm-sim.ts) of the ServiceNow simulator: settings for the bot, the shared story's numbers,
 * and readers over what the bot wrote, all in ServiceNow terms underneath.
 */
import { randomBytes } from 'node:crypto';
import type { ItsmSimHandle } from '../itsm-sim.js';
import { TASK_TABLES } from './servicenow.schema.js';
import { SERVICENOW_SEED } from './servicenow.seed.js';
import type { ServiceNowSim } from './servicenow.simulator.js';
import { rowsOf } from './servicenow.state.js';

/** The integration user's basic-auth credentials as the instance currently accepts them. */
export interface Credentials {
  username: string;
  password: string;
}

export type ItsmFace = Pick<
  ItsmSimHandle,
  'kind' | 'env' | 'numbers' | 'internalNotes' | 'publicNotes' | 'assetTeamViewerId' | 'addAsset' | 'expireTokens' | 'revokeCredentials' | 'journalWrite'
>;

type Core = Pick<ServiceNowSim, 'url' | 'state' | 'findTicket' | 'workNotes' | 'comments' | 'addComputer'>;

/** Work notes are a PATCH of the task record itself (itsm-apis.md §3.2 "Work note (internal)"). */
const JOURNAL_WRITE = new RegExp(`^/api/now(?:/v[12])?/table/(?:task|${TASK_TABLES.join('|')})/[0-9a-f]{32}/?$`);

export function itsmFace(core: Core, creds: Credentials, hasTeamViewerColumn: boolean): ItsmFace {
  const { incidents, requestItem } = SERVICENOW_SEED;
  const notes = (number: string, read: (sysId: string) => Array<{ value: string }>): string[] => {
    const ticket = core.findTicket(number);
    return ticket?.sys_id ? read(ticket.sys_id).map((n) => n.value) : [];
  };
  return {
    kind: 'servicenow',
    env: {
      ITSM_PROVIDER: 'servicenow',
      SERVICENOW_URL: core.url,
      SERVICENOW_USERNAME: creds.username,
      SERVICENOW_PASSWORD: creds.password,
    },
    numbers: {
      printer: incidents.printer.number,
      vpn: incidents.vpn.number,
      laptop: requestItem.number,
      unknown: 'INC0099999',
      malformed: 'INC12',
    },
    internalNotes: (number) => notes(number, core.workNotes),
    publicNotes: (number) => notes(number, core.comments),
    assetTeamViewerId: (name) => {
      const ci = rowsOf(core.state, 'cmdb_ci_computer').find((r) => r.name?.toLowerCase() === name.toLowerCase());
      return ci ? (ci.u_teamviewer_id ?? '') : undefined;
    },
    addAsset: (name, teamViewerId) => {
      core.addComputer({ name, ...(teamViewerId !== undefined && hasTeamViewerColumn ? { u_teamviewer_id: teamViewerId } : {}) });
    },
    // Basic auth has no tokens that could expire (itsm-apis.md §3.1); the OAuth variant is not simulated.
    expireTokens: () => undefined,
    revokeCredentials: () => {
      creds.password = `rotated-${randomBytes(6).toString('hex')}`;
    },
    journalWrite: { method: 'PATCH', path: JOURNAL_WRITE },
  };
}
