/** The ServiceNow simulator's public surface (style.md §3.10); see servicenow.simulator.ts. */
export {
  startServiceNowSim,
  startServiceNowItsmSim,
  SERVICENOW_ITSM_CREDENTIALS,
  SERVICENOW_SEED,
  type JournalEntry,
  type ServiceNowSim,
  type ServiceNowSimOptions,
  type ServiceNowSimState,
  type SnRecord,
  type StoredAttachment,
  type TaskTable,
} from './servicenow.simulator.js';
export type { CustomFields } from './servicenow.schema.js';
export type { FaultSpec, SimClock, SimRequest } from '../../shared/sim-server.js';
