// The starter production written by `handoff init`: one file of every kind,
// small enough to read in a minute, commented for someone who has never seen
// the language, and clean under every rule. Pure: the caller writes the files.
import { DEFAULT_WORKDAYS, WorkCalendar, formatDate, parseDate, weekdayOf } from './calendar';

export interface ScaffoldFile {
  /** Path relative to the folder the production is created in, with `/` separators. */
  path: string;
  text: string;
}

export interface ScaffoldOptions {
  /** Also a breakdown, a CSV shot list and a chain over its shots (a series with shots). */
  series?: boolean;
}

const KEBAB_CASE = /^[a-z][a-z0-9-]*$/;
/** How far ahead of `today` the first handoff starts, in calendar days. */
const LEAD_TIME_DAYS = 14;
const REVIEW_BUFFER = 2;

/**
 * The files of a small working production named `name` (kebab-case), with
 * its schedule placed after `today` (an ISO date): the first handoff starts
 * on the first Monday at least two weeks after `today` (or the next working
 * day when that Monday is a holiday), and the risk log was reviewed `today`.
 */
export function scaffoldProduction(name: string, today: string, options: ScaffoldOptions = {}): ScaffoldFile[] {
  if (!KEBAB_CASE.test(name)) {
    throw new Error(
      `Production name '${name}' is not kebab-case: use lowercase letters, digits and hyphens, starting with a letter (for example 'my-show').`,
    );
  }
  const todayDay = parseDate(today);
  if (todayDay === undefined) {
    throw new Error(`Today's date '${today}' is not an ISO date (YYYY-MM-DD).`);
  }

  let firstMonday = todayDay + LEAD_TIME_DAYS;
  while (weekdayOf(firstMonday) !== 'mon') firstMonday++;
  // The usual year-end holidays, so that the calendar section shows the syntax.
  const year = Number(formatDate(firstMonday).slice(0, 4));
  const holidays = [`${year}-12-25`, `${year + 1}-01-01`];
  const holidayDays = holidays.map(parseDate).filter((day): day is number => day !== undefined);
  const calendar = new WorkCalendar(DEFAULT_WORKDAYS, holidayDays);

  const renderStart = calendar.onOrAfter(firstMonday);
  const renderDue = calendar.addWorkingDays(renderStart, 4); // 5 working days
  const renderReady = calendar.addWorkingDays(renderDue, REVIEW_BUFFER);
  const compStart = calendar.addWorkingDays(renderReady, 1);
  const compDue = calendar.addWorkingDays(compStart, 7); // 8 working days
  const compReady = calendar.addWorkingDays(compDue, REVIEW_BUFFER);
  const delivery = calendar.addWorkingDays(compReady, 3);

  const dates: ScheduleDates = {
    today: formatDate(todayDay),
    holidays,
    renderStart: formatDate(renderStart),
    renderDue: formatDate(renderDue),
    renderReviewed: formatDate(calendar.addWorkingDays(renderDue, 1)),
    compStart: formatDate(compStart),
    compDue: formatDate(compDue),
    delivery: formatDate(delivery),
  };

  const series: ScaffoldFile[] = options.series
    ? [
        { path: `${name}.breakdown.yaml`, text: breakdownFile() },
        { path: 'editorial/shots.csv', text: shotListFile(formatDate(renderStart), formatDate(calendar.addWorkingDays(renderStart, 1))) },
        { path: 'handoffs/shots.handoff.yaml', text: chainFile() },
      ]
    : [];
  return [
    ...series,
    { path: `${name}.production.yaml`, text: productionFile(name, dates) },
    { path: `${name}.glossary.yaml`, text: glossaryFile() },
    { path: 'templates/shot-render.template.yaml', text: templateFile() },
    { path: `handoffs/${name}.handoff.yaml`, text: handoffFile(dates) },
    { path: 'runbooks/shot-delivery.runbook.yaml', text: runbookFile() },
    { path: `${name}.risks.yaml`, text: risksFile(dates) },
  ];
}

interface ScheduleDates {
  today: string;
  holidays: string[];
  renderStart: string;
  renderDue: string;
  renderReviewed: string;
  compStart: string;
  compDue: string;
  delivery: string;
}

/** Kebab-case words YAML would read as something other than a string. */
function yamlId(id: string): string {
  return id === 'null' || id === 'true' || id === 'false' ? `"${id}"` : id;
}

