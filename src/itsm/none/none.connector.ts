import type { TicketNumber } from '../../core/domain/ticket.js';
import type { ItsmConnector } from '../../core/ports/itsm.port.js';
import { assetsUnavailable } from '../itsm.errors.js';

const NO_ASSETS = 'With ITSM_PROVIDER=none there is no asset store: set ITSM_PROVIDER to your service desk to use `connect` and the `assets` job.';

/**
 * ITSM_PROVIDER=none: the typed reference is kept as free text, there is no requester (give one as
 * `start <ref> <e-mail>`), no journal is written and there are no assets.
 */
export function createNoneConnector(): ItsmConnector {
  return {
    kind: 'none',
    displayName: 'your reference',
    ticketFormatHint: 'Use any reference without spaces (up to 64 characters), e.g. `start CASE-42`.',
    assetFieldHint: 'no ITSM is configured (ITSM_PROVIDER=none)',
    parseTicketNumber(input) {
      const v = input.trim().replace(/^#/, '');
      return /^[\w.:/-]{1,64}$/u.test(v) ? (v as TicketNumber) : undefined;
    },
    async getTicket(number) {
      return { ref: { system: 'none', id: number, number }, title: `Remote support for ${number}`, state: { code: 'n/a', label: 'n/a' } };
    },
    async addJournalEntry() {
      // Nothing to write to.
    },
    async findAssetsByName() {
      throw assetsUnavailable('none', 'No ITSM', NO_ASSETS);
    },
    async setAssetTeamViewerId() {
      throw assetsUnavailable('none', 'No ITSM', NO_ASSETS);
    },
    async healthCheck() {
      return { ok: true, detail: 'no ITSM configured' };
    },
  };
}
