// The department that delivers cannot also sign the delivery off: an
// acceptance or rejection must come from the receiving side (or from someone
// outside both departments, such as a producer). A vendor accepting its own
// delivery is the mistake this catches.
//
// Choices:
// - Only people with a `department` are judged; a person without one (a
//   producer, a coordinator) may decide any handoff.
// - An unknown person or department is unknown-reference's finding.
import { checkFilesReading, peopleAndDepartments, type Rule } from './rule';

const DECISIONS = new Set(['accepted', 'rejected']);

export const wrongApprover: Rule = {
  id: 'wrong-approver',
  defaultSeverity: 'error',
  summary: "An acceptance or rejection is made by a person of the delivering (from) department.",
  check(context) {
    const production = context.production;
    // A file's findings depend on its handoffs and the department of each person who decided one:
    // a production-file edit re-checks only the files that read what it changed.
    checkFilesReading(context, wrongApprover, production.production, peopleAndDepartments, (file, report, read) => {
      for (const handoff of file.entities.handoffs) {
        if (handoff.from === undefined || handoff.history.length === 0) continue;
        for (const entry of handoff.history) {
          if (entry.by === undefined || entry.event === undefined || !DECISIONS.has(entry.event)) continue;
          read(`person:${entry.by}`);
          const person = production.person(entry.by);
          if (!person || person.department !== handoff.from) continue;
          const receiving = handoff.to === undefined ? undefined : production.department(handoff.to);
          const lead = receiving?.lead !== undefined && production.person(receiving.lead) ? receiving.lead : undefined;
          const decided = entry.event === 'accepted' ? 'accept' : 'reject';
          const span = context.span(entry.uri, [...entry.path, 'by']);
          report({
            uri: entry.uri,
            span,
            message:
              `'${entry.by}' belongs to '${handoff.from}', the department that delivers '${handoff.id}', and cannot ${decided} it; ` +
              `set 'by' to the person of ${handoff.to === undefined ? 'the receiving department' : `'${handoff.to}'`} who reviewed it${lead ? ` (its lead is '${lead}')` : ''}.`,
            related: [{ location: { uri: person.uri, span: context.span(person.uri, [...person.path, 'department']) }, message: `'${person.id}' is in department '${handoff.from}'.` }],
            fixes: lead ? [{ title: `Set 'by' to '${lead}'`, edits: [{ uri: entry.uri, span, newText: lead }] }] : undefined,
          });
        }
      }
    });
  },
};
