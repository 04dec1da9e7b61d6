import { startCherwellSim } from '../../src/simulators/itsm/cherwell/index.js';
import { itsmContract } from './itsm.contract.js';

itsmContract('Cherwell', () => startCherwellSim({ pageSize: 20 }));
