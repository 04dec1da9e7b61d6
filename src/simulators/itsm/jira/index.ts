/** The Jira Service Management simulator's public surface (style.md §3.10); see jira.simulator.ts. */
export { startJiraSim, type JiraSim, type JiraSimOptions } from './jira.simulator.js';
export { JIRA_SEED } from './jira.seed.js';
export type { JiraSimState, SimComment, SimIssue, SimObject, SimObjectType, SimUser } from './jira.state.js';
export type { FaultSpec, SimClock, SimRequest } from '../../shared/sim-server.js';
