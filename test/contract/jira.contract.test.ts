import { startJiraSim } from '../../src/simulators/itsm/jira/index.js';
import { itsmContract } from './itsm.contract.js';

itsmContract('Jira', () => startJiraSim({ pageSize: 20 }));
