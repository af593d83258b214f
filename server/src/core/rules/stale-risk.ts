// An open risk nobody has looked at for longer than risk_review_days calendar
// days (DESIGN §2). Calendar days, not working days: a risk keeps developing
// over weekends and holidays.
import { formatDate, parseDate } from '../calendar';
import { checkEachFile, type FileRuleContext, type Rule } from './rule';

function checkFile(context: FileRuleContext): void {
  const { today } = context;
  const limit = context.riskReviewDays;
  const limitText = `${limit} day${limit === 1 ? '' : 's'}`;
  for (const risk of context.file.entities.risks) {
    // A risk without a status is open.
    if (risk.status !== undefined && risk.status !== 'open') continue;
    if (risk.reviewed === undefined) {
      context.report({
        uri: risk.uri,
        span: context.span([...risk.path, 'id']),
        message: `Open risk '${risk.id}' was never reviewed; review it and add 'reviewed: ${formatDate(today)}' (the limit is ${limitText}, risk_review_days).`,
      });
      continue;
    }
    const reviewed = parseDate(risk.reviewed);
    // An unreadable date is the schema rule's to report.
    if (reviewed === undefined) continue;
    const days = today - reviewed;
    if (days <= limit) continue;
    context.report({
      uri: risk.uri,
      span: context.span([...risk.path, 'reviewed']),
      message:
        `Open risk '${risk.id}' was last reviewed '${risk.reviewed}', ${days} days ago, more than the ${limitText} of risk_review_days; ` +
        "review it and update 'reviewed', or set its status to mitigated or closed.",
    });
  }
}

export const staleRisk: Rule = {
  id: 'stale-risk',
  defaultSeverity: 'warning',
  summary: 'An open risk was last reviewed more than risk_review_days ago.',
  checkFile,
  check: checkEachFile(checkFile),
};
