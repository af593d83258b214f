// The contact of a handoff is the one person to ask about it, so they should
// sit on one side of it: in the department that delivers or in the one that
// receives. A contact from a third department answers for work they do not see.
//
// Choice: a person without a `department` (a producer, a coordinator) may be
// anyone's contact; an unknown person or department is unknown-reference's finding.
import { checkFilesReading, peopleAndDepartments, type Rule } from './rule';

export const contactDepartment: Rule = {
  id: 'contact-department',
  defaultSeverity: 'warning',
  summary: "A handoff's contact belongs to neither its from nor its to department.",
  check(context) {
    const production = context.production;
    // A file's findings depend on its handoffs, the department of each contact and whether their sides are departments:
    // a production-file edit re-checks only the files that read what it changed.
    checkFilesReading(context, contactDepartment, production.production, peopleAndDepartments, (file, report, read) => {
      for (const handoff of file.entities.handoffs) {
        if (handoff.contact === undefined || (handoff.from === undefined && handoff.to === undefined)) continue;
        // Most contacts sit on one side: that is looked at first, it is the cheapest.
        read(`person:${handoff.contact}`);
        const person = production.person(handoff.contact);
        if (!person || person.department === undefined) continue;
        if (person.department === handoff.from || person.department === handoff.to) continue;
        // One mistake, one diagnostic: with a side that is no department, unknown-reference
        // reports it, and which side the contact belongs to cannot be told.
        if (handoff.from !== undefined) read(`department:${handoff.from}`);
        if (handoff.to !== undefined) read(`department:${handoff.to}`);
        if ((handoff.from !== undefined && !production.department(handoff.from)) || (handoff.to !== undefined && !production.department(handoff.to))) continue;
        const sides = [handoff.from, handoff.to].filter((id): id is string => id !== undefined);
        const leads = sides
          .map((id) => production.department(id)?.lead)
          .filter((lead): lead is string => lead !== undefined && production.person(lead) !== undefined);
        report({
          uri: handoff.uri,
          span: context.span(handoff.uri, [...handoff.path, 'contact']),
          message:
            `Contact '${person.id}' of '${handoff.id}' is in department '${person.department}', neither ${sides.map((id) => `'${id}'`).join(' nor ')}; ` +
            `make the contact someone of ${sides.map((id) => `'${id}'`).join(' or ')}${leads.length ? ` (e.g. ${leads.map((id) => `'${id}'`).join(' or ')})` : ''}.`,
          related: [{ location: { uri: person.uri, span: context.span(person.uri, [...person.path, 'department']) }, message: `'${person.id}' is in department '${person.department}'.` }],
        });
      }
    });
  },
};