function titleOf(name: string): string {
  return name
    .split('-')
    .filter((word) => word.length > 0)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

function productionFile(name: string, dates: ScheduleDates): string {
  return `# The production file. It governs every spec in this folder and in the
# folders below it: the calendar, the departments, the people and the
# milestones that the handoffs are planned against.
production: ${yamlId(name)}
title: ${JSON.stringify(titleOf(name))}

# All schedule arithmetic counts working days: the workdays below minus the
# holidays. A start or due date on a day off is reported.
calendar:
  workdays: [mon, tue, wed, thu, fri]
  holidays: [${dates.holidays.join(', ')}]

# Working days kept free after each due date for review and approval. A
# handoff is "ready" on the last of them; whatever depends on it may start on
# the next working day. A handoff can override this with its own review_buffer.
review_buffer: ${REVIEW_BUFFER}

# An open risk not reviewed for more than this many calendar days is stale.
risk_review_days: 7

# Departments deliver to and receive from each other. The color is the
# department's lane in the timeline; the channel is where to reach it.
departments:
  - { id: lighting, name: Lighting, lead: ana, color: "#d19a66", channel: "#lighting" }
  - { id: comp, name: Compositing, lead: ben, color: "#e06c75", channel: "#comp" }
  - { id: color, name: Color Grading, lead: cleo, color: "#a9a1e1", channel: "#color" }

# Everyone the specs name: department leads, owners, contacts and the people
# on escalation paths.
people:
  - { id: ana, name: Ana Ruiz, role: Lighting Supervisor, department: lighting, email: ana@example.com }
  - { id: ben, name: Ben Okoro, role: Compositing Supervisor, department: comp, email: ben@example.com }
  - { id: cleo, name: Cleo Martin, role: Colorist, department: color, email: cleo@example.com }
  - { id: dev, name: Dev Shah, role: Production Coordinator, department: comp, email: dev@example.com }

# Dates the production has promised. A handoff that "feeds" a milestone must be
# ready on or before its date.
milestones:
  - { id: color-start, date: ${dates.delivery}, title: Final comps in the grading suite }

# Rule severities can be changed here (error | warning | info | off), e.g.:
# rules:
#   vague-criterion: error
`;
}

function glossaryFile(): string {
  return `# The glossary: the shared words every template may use.

# Color spaces that image formats may carry.
color_spaces:
  - { id: acescg, name: ACEScg }
  - { id: rec709, name: Rec.709 }

# File formats with their extensions and the color spaces they allow. Audio and
# editorial formats have no color spaces: leave the list out.
formats:
  - { id: exr, extensions: [exr], color_spaces: [acescg] }
  - { id: prores422, extensions: [mov], color_spaces: [rec709] }

# Classes of assets, the formats they come in and the metadata they carry.
asset_types:
  - { id: shot-render, description: Rendered image sequence of one shot, formats: [exr, prores422], metadata: [shot, frame-range] }

# Metadata fields, each with a type (string, integer, number, boolean, date or
# range) and, for strings, a pattern the value must match.
metadata:
  - { id: shot, type: string, pattern: "^sq[0-9]{3}_[0-9]{4}$" }
  - { id: frame-range, type: range }

# Extra tokens for naming patterns, each with the regex a file name must match
# where it stands. Built in: show, seq, shot, asset, from, to, dept, version,
# frame, date, ext.
naming_tokens:
  seq: "sq[0-9]{3}"
  shot: "sq[0-9]{3}_[0-9]{4}"
`;
}

function templateFile(): string {
  return `# A template is the delivery standard for one asset class: what the files are
# called, where they go, what must be checked. Handoffs point at it.
template: shot-render
asset_type: shot-render
format: exr
# Needed because the exr format lists color spaces; it must be one of them.
color_space: acescg

# {token} is replaced by a value; {token:N} is zero-padded to N digits. The
# extension must be one of the format's extensions.
naming: "{show}_{shot}_{dept}_v{version:3}.{frame:4}.exr"
delivery: { location: "vault://{show}/to-{to}/{shot}/", method: vault }
required_files:
  - "{show}_{shot}_{dept}_v{version:3}.{frame:4}.exr"
  - { pattern: "{show}_{shot}_{dept}_v{version:3}.mov", format: prores422 }
metadata: [shot, frame-range]

# What the delivering department takes in from upstream handoffs (here: the
# renders and review movies of the department before it). A handoff using this
# template may only depend on handoffs delivering these.
accepts: { formats: [exr, prores422], color_spaces: [acescg, rec709] }

# Objective checks, each one pass or fail. "verify" names the metadata field
# the check compares against.
checklist:
  - { id: frame-range, check: The sequence has one file per frame of the shot range, verify: frame-range }
  - { id: colorspace, check: Every file is tagged ACEScg in its header }
  - { id: missing-frames, check: The frame check reports zero missing and zero empty files }
`;
}

function handoffFile(dates: ScheduleDates): string {
  return `# Handoffs: who delivers what to whom, by when, and how "done" is decided.
handoffs:
  - id: lighting-to-comp-sq010
    title: Lighting renders for sq010
    from: lighting                # the department that delivers
    to: comp                      # the department that receives
    template: shot-render         # the delivery standard
    owner: dev                    # the one person accountable
    contact: ana                  # the single point of contact
    start: ${dates.renderStart}             # or "work: 5": working days ending on due
    due: ${dates.renderDue}
    done_when:                    # objective success criteria, never opinions
      - Render layers for all 12 shots of sq010 are delivered at v001 or later
      - The frame check reports zero missing frames
    checklist: [frame-range, colorspace, missing-frames]
    status: planned               # planned | in_progress | submitted | accepted | rejected | blocked
    # Record decisions as they happen, oldest first:
    # history:
    #   - { date: ${dates.renderDue}, event: submitted, version: 1 }
    #   - { date: ${dates.renderReviewed}, event: accepted, by: ben }

  - id: comp-to-color-sq010
    title: Final composites for sq010
    from: comp
    to: color
    template: shot-render
    owner: dev
    contact: ben
    escalation: [dev, cleo]       # who to call, in order, when it slips
    start: ${dates.compStart}             # the first working day after the renders are ready
    due: ${dates.compDue}
    depends_on: [lighting-to-comp-sq010]
    feeds: color-start            # must be ready by this milestone
    done_when:
      - Final composites for all 12 shots of sq010 are delivered at v001 or later
      - Every composite frame count equals its shot's cut length
    checklist: [frame-range, colorspace, missing-frames]
    risk:                         # high and critical risks need a contingency and an escalation path
      level: high
      contingency: { plan: Shots not accepted two days before due go to color as their latest slapcomp, expedited_review: true }
    status: planned
`;
}

// --- `handoff init --series`: a breakdown, a shot list and one chain over it (DESIGN §7.1, §7.2)

function breakdownFile(): string {
  return `# The show's units: episodes written out, shots imported from editorial's
# shot list. Any key besides id, kind, parent and frames is a field that
# chains use as a {token} (here: turnover).
units:
  - { id: ep101, kind: episode, title: Pilot }
  - { id: ep102, kind: episode, title: Second episode }
import:
  # Each row of the CSV becomes a shot; columns maps unit keys to header names.
  - csv: editorial/shots.csv
    kind: shot
    columns: { id: Shot, parent: Episode, frames_in: Frame In, frames_out: Frame Out, turnover: Turnover }
`;
}

function shotListFile(first: string, second: string): string {
  const rows = [
    ['ep101_0010', 'ep101', 1001, 1048, first],
    ['ep101_0020', 'ep101', 1001, 1096, first],
    ['ep102_0010', 'ep102', 1001, 1072, second],
    ['ep102_0020', 'ep102', 1001, 1120, second],
  ];
  return ['Shot,Episode,Frame In,Frame Out,Turnover', ...rows.map((row) => row.join(','))].join('\n') + '\n';
}

function chainFile(): string {
  return `# A chain writes one pipeline once: for every shot of the breakdown, one
# handoff per step, with the id <step>-<shot> (render-ep101_0010). Text may
# use the shot's tokens: {unit}, {parent}, {kind}, {frames} and its fields.
chains:
  - chain: shots
    for_each: { kind: shot }      # or: units: [ep101_0010, ep101_0020]
    steps:
      - step: render
        title: Renders for {unit}
        from: lighting
        to: comp
        owner: dev
        contact: ana
        start: "{turnover}"       # the shot's turnover day, from the shot list
        work: 2                   # due on the 2nd working day
        done_when:
          - Render layers for {unit}, frames {frames}, are delivered at v001 or later
      - step: comp
        title: Composite of {unit}
        from: comp
        to: color
        owner: dev
        contact: ben
        depends_on: [render]      # the same shot's render
        start: asap               # the first working day after the render is ready
        work: 3
        feeds: color-start
        done_when:
          - The composite of {unit} covers frames {frames} and is delivered at v001 or later
    # Per-shot changes: any step field, by shot and step.
    overrides:
      ep102_0020: { comp: { work: 4 } }
`;
}

function runbookFile(): string {
  return `# A runbook: the steps of a routine process. "after" orders the steps; "qa"
# runs checklist items of the templates it applies to; "verify" fills in
# metadata fields; "handoff" names the handoff the step delivers.
runbook: shot-delivery
title: Deliver a shot render
owner: dev
applies_to: [shot-render]
steps:
  - { id: render, do: Render the shot at full resolution, role: artist }
  - { id: qa, do: Run the QA checks, qa: [frame-range, colorspace, missing-frames], after: [render] }
  - { id: meta, do: Fill in the shot metadata, verify: [shot, frame-range], after: [qa] }
  - { id: publish, do: Publish to the vault and record the submission, handoff: lighting-to-comp-sq010, after: [meta] }
`;
}

function risksFile(dates: ScheduleDates): string {
  return `# The risk log. Review every open risk at least once every risk_review_days
# (see the production file) and update "reviewed"; status is open, mitigated
# or closed.
risks:
  - id: render-farm-capacity
    handoff: comp-to-color-sq010
    description: The farm is shared with another show during the comp weeks
    likelihood: medium
    impact: high
    owner: dev
    mitigation: Overnight farm priority agreed for comp renders
    reviewed: ${dates.today}
    status: open
`;
}
