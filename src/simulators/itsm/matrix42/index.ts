/** The Matrix42 ESM simulator's public surface (style.md §3.10); see matrix42.simulator.ts. */
export { startMatrix42Sim, MATRIX42_SIM_API_TOKEN, type Matrix42Sim, type Matrix42SimOptions, type Matrix42JournalRow } from './matrix42.simulator.js';
export { MATRIX42_NUMBERS } from './matrix42.seed.js';
export type { JournalAddContract } from './objects.routes.js';
