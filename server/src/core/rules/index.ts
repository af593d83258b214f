// The registry: every rule of the catalogue, in the order of DESIGN §3.
// With the rule files it is the catalogue's one source: `npm run build`
// derives the schema's rules block, the settings and the docs index from it
// (scripts/catalogue.ts). Adding a rule: its file, its line here, its test,
// its doc page.
import { chainInvalid } from './chain-invalid';
import { contactDepartment } from './contact-department';
import { dateOrder } from './date-order';
import { dependencyCycle } from './dependency-cycle';
import { duplicateId } from './duplicate-id';
import { formatNotAllowed } from './format-not-allowed';
import { futureDate } from './future-date';
import { historyInvalid } from './history-invalid';
import { historyOrder } from './history-order';
import { incompatibleHandoff } from './incompatible-handoff';
import { milestoneOverrun } from './milestone-overrun';
import { milestoneScope } from './milestone-scope';
import { missingContingency } from './missing-contingency';
import { missingDoneWhen } from './missing-done-when';
import { missingOwner } from './missing-owner';
import { namingInvalid } from './naming-invalid';
import { nonWorkingDay } from './non-working-day';
import { ocioDuplicate } from './ocio-duplicate';
import { ocioUnknown } from './ocio-unknown';
import { openAction } from './open-action';
import { riskIncomplete } from './risk-incomplete';
import { riskOnClosedHandoff } from './risk-on-closed-handoff';
import { scheduleConflict } from './schedule-conflict';
import { schema } from './schema';
import { staleRisk } from './stale-risk';
import { unknownReference } from './unknown-reference';
import { unusedDefinition } from './unused-definition';
import { vagueCriterion } from './vague-criterion';
import { wrongApprover } from './wrong-approver';
import { yamlSyntax } from './yaml-syntax';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [
  yamlSyntax,
  schema,
  duplicateId,
  unknownReference,
  dependencyCycle,
  scheduleConflict,
  milestoneOverrun,
  dateOrder,
  nonWorkingDay,
  formatNotAllowed,
  namingInvalid,
  incompatibleHandoff,
  missingOwner,
  missingContingency,
  vagueCriterion,
  missingDoneWhen,
  staleRisk,
  historyInvalid,
  unusedDefinition,
  wrongApprover,
  futureDate,
  historyOrder,
  contactDepartment,
  riskIncomplete,
  riskOnClosedHandoff,
  milestoneScope,
  chainInvalid,
  openAction,
  ocioUnknown,
  // Not in DESIGN §3's table: it goes with ocio-unknown.
  ocioDuplicate,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));
