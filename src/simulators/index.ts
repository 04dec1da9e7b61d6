/** Every simulator the sandbox and the integration tests run (style.md §3.10). */
export * from './teamviewer/index.js';
export { startSlackSim, computeSlackSignature, renderDateTokens } from './slack/index.js';
export type { SlackSim, SlackSimOptions, PostedMessage, Delivery } from './slack/index.js';
export * from './itsm/servicenow/index.js';
export * from './smtp/index.js';
export { systemClock, type SimClock } from './shared/sim-server.js';
export * from './itsm/cherwell/index.js';
export * from './itsm/jira/index.js';
export * from './itsm/matrix42/index.js';
export { ITSM_STORY, type ItsmSimHandle, type ItsmSimKind, type ItsmSimStartOptions } from './itsm/itsm-sim.js';
export * from './teams/index.js';
