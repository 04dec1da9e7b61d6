/**
 * Internal comments (itsm-apis.md §4.2, §4.3): the JSM API with `public:false`; for issues outside a service project
 * the platform API with the `sd.public.comment` property, because a plain platform comment on a JSM issue is
 * customer-visible. Never blindly retried (§9): after a lost answer the comments are searched for the note's
 * marker, and a note known to have landed is not written again when the caller retries with the same dedupe key.
 */
import type { JournalEntry, TicketRef } from '../../core/domain/ticket.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { isAmbiguousWriteFailure } from '../itsm.errors.js';
import { jsonOf, type ItsmHttp } from '../itsm.http.js';
import type { JiraCommentPage } from './jira.api-types.js';
import { adfText, escapeWiki, INTERNAL_PROPERTY, JIRA_KEY, journalMarker, journalText, keySegment, toAdf } from './jira.mapping.js';

/** Notes remembered per process (written, or maybe written); older ones fall back to the marker search alone. */
const MEMORY = 2000;
/** Newest-first pages searched for a marker: a note that landed a moment ago is on the first one. */
const COMMENT_PAGES = 10;

export function createJiraJournal(deps: { site: ItsmHttp; logger: Logger }): (ticket: TicketRef, entry: JournalEntry) => Promise<void> {
  const { site, logger } = deps;
  const seen = new Map<string, 'written' | 'uncertain'>();
  const remember = (k: string, v: 'written' | 'uncertain') => {
    seen.delete(k);
    seen.set(k, v);
    const oldest = seen.keys().next();
    if (seen.size > MEMORY && !oldest.done) seen.delete(oldest.value);
  };

  async function landed(key: string, marker: string): Promise<boolean> {
    for (let page = 0, startAt = 0; page < COMMENT_PAGES; page++) {
      const q = new URLSearchParams({ startAt: String(startAt), maxResults: '100', orderBy: '-created' });
      const res = await site.get(`/rest/api/3/issue/${keySegment(key)}/comment?${q.toString()}`, "read the issue's comments");
      const body = jsonOf<JiraCommentPage>(res, 'jira', 'Jira', "read the issue's comments");
      const comments = Array.isArray(body.comments) ? body.comments : [];
      if (comments.some((c) => adfText(c.body).includes(marker))) return true;
      startAt += comments.length;
      if (comments.length === 0 || body.total === undefined || startAt >= body.total) return false;
    }
    return false;
  }

  async function write(key: string, text: string): Promise<void> {
    const jsm = await site.call('POST', `/rest/servicedeskapi/request/${keySegment(key)}/comment`, 'write an internal comment', {
      body: { body: escapeWiki(text), public: false },
      pass: [400, 404],
    });
    if (jsm.status < 300) return;
    // 404/400: not a service-project request (or not visible as one); nothing was written, so the fallback is safe.
    logger.debug({ ticket: key, status: jsm.status }, 'not a JSM request; writing an internal comment through the platform API');
    const res = await site.call('POST', `/rest/api/3/issue/${keySegment(key)}/comment`, 'write an internal comment', {
      body: { body: toAdf(text), properties: [INTERNAL_PROPERTY] },
      pass: [404],
    });
    if (res.status === 404) throw new NotFoundError('itsm.not_found', `Jira has no issue ${key} the bot can see (any more).`);
  }

  return async (ticket, entry) => {
    const key = ticket.id.toUpperCase();
    if (!JIRA_KEY.test(key)) throw new ValidationError(`"${ticket.id}" is not a Jira issue key.`);
    const marker = journalMarker(entry.dedupeKey);
    const memo = `${key}|${entry.dedupeKey}`;
    const before = seen.get(memo);
    if (before === 'written') {
      logger.info({ ticket: key }, 'internal comment already written for this key; not writing it again');
      return;
    }
    if ((before === 'uncertain' || entry.mayExist) && (await landed(key, marker))) {
      remember(memo, 'written');
      logger.info({ ticket: key }, 'internal comment landed despite an earlier error; not writing it again');
      return;
    }
    try {
      await write(key, journalText(entry.text, marker));
      remember(memo, 'written');
    } catch (err) {
      if (!isAmbiguousWriteFailure(err)) throw err;
      if (await landed(key, marker).catch(() => false)) {
        remember(memo, 'written');
        logger.info({ ticket: key }, 'internal comment landed despite an error; not writing it again');
        return;
      }
      remember(memo, 'uncertain');
      throw err;
    }
  };
}
