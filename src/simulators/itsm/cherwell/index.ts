/** The Cherwell CSM simulator's public surface (style.md §3.10); see cherwell.simulator.ts. */
export { startCherwellSim, type CherwellSim, type CherwellSimOptions, type SimJournal } from './cherwell.simulator.js';
export { CHERWELL_SEED } from './cherwell.seed.js';
export type { AuthMode } from './cherwell.token.js';
export type { CherwellState } from './cherwell.state.js';
