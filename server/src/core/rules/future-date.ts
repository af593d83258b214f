// A log records what has happened: a history event, a risk review (and, with
// the journal, a decision or a post-mortem) dated after today has not
// happened yet, so the date is a typo or the entry was written too early.
// `report` and `status` read these dates as facts; a future one skews them.
//
// Strictly after today (DESIGN §7.7): an entry dated today is fine.
//
// Adding a kind of dated record (the journal's decisions and post-mortems):
// add a reader to RECORDS below; the rule, its message and its test pattern
// stay the same.
import { formatDate, parseDate } from '../calendar';
import type { FileEntities } from '../specs';
import type { NodePath } from '../types';
import { checkEachFile, type FileRuleContext, type Rule } from './rule';

/** One date a file records as past: the entry's map and what to call it in a message. */
export interface RecordedDate {
  uri: string;
  /** Path of the date node. */
  path: NodePath;
  date: string;
  /** How the message names the entry, e.g. "History event 'accepted' of 'fx-to-comp'". */
  what: string;
}

/** Readers of every kind of dated record a file can hold. */
const RECORDS: readonly ((entities: FileEntities) => Iterable<RecordedDate>)[] = [
  function* history(entities) {
    for (const handoff of entities.handoffs) {
      for (const entry of handoff.history) {
        if (entry.date === undefined) continue;
        yield { uri: entry.uri, path: [...entry.path, 'date'], date: entry.date, what: `History event${entry.event === undefined ? '' : ` '${entry.event}'`} of '${handoff.id}'` };
      }
    }
  },
  function* riskReviews(entities) {
    for (const risk of entities.risks) {
      if (risk.reviewed === undefined) continue;
      yield { uri: risk.uri, path: [...risk.path, 'reviewed'], date: risk.reviewed, what: `The review of risk '${risk.id}'` };
    }
  },
  function* decisions(entities) {
    for (const decision of entities.decisions) {
      if (decision.date === undefined) continue;
      yield { uri: decision.uri, path: [...decision.path, 'date'], date: decision.date, what: `Decision '${decision.id}'` };
    }
  },
  function* postmortems(entities) {
    for (const postmortem of entities.postmortems) {
      if (postmortem.date === undefined) continue;
      yield { uri: postmortem.uri, path: [...postmortem.path, 'date'], date: postmortem.date, what: `Post-mortem '${postmortem.id}'` };
    }
  },
];

function checkFile(context: FileRuleContext): void {
  const today = context.today;
  for (const read of RECORDS) {
    for (const record of read(context.file.entities)) {
      const day = parseDate(record.date);
      // An unreadable date is the schema rule's to report.
      if (day === undefined || day <= today) continue;
      context.report({
        uri: record.uri,
        span: context.span(record.path),
        message: `${record.what} is dated ${record.date}, after today (${formatDate(today)}); a log records what has happened, so correct the date or add the entry once it happens.`,
      });
    }
  }
}

export const futureDate: Rule = {
  id: 'future-date',
  defaultSeverity: 'error',
  summary: "A history event, a risk's reviewed or a decision is dated after today.",
  checkFile,
  check: checkEachFile(checkFile),
};
