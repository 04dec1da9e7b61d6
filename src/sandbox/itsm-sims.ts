import {
  startCherwellSim,
  startJiraSim,
  startMatrix42Sim,
  startServiceNowItsmSim,
  type ItsmSimHandle,
  type ItsmSimKind,
  type SimClock,
} from '../simulators/index.js';

export type SandboxItsm = ItsmSimKind | 'none';
export const SANDBOX_ITSMS: readonly SandboxItsm[] = ['servicenow', 'jira', 'cherwell', 'matrix42', 'none'];

export function isSandboxItsm(v: string): v is SandboxItsm {
  return (SANDBOX_ITSMS as readonly string[]).includes(v);
}

/** Starts the simulator of one service desk with its demo story; `none` has nothing to start. */
export async function startItsmSim(kind: SandboxItsm, clock?: SimClock): Promise<ItsmSimHandle | undefined> {
  const o = clock ? { clock } : {};
  switch (kind) {
    case 'servicenow':
      return startServiceNowItsmSim(o);
    case 'jira':
      return startJiraSim(o);
    case 'cherwell':
      return startCherwellSim(o);
    case 'matrix42':
      return startMatrix42Sim(o);
    case 'none':
      return undefined;
  }
}
