import { startServiceNowItsmSim } from '../../src/simulators/itsm/servicenow/index.js';
import { itsmContract } from './itsm.contract.js';

itsmContract('ServiceNow', () => startServiceNowItsmSim({ maxPageSize: 7 }));
