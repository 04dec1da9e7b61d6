/** The TeamViewer simulator's public surface (style.md §3.10); see teamviewer.simulator.ts. */
export { startTeamViewerSim, type TeamViewerSim, type TeamViewerSimOptions } from './teamviewer.simulator.js';
export type {
  AddConnectionInput,
  AddDeviceInput,
  AddGroupInput,
  AddManagedDeviceInput,
  AddUserInput,
} from './teamviewer.seed.js';
export type {
  AccessTokenRecord,
  AuthorizationCodeRecord,
  BillingState,
  ConnectionRecord,
  EndCustomer,
  LegacyDevice,
  ManagedDevice,
  OnlineState,
  RefreshTokenRecord,
  SessionState,
  SupportSessionType,
  TeamViewerSimState,
  TvGroup,
  TvSession,
  TvUser,
} from './teamviewer.model.js';
export type { FaultSpec, SimClock, SimRequest } from '../shared/sim-server.js';
