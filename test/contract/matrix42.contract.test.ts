import { startMatrix42Sim } from '../../src/simulators/itsm/matrix42/index.js';
import { itsmContract } from './itsm.contract.js';

itsmContract('Matrix42', () => startMatrix42Sim({}));
