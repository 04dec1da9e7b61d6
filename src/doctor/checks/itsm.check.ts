import { systemClock } from '../../core/ports/clock.port.js';
import type { Ticket } from '../../core/domain/ticket.js';
import type { ItsmConnector } from '../../core/ports/itsm.port.js';
import { createItsmConnector } from '../../itsm/registry.js';
import { fail, info, ok, probe, reasonOf, type CheckContext, type CheckLine, type DoctorCheck } from '../check.js';

const PART = 'ITSM';
const SETUP = 'README, "Set up your service desk"';

/**
 * A connector's message is "<what happened>. <what an admin should do>." (itsm.errors.ts): the first sentence is
 * the failure, the rest the fix. A message without a second sentence gets the setup section as its fix.
 */
export function splitHint(detail: string): { message: string; fix: string } {
  const m = /^(.+?[.!?])\s+(\S.*)$/s.exec(detail.trim());
  return m?.[1] && m[2] ? { message: m[1].replace(/\.$/, ''), fix: m[2] } : { message: detail.replace(/\.$/, ''), fix: `check this system's settings (${SETUP})` };
}

function ticketLine(t: Ticket): CheckLine {
  const req = t.requester;
  const requester = !req ? 'no requester' : `requester ${req.name} ${req.email ? 'with an e-mail address' : req.emailHidden ? '(e-mail hidden by the service desk)' : 'without an e-mail address'}`;
  const asset = !t.asset ? 'no computer linked' : `computer ${t.asset.name} ${t.asset.teamViewerId ? `with TeamViewer ID ${t.asset.teamViewerId}` : 'without a TeamViewer ID'}`;
  return ok(PART, `ticket ${t.ref.number} "${t.title}" (${t.state.label}): ${requester}; ${asset}`);
}

async function lookUp(itsm: ItsmConnector, input: string): Promise<CheckLine> {
  const number = itsm.parseTicketNumber(input);
  if (!number) return fail(PART, `"${input}" is not a ${itsm.displayName} ticket number`, itsm.ticketFormatHint);
  const ticket = await itsm.getTicket(number);
  if (!ticket) return fail(PART, `${itsm.displayName} has no ticket ${number} the integration user may see`, 'check the number, and that the integration user may read that ticket');
  return ticketLine(ticket);
}

/** The connector's own health check, one line per item, plus `--ticket <number>` looked up as `start` would. */
export const itsmCheck: DoctorCheck = {
  part: PART,
  applies: () => true,
  async run(ctx: CheckContext): Promise<CheckLine[]> {
    if (ctx.config.itsm.provider === 'none') {
      return [info(PART, `ITSM_PROVIDER=none: no service desk to check${ctx.ticket ? `, so --ticket ${ctx.ticket} was not looked up` : ''}`)];
    }
    const itsm = createItsmConnector(ctx.config.itsm, { dispatcher: ctx.dispatcher, timeoutMs: ctx.timeoutMs, logger: ctx.logger, clock: systemClock });
    const name = itsm.displayName;
    const unreachable = `check the ${name} URL setting and that this machine may reach it (proxy, firewall)`;
    // A health check makes a few calls in a row (sign-in, then reads), each with its own time limit.
    const limit = ctx.timeoutMs * 3;
    let signedIn = false;
    const lines = await probe(PART, `${name} health check`, limit, unreachable, async () => {
      const report = await itsm.healthCheck();
      signedIn = report.ok;
      const checks = report.checks ?? [{ name: 'connection', ok: report.ok, ...(report.detail ? { detail: report.detail } : {}) }];
      return checks.map((c) => {
        const detail = c.detail ?? (c.ok ? 'works' : 'failed');
        if (c.ok) return ok(PART, `${name} ${c.name}: ${detail}`);
        const { message, fix } = splitHint(detail);
        return fail(PART, `${name} ${c.name}: ${message}`, fix);
      });
    });
    if (!ctx.ticket) return lines;
    // After the health check, not beside it: with a refused sign-in the lookup would only repeat that line.
    if (!signedIn) return [...lines, info(PART, `ticket ${ctx.ticket} was not looked up: ${name} does not work yet (above)`)];
    const ticket = await probe(PART, `${name} ticket ${ctx.ticket}`, limit, unreachable, async () => {
      try {
        return await lookUp(itsm, ctx.ticket ?? '');
      } catch (err) {
        const { message, fix } = splitHint(reasonOf(err));
        return fail(PART, `ticket ${ctx.ticket}: ${message}`, fix);
      }
    });
    return [...lines, ...ticket];
  },
};
