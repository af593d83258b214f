// The timeline of one production: a swimlane per department, a work bar per
// handoff from start to due, its hatched review buffer up to the ready date,
// milestones, dependency arrows from an upstream's ready end to the
// dependant's start, the critical path, conflicts, risks, statuses and today.
//
// Plain browser code fed the ScheduleView as data: the VS Code webview, the
// CLI's standalone page and the browser tests all run this one renderer.
// Without onMove the bars cannot be dragged; without onReveal clicks do nothing.
import {
  formatDate,
  parseDate,
  weekdayName,
  WEEKDAYS,
  WorkCalendar,
  type ScheduleView,
  type ScheduleViewCalendar,
  type ScheduleViewDepartment,
  type ScheduleViewHandoff,
  type ScheduleViewMilestone,
  type ScheduleViewUnit,
  type SourceRef,
  type Weekday,
} from '../../../server/src/protocol';
import type { TimelineFilter, ViewState } from './messages';
import { CLICK_SLOP, Presses } from './presses';
import { packRows } from './rows';
import { html, PALETTE, safeColor, svg, textMeasurer, tooltip, uniquePrefix } from './svg';

export type Zoom = NonNullable<ViewState['zoom']>;

/** Horizontal scale of each zoom level. */
export const PX_PER_DAY: Readonly<Record<Zoom, number>> = { days: 32, weeks: 12, months: 4 };
export const ZOOMS: readonly Zoom[] = ['days', 'weeks', 'months'];
const DEFAULT_ZOOM: Zoom = 'weeks';

export interface MovedDates {
  start?: string;
  due?: string;
}

export interface TimelineOptions {
  state?: ViewState;
  /** A bar, milestone or lane was clicked or activated with the keyboard. */
  onReveal?(source: SourceRef): void;
  /** A bar was dropped at new dates (already snapped to working days). Without it, bars do not drag. */
  onMove?(handoff: string, dates: MovedDates): void;
  /** Zoom or scroll changed: what to keep when the view is hidden and shown again. */
  onState?(state: ViewState): void;
  /** Ctrl+Z or Ctrl+Shift+Z (Ctrl+Y) outside a text box: undo or redo in the document. Without it, the keys do nothing here. */
  onUndo?(command: 'undo' | 'redo'): void;
}

export interface TimelineView {
  /** Draws a new model, keeping zoom and scroll; drops the optimistic positions of dragged bars. */
  update(model: ScheduleView): void;
  /**
   * Draws the schedule the server works out with the dropped bars at their
   * new dates (their ready dates, the conflicts and overruns they make),
   * until the model of the edited file comes with update.
   */
  preview(model: ScheduleView): void;
  /** Scrolls to a handoff's bar, focuses and flashes it; false when it has no bar. */
  focus(handoff: string): boolean;
  destroy(): void;
}

// Geometry, in CSS pixels.
const LABEL_WIDTH = 200;
/** The label column when folded (a narrow editor split): swatches and collapse buttons only. */
const FOLDED_LABEL_WIDTH = 44;
/** Below this width the label column opens folded. */
const NARROW_VIEW = 700;
const ROW_HEIGHT = 36;
const LABEL_BASELINE = 13;
const BAR_TOP = 17;
const BAR_HEIGHT = 14;
const LANE_PADDING_TOP = 6;
const LANE_PADDING_BOTTOM = 4;
const EMPTY_LANE_HEIGHT = 26;
const ROW_GAP = 14;
const MONTH_ROW = 20;
const TICK_ROW = 18;
const MILESTONE_LINE = 15;
// A press that moves less than a click may is no drag.
const DRAG_THRESHOLD = CLICK_SLOP;
/**
 * Past this many bars, only the bars in and around the visible window are
 * drawn (windowed SVG), and arrows are drawn for the selected handoff's chain
 * unless "all arrows" is on. Below it every bar is drawn, as it is cheap.
 */
export const WINDOWED_ABOVE = 400;
export const ALL_ARROWS_UP_TO = 200;
const MINIMAP_HEIGHT = 36;
const LABEL_FONT = 11;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const STATUS_MARKS: Record<string, { glyph: string; className: string }> = {
  accepted: { glyph: '✓', className: 'hs-status-ok' },
  rejected: { glyph: '✗', className: 'hs-status-bad' },
  blocked: { glyph: '⊘', className: 'hs-status-bad' },
  submitted: { glyph: '↑', className: 'hs-status-info' },
  in_progress: { glyph: '▸', className: 'hs-status-info' },
};

interface Lane {
  /** The department's id, or `<department>/<unit path>` for a unit sub-lane. */
  id: string;
  department: ScheduleViewDepartment;
  /** On a unit sub-lane: the episode, sequence… its handoffs belong to, outermost first, and its department's lane. */
  units?: ScheduleViewUnit[];
  parentLane?: Lane;
  /** Its department's lane is collapsed: not drawn at all. */
  hidden: boolean;
  /** Its bars and those of its unit sub-lanes. */
  total: number;
  index: number;
  color: string;
  /** The lane department's working days: its own calendar, else the production's. */
  calendar: WorkCalendar;
  y: number;
  height: number;
  bars: Bar[];
  /** Its bars in Tab order (earliest start first), sorted once per layout. */
  ordered?: Bar[];
  collapsed: boolean;
}

/** A handoff with the day numbers it is drawn at and its place in its lane. */
interface Bar {
  handoff: ScheduleViewHandoff;
  start: number;
  due: number;
  ready: number;
  lane: Lane;
  row: number;
  /** Top of its row. */
  y: number;
  label: string;
  labelWidth: number;
}

interface Layout {
  first: number;
  last: number;
  px: number;
  width: number;
  height: number;
  headerHeight: number;
  lanes: Lane[];
  bars: Map<string, Bar>;
  unscheduled: ScheduleViewHandoff[];
  milestones: { milestone: ScheduleViewMilestone; day: number; line: number }[];
  today?: number;
  /** The line of the header's label row the today tag sits on. */
  todayLine: number;
}

type DragMode = 'move' | 'start' | 'due';

/** The scroller's place and size, read once per scroll frame before anything is written. */
interface ScrollPlace {
  scrollLeft: number;
  scrollTop: number;
  clientWidth: number;
  clientHeight: number;
  minimapWidth: number;
}

type Area = { left: number; right: number; top: number; bottom: number };

interface Drag {
  id: string;
  mode: DragMode;
  pointerId: number;
  originX: number;
  moved: boolean;
  dates?: { start: number; due: number };
}

export function renderTimeline(root: HTMLElement, model: ScheduleView, options: TimelineOptions = {}): TimelineView {
  const ids = uniquePrefix('timeline');
  let current = model;
  let zoom: Zoom = options.state?.zoom && ZOOMS.includes(options.state.zoom) ? options.state.zoom : DEFAULT_ZOOM;
  /** Dates of dropped bars, shown until the host sends the schedule that has them (a preview, then the edited file's). */
  const moves = new Map<string, { start: number; due: number }>();
  let calendar = calendarOf(model);
  let layout: Layout | undefined;
  let drag: Drag | undefined;
  let swallowClick = false;
  let stateFrame = 0;
  /** Labels that follow the scroll; a bar's carries its handoff's id. */
  let stickyLabels: { text: SVGTextElement; left: number; right: number; width: number; x: number; handoff?: string }[] = [];
  const collapsed = new Set<string>(options.state?.collapsed ?? []);
  let labelsFolded = options.state?.labelsFolded ?? (root.clientWidth > 0 && root.clientWidth < NARROW_VIEW);
  let labelWidth = labelsFolded ? FOLDED_LABEL_WIDTH : LABEL_WIDTH;
  let filter: TimelineFilter = { ...(options.state?.filter ?? {}) };
  let selected: string | undefined;
  /** null: the default for the model's size. */
  let allArrows: boolean | null = null;
  /** The chart's layers and the window of chart pixels whose bars are drawn. */
  let layers: { daysOff: SVGGElement; arrows: SVGGElement; bars: SVGGElement; shown: ScheduleView } | undefined;
  let drawnWindow: Area | undefined;
  /**
   * What the window shows, kept from one scroll frame to the next: a bar, a
   * lane's group or a run of days off still in the window is reused, so a
   * scroll only draws the strip that came into view and removes the one that
   * left (all dropped when the chart is rebuilt).
   */
  const drawnBars = new Map<string, SVGGElement>();
  const laneGroups = new Map<string, SVGGElement>();
  const drawnDaysOff = new Map<string, SVGRectElement>();
  /** The selected handoff's chain, worked out once per selection and layout. */
  let chainCache: { id: string; layout: Layout; chain: Set<string> } | undefined;

  const view = html('div', 'hs-view hs-timeline', root);
  /** Bars move only in the editor, and not while the view is the last good schedule of files that do not parse. */
  const editable = (): boolean => options.onMove !== undefined && !current.stale;
  const toolbar = html('div', 'hs-toolbar', view);
  const heading = html('h1', 'hs-title', toolbar);
  const summary = html('span', 'hs-summary', toolbar);
  const foldButton = html('button', 'hs-zoom-button hs-fold-labels', toolbar, '⇤');
  foldButton.type = 'button';
  foldButton.addEventListener('click', () => {
    labelsFolded = !labelsFolded;
    labelWidth = labelsFolded ? FOLDED_LABEL_WIDTH : LABEL_WIDTH;
    draw();
    emitState();
  });
  const zoomGroup = html('div', 'hs-zoom', toolbar);
  zoomGroup.setAttribute('role', 'group');
  zoomGroup.setAttribute('aria-label', 'Zoom');
  const zoomButtons = new Map<Zoom, HTMLButtonElement>();
  for (const level of ZOOMS) {
    const button = html('button', 'hs-zoom-button', zoomGroup, level[0].toUpperCase() + level.slice(1));
    button.type = 'button';
    button.dataset.zoom = level;
    button.addEventListener('click', () => setZoom(level));
    zoomButtons.set(level, button);
  }
  legend(html('div', 'hs-legend', toolbar));
  const filters = html('div', 'hs-filters', view);
  filters.setAttribute('role', 'search');
  const filterText = html('input', 'hs-filter-text', filters);
  filterText.type = 'search';
  filterText.placeholder = 'Filter by id or title';
  filterText.setAttribute('aria-label', 'Filter handoffs by id or title');
  const departmentSelect = html('select', 'hs-filter-department', filters);
  departmentSelect.setAttribute('aria-label', 'Filter by department');
  const unitSelect = html('select', 'hs-filter-unit', filters);
  unitSelect.setAttribute('aria-label', 'Filter by episode or sequence');
  const statusSelect = html('select', 'hs-filter-status', filters);
  statusSelect.setAttribute('aria-label', 'Filter by status');
  const checkbox = (className: string, label: string): HTMLInputElement => {
    const wrapper = html('label', 'hs-check', filters);
    const input = html('input', className, wrapper);
    input.type = 'checkbox';
    html('span', '', wrapper, label);
    return input;
  };
  const lateBox = checkbox('hs-filter-late', 'late');
  const criticalBox = checkbox('hs-filter-critical', 'critical');
  const arrowsBox = checkbox('hs-all-arrows', 'all arrows');
  const search = html('input', 'hs-search', filters);
  search.type = 'search';
  search.placeholder = 'Go to handoff… (Enter)';
  search.setAttribute('aria-label', 'Go to a handoff: type its id or title and press Enter');
  const filterCount = html('span', 'hs-filter-count', filters);
  filterCount.setAttribute('aria-live', 'polite');
  const minimap = html('div', 'hs-minimap', view);
  minimap.setAttribute('aria-label', 'Overview of the whole timeline: click to scroll there');
  const minimapCanvas = html('canvas', 'hs-minimap-canvas', minimap);
  const minimapWindow = html('div', 'hs-minimap-window', minimap);
  const notes = html('div', 'hs-notes', view);
  const scroller = html('div', 'hs-scroll', view);

  const onFilterChange = (): void => {
    filter = {
      ...(filterText.value.trim() ? { text: filterText.value.trim() } : {}),
      ...(departmentSelect.value ? { department: departmentSelect.value } : {}),
      ...(unitSelect.value ? { unit: unitSelect.value } : {}),
      ...(statusSelect.value ? { status: statusSelect.value } : {}),
      ...(lateBox.checked ? { late: true } : {}),
      ...(criticalBox.checked ? { critical: true } : {}),
    };
    draw();
    emitState();
  };
  filterText.addEventListener('input', onFilterChange);
  departmentSelect.addEventListener('change', onFilterChange);
  unitSelect.addEventListener('change', onFilterChange);
  statusSelect.addEventListener('change', onFilterChange);
  lateBox.addEventListener('change', onFilterChange);
  criticalBox.addEventListener('change', onFilterChange);
  arrowsBox.addEventListener('change', () => {
    allArrows = arrowsBox.checked;
    redrawArrows();
  });
  search.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const id = findHandoff(current, search.value);
    search.classList.toggle('hs-not-found', id === undefined);
    if (id !== undefined) jumpTo(id);
  });
  minimap.addEventListener('pointerdown', (event) => {
    scrollToMinimap(event);
    minimap.setPointerCapture(event.pointerId);
  });
  minimap.addEventListener('pointermove', (event) => {
    if (minimap.hasPointerCapture(event.pointerId)) scrollToMinimap(event);
  });

  const measureLabel = textMeasurer(view, LABEL_FONT);

  draw();
  // The place kept in the state is restored for its own production only (the page may be rebuilt on another one's model).
  const samePlace = options.state?.production === undefined || options.state.production === model.production.id;
  if (samePlace && (options.state?.scrollLeft !== undefined || options.state?.scrollTop !== undefined)) {
    scroller.scrollLeft = options.state!.scrollLeft ?? 0;
    scroller.scrollTop = options.state!.scrollTop ?? 0;
  } else {
    openOnToday();
  }
  if (windowed()) drawVisible();
  placeMinimapWindow();

  scroller.addEventListener('scroll', onScroll);
  scroller.addEventListener('wheel', onWheel, { passive: false });
  // On the document, not the view: a drop redraws the bars, and the focus falls back to the body with the dragged one.
  const onUndoKey = (event: KeyboardEvent): void => {
    if (!options.onUndo || !(event.ctrlKey || event.metaKey) || event.altKey) return;
    // Text boxes keep their own undo.
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
    const key = event.key.toLowerCase();
    if (key !== 'z' && key !== 'y') return;
    event.preventDefault();
    options.onUndo(key === 'y' || event.shiftKey ? 'redo' : 'undo');
  };
  const keysFrom = root.ownerDocument;
  keysFrom.addEventListener('keydown', onUndoKey);
  scroller.addEventListener('focusin', (event) => {
    const hit = handoffAt(event.target);
    if (hit) select(hit.bar.handoff.id);
  });
  const presses = new Presses(scroller, itemSelector);
  scroller.addEventListener('click', onClick);
  scroller.addEventListener('keydown', onKeyDown);
  scroller.addEventListener('pointerdown', onPointerDown);
  scroller.addEventListener('pointermove', onPointerMove);
  scroller.addEventListener('pointerup', onPointerUp);
  scroller.addEventListener('pointercancel', cancelDrag);

  /** At the top, on today a third of the way in, so recent and coming work both show (at the start when today is off the chart). */
  function openOnToday(): void {
    scroller.scrollTop = 0;
    scroller.scrollLeft = layout?.today === undefined ? 0 : Math.max(0, x(layout.today) - (scroller.clientWidth - labelWidth) / 3);
  }

  function x(day: number): number {
    return (day - layout!.first) * layout!.px;
  }

  function effectiveModel(): ScheduleView {
    return moves.size === 0 ? current : withDropped(current, moves);
  }

  /** Rebuilds the chart from the model, keeping the dates in view where they were. */
  function draw(): void {
    const previous = layout;
    const scrollLeft = scroller.scrollLeft;
    const scrollTop = scroller.scrollTop;
    const full = effectiveModel();
    const shown = filtered(full, filter);
    layout = layoutOf(shown, PX_PER_DAY[zoom], measureLabel, collapsed, calendar);
    syncFilterControls(full, shown);

    heading.textContent = shown.production.title || shown.production.id || 'Timeline';
    summary.textContent = summaryOf(shown);
    view.dataset.zoom = zoom;
    view.dataset.pxPerDay = String(layout.px);
    for (const [level, button] of zoomButtons) button.setAttribute('aria-pressed', String(level === zoom));
    foldButton.textContent = labelsFolded ? '⇥' : '⇤';
    foldButton.title = labelsFolded ? 'Show the lane names' : 'Fold the lane names to make room for the bars';
    foldButton.setAttribute('aria-label', foldButton.title);
    foldButton.setAttribute('aria-pressed', String(labelsFolded));

    notes.replaceChildren();
    view.classList.toggle('hs-editable', editable());
    view.classList.toggle('hs-stale', current.stale !== undefined);
    if (current.stale) {
      const names = current.stale.files.map((uri) => decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)));
      const note = html('div', 'hs-stale-note', notes);
      note.setAttribute('role', 'status');
      html('span', 'hs-note-label', note, 'Stale: ');
      html('span', '', note, `${names.join(', ')} ${names.length === 1 ? 'does' : 'do'} not parse; this is the last good schedule, read-only until the YAML is fixed.`);
    }
    if (layout.unscheduled.length > 0) {
      html('span', 'hs-note-label', notes, 'Not on the timeline (no due date): ');
      html('span', 'hs-note-ids', notes, layout.unscheduled.map((h) => h.id).join(', '));
    }

    const grid = html('div', 'hs-grid');
    grid.style.setProperty('--hs-label-width', `${labelWidth}px`);
    view.classList.toggle('hs-labels-folded', labelsFolded);
    html('div', 'hs-corner', grid);
    stickyLabels = [];
    const axis = html('div', 'hs-axis', grid);
    drawAxis(axis, shown);
    const labels = html('div', 'hs-lanes', grid);
    drawLaneLabels(labels);
    const chart = html('div', 'hs-chart', grid);
    drawChart(chart, shown);
    scroller.replaceChildren(grid);

    if (previous) {
      // Same dates at the same place, even when the range grew on the left.
      scroller.scrollLeft = scrollLeft + (previous.first - layout.first) * layout.px;
      scroller.scrollTop = scrollTop;
    }
    if (windowed()) drawVisible();
    drawMinimap();
    placeLabels();
  }

  function syncFilterControls(full: ScheduleView, shown: ScheduleView): void {
    const options = (select: HTMLSelectElement, all: string, values: { value: string; label: string }[], chosen: string | undefined) => {
      select.replaceChildren();
      const any = html('option', '', select, all);
      any.value = '';
      for (const entry of values) {
        const option = html('option', '', select, entry.label);
        option.value = entry.value;
      }
      select.value = chosen ?? '';
    };
    options(departmentSelect, 'All departments', full.departments.map((d) => ({ value: d.id, label: d.name ?? d.id })), filter.department);
    // The episodes and sequences the handoffs belong to; hidden when the production has no breakdown.
    const parentUnits = new Map<string, ScheduleViewUnit>();
    for (const h of full.handoffs) for (const unit of h.parents ?? []) if (!parentUnits.has(unit.id)) parentUnits.set(unit.id, unit);
    const units = [...parentUnits.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    options(unitSelect, 'All units', units.map((unit) => ({ value: unit.id, label: `${unit.kind} ${unit.id}${unit.title ? ` ${unit.title}` : ''}` })), filter.unit);
    unitSelect.hidden = units.length === 0 && filter.unit === undefined;
    const statuses = [...new Set(full.handoffs.map((h) => h.status ?? 'planned'))].sort();
    options(statusSelect, 'Any status', statuses.map((status) => ({ value: status, label: status.replace('_', ' ') })), filter.status);
    if (document.activeElement !== filterText) filterText.value = filter.text ?? '';
    lateBox.checked = filter.late === true;
    criticalBox.checked = filter.critical === true;
    arrowsBox.checked = showsAllArrows();
    filterCount.textContent = shown.handoffs.length === full.handoffs.length ? `${full.handoffs.length} shown` : `${shown.handoffs.length} of ${full.handoffs.length} shown`;
  }

  function showsAllArrows(): boolean {
    return allArrows ?? (layout ? layout.bars.size <= ALL_ARROWS_UP_TO : true);
  }

  /** The overview strip: every bar as a tick in its lane's colour, and the window in view. */
  function drawMinimap(): void {
    const l = layout;
    if (!l) return;
    const width = Math.max(1, minimap.clientWidth || scroller.clientWidth || 600);
    const ratio = window.devicePixelRatio || 1;
    minimapCanvas.width = Math.round(width * ratio);
    minimapCanvas.height = Math.round(MINIMAP_HEIGHT * ratio);
    minimapCanvas.style.width = `${width}px`;
    minimapCanvas.style.height = `${MINIMAP_HEIGHT}px`;
    const context = minimapCanvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, MINIMAP_HEIGHT);
    const sx = width / l.width;
    const sy = MINIMAP_HEIGHT / Math.max(1, l.height);
    // Tens of thousands of bars fall on a strip of a few thousand pixels: each lane marks the
    // pixels its bars cover, then fills each run of marked pixels once, not one rectangle a bar.
    const columns = Math.ceil(width);
    const covered = new Uint8Array(columns * MINIMAP_HEIGHT);
    for (const lane of l.lanes) {
      if (lane.bars.length === 0) continue;
      covered.fill(0);
      for (const bar of lane.bars) {
        const left = x(bar.start) * sx;
        const top = bar.y * sy;
        const x0 = Math.max(0, Math.floor(left));
        const x1 = Math.min(columns, Math.max(x0 + 1, Math.ceil(left + Math.max(1, (x(bar.ready + 1) - x(bar.start)) * sx))));
        const y0 = Math.max(0, Math.min(MINIMAP_HEIGHT - 1, Math.floor(top)));
        const y1 = Math.min(MINIMAP_HEIGHT, Math.max(y0 + 1, Math.ceil(top + Math.max(1, ROW_HEIGHT * sy * 0.6))));
        for (let row = y0; row < y1; row++) covered.fill(1, row * columns + x0, row * columns + x1);
      }
      context.fillStyle = lane.color;
      for (let row = 0; row < MINIMAP_HEIGHT; row++) {
        const offset = row * columns;
        for (let column = 0; column < columns; column++) {
          if (!covered[offset + column]) continue;
          const from = column;
          while (column < columns && covered[offset + column]) column++;
          context.fillRect(from, row, column - from, 1);
        }
      }
    }
    minimap.dataset.bars = String(l.bars.size);
    placeMinimapWindow();
  }

  function placeMinimapWindow(place: ScrollPlace = scrollPlace()): void {
    const l = layout;
    if (!l) return;
    const width = place.minimapWidth || 1;
    const visible = Math.max(0, place.clientWidth - labelWidth);
    const left = (place.scrollLeft / l.width) * width;
    const span = Math.min(width, (visible / l.width) * width);
    const top = (place.scrollTop / Math.max(1, l.height)) * MINIMAP_HEIGHT;
    const tall = Math.min(MINIMAP_HEIGHT, ((place.clientHeight - l.headerHeight) / Math.max(1, l.height)) * MINIMAP_HEIGHT);
    minimapWindow.style.transform = `translate(${left}px, ${Math.max(0, top)}px)`;
    minimapWindow.style.width = `${Math.max(4, span)}px`;
    minimapWindow.style.height = `${Math.max(4, tall)}px`;
  }

  function scrollToMinimap(event: PointerEvent): void {
    const l = layout;
    if (!l) return;
    const box = minimap.getBoundingClientRect();
    const fx = (event.clientX - box.left) / Math.max(1, box.width);
    const fy = (event.clientY - box.top) / Math.max(1, box.height);
    const visible = Math.max(0, scroller.clientWidth - labelWidth);
    scroller.scrollLeft = Math.max(0, fx * l.width - visible / 2);
    scroller.scrollTop = Math.max(0, fy * l.height - (scroller.clientHeight - l.headerHeight) / 2);
    onScroll();
  }

  /** Shows a handoff whatever hides it (a filter, a collapsed lane), then scrolls to it and selects it. */
  function jumpTo(id: string): void {
    const handoff = current.handoffs.find((h) => h.id === id);
    if (!handoff) return;
    if (!matches(handoff, filter)) filter = {};
    for (const lane of laneIdsOf(handoff)) if (lane !== undefined) collapsed.delete(lane);
    selected = id;
    draw();
    api.focus(id);
  }

  function toggleLane(id: string): void {
    if (collapsed.has(id)) collapsed.delete(id);
    else collapsed.add(id);
    draw();
    emitState();
    scroller.querySelector<HTMLElement>(`.hs-lane-label[data-lane="${CSS.escape(id)}"] .hs-lane-toggle`)?.focus();
  }

  function drawAxis(container: HTMLElement, shown: ScheduleView): void {
    const l = layout!;
    const axis = svg('svg', { class: 'hs-axis-svg', width: l.width, height: l.headerHeight, 'aria-hidden': 'true' }, container);
    // Months.
    for (let day = l.first; day <= l.last; ) {
      const date = new Date(day * 86_400_000);
      const next = Math.round(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / 86_400_000);
      const left = x(day);
      const right = x(Math.min(next, l.last + 1));
      svg('line', { class: 'hs-month-tick', x1: left, x2: left, y1: 0, y2: MONTH_ROW + TICK_ROW }, axis);
      const name = `${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
      if (right - left > 30) {
        const text = svg('text', { class: 'hs-month', x: left + 5, y: 14 }, axis);
        text.textContent = right - left > 70 ? name : MONTHS[date.getUTCMonth()];
        stickyLabels.push({ text, left: left + 5, right: right - 5, width: measureLabel(text.textContent) * 1.1, x: left + 5 });
      }
      day = next;
    }
    // Days, or the Monday of each week.
    for (let day = l.first; day <= l.last; day++) {
      const weekday = (((day + 3) % 7) + 7) % 7;
      const dayOfMonth = new Date(day * 86_400_000).getUTCDate();
      if (zoom === 'days') {
        const text = svg('text', { class: calendar.isWorkingDay(day) ? 'hs-day' : 'hs-day hs-day-off', x: x(day) + l.px / 2, y: MONTH_ROW + 13, 'text-anchor': 'middle' }, axis);
        text.textContent = String(dayOfMonth);
      } else if (weekday === 0) {
        svg('line', { class: 'hs-week-tick', x1: x(day), x2: x(day), y1: MONTH_ROW, y2: MONTH_ROW + TICK_ROW }, axis);
        if (zoom === 'weeks' || dayOfMonth <= 7 || l.px * 7 >= 24) {
          const text = svg('text', { class: 'hs-day', x: x(day) + 3, y: MONTH_ROW + 13 }, axis);
          text.textContent = String(dayOfMonth);
        }
      }
    }
    svg('line', { class: 'hs-axis-rule', x1: 0, x2: l.width, y1: MONTH_ROW + TICK_ROW, y2: MONTH_ROW + TICK_ROW }, axis);
    // Milestones: a diamond and a label; the line continues down the chart.
    const overrun = new Set(shown.handoffs.flatMap((h) => (h.overrun ? [h.overrun.milestone] : [])));
    for (const { milestone, day, line } of l.milestones) {
      const mx = x(day + 1);
      const cy = MONTH_ROW + TICK_ROW + 10 + line * MILESTONE_LINE;
      const group = svg('g', {
        class: `hs-milestone${overrun.has(milestone.id) ? ' hs-late' : ''}${milestone.slack === 0 ? ' hs-tight' : ''}`,
        'data-milestone': milestone.id,
      }, axis);
      reveals(group, milestone.source, `Milestone ${milestone.id}${milestone.title ? `: ${milestone.title}` : ''}, ${milestone.date}`);
      tooltip(group, [
        `${milestone.title ?? milestone.id} (${milestone.id})`,
        `${milestone.date} (${weekdayName(day)})`,
        ...(milestone.slack !== undefined ? [`slack ${days(milestone.slack)}`] : []),
        ...(overrun.has(milestone.id) ? ['a handoff that feeds it is ready too late'] : []),
      ]);
      svg('line', { class: 'hs-milestone-stem', x1: mx, x2: mx, y1: cy, y2: l.headerHeight }, group);
      svg('path', { class: 'hs-diamond', d: `M${mx} ${cy - 6}l6 6l-6 6l-6 -6z` }, group);
      const text = svg('text', { class: 'hs-milestone-label', x: mx + 9, y: cy + 4 }, group);
      text.textContent = milestone.title ?? milestone.id;
    }
    if (l.today !== undefined) {
      const tx = x(l.today) + l.px / 2;
      svg('line', { class: 'hs-today-line', x1: tx, x2: tx, y1: MONTH_ROW, y2: l.headerHeight }, axis);
      const tag = svg('text', { class: 'hs-today-label', x: tx + 4, y: MONTH_ROW + TICK_ROW + 14 + l.todayLine * MILESTONE_LINE }, axis);
      tag.textContent = 'today';
    }
  }

  function drawLaneLabels(container: HTMLElement): void {
    for (const lane of layout!.lanes) {
      if (lane.hidden) continue;
      const unitLane = lane.units !== undefined;
      const label = html('div', `hs-lane-label${unitLane ? ' hs-unit-lane' : ''}${lane.department.synthetic ? ' hs-synthetic' : ''}${lane.total === 0 ? ' hs-empty' : ''}`, container);
      label.dataset.lane = lane.id;
      label.style.setProperty('--hs-lane', lane.color);
      label.style.setProperty('height', `${lane.height}px`);
      if (lane.collapsed) label.classList.add('hs-collapsed');
      const name = unitLane ? unitPathName(lane.units!) : lane.department.name ?? lane.department.id;
      const count = `${lane.total} handoff${lane.total === 1 ? '' : 's'}`;
      const toggle = html('button', 'hs-lane-toggle', label, lane.collapsed ? '▸' : '▾');
      toggle.type = 'button';
      toggle.setAttribute('aria-expanded', String(!lane.collapsed));
      toggle.setAttribute('aria-label', `${lane.collapsed ? 'Expand' : 'Collapse'} ${unitLane ? `${lane.department.name ?? lane.department.id}, ` : ''}${name} (${count})`);
      toggle.addEventListener('click', () => toggleLane(lane.id));
      html('span', 'hs-swatch', label);
      const text = html('span', 'hs-lane-text', label);
      if (unitLane) {
        // The narrow column shows the innermost unit first, the episode it belongs to below.
        html('span', 'hs-lane-name', text, unitPathName(lane.units!.slice(-1)));
        if (lane.units!.length > 1) html('span', 'hs-lane-id', text, unitPathName(lane.units!.slice(0, -1)));
      } else {
        html('span', 'hs-lane-name', text, name);
      }
      if (!unitLane && lane.department.name && !lane.department.synthetic) html('span', 'hs-lane-id', text, lane.department.id);
      if (lane.collapsed) html('span', 'hs-lane-count', text, `${lane.total} hidden`);
      const works = !unitLane && lane.department.calendar?.label ? `; works by the ${lane.department.calendar.label} calendar` : '';
      label.title = `${unitLane ? `${lane.department.name ?? lane.department.id}: ` : ''}${name}: ${count}${works}`;
    }
  }

  function drawChart(container: HTMLElement, shown: ScheduleView): void {
    const l = layout!;
    const chart = svg('svg', { class: 'hs-chart-svg', width: l.width, height: l.height, role: 'group', 'aria-label': `Timeline of ${shown.production.title ?? shown.production.id}` }, container);
    const defs = svg('defs', {}, chart);
    for (const [name, className] of [['arrow', 'hs-arrowhead'], ['arrow-critical', 'hs-arrowhead hs-critical'], ['arrow-conflict', 'hs-arrowhead hs-conflict']]) {
      const marker = svg('marker', { id: ids + name, viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 8, markerHeight: 8, markerUnits: 'userSpaceOnUse', orient: 'auto' }, defs);
      svg('path', { class: className, d: 'M0 0L8 4L0 8z' }, marker);
    }
    for (const lane of l.lanes) {
      // Unit sub-lanes share their department's hatch.
      if (lane.parentLane) continue;
      const pattern = svg('pattern', { id: `${ids}hatch${lane.index}`, class: 'hs-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, defs);
      pattern.style.setProperty('--hs-lane', lane.color);
      svg('rect', { class: 'hs-hatch-ground', width: 6, height: 6 }, pattern);
      svg('line', { class: 'hs-hatch-line', x1: 1.5, y1: 0, x2: 1.5, y2: 6 }, pattern);
    }

    // Lanes, non-working days, week and month lines.
    const ground = svg('g', { class: 'hs-ground', 'aria-hidden': 'true' }, chart);
    for (const lane of l.lanes) {
      if (lane.hidden) continue;
      const band = svg('rect', { class: lane.parentLane ? 'hs-lane hs-unit-lane' : 'hs-lane', 'data-lane': lane.id, x: 0, y: lane.y, width: l.width, height: lane.height }, ground);
      band.style.setProperty('--hs-lane', lane.color);
      svg('line', { class: 'hs-lane-rule', x1: 0, x2: l.width, y1: lane.y + lane.height, y2: lane.y + lane.height }, ground);
    }
    // Each lane's own days off, drawn with the bars (only those in view at scale).
    const daysOff = svg('g', { class: 'hs-days-off' }, ground);
    for (let day = l.first; day <= l.last; day++) {
      const date = new Date(day * 86_400_000);
      if (date.getUTCDate() === 1) svg('line', { class: 'hs-month-line', x1: x(day), x2: x(day), y1: 0, y2: l.height }, ground);
      else if (zoom !== 'months' && date.getUTCDay() === 1) svg('line', { class: 'hs-week-line', x1: x(day), x2: x(day), y1: 0, y2: l.height }, ground);
    }
    for (const { milestone, day } of l.milestones) {
      svg('line', { class: 'hs-milestone-line', 'data-milestone': milestone.id, x1: x(day + 1), x2: x(day + 1), y1: 0, y2: l.height }, ground);
    }
    if (l.today !== undefined) {
      const tx = x(l.today) + l.px / 2;
      svg('line', { class: 'hs-today-line', x1: tx, x2: tx, y1: 0, y2: l.height }, ground);
    }

    const arrows = svg('g', { class: 'hs-arrows', 'aria-hidden': 'true' }, chart);
    const bars = svg('g', { class: 'hs-bars' }, chart);
    layers = { daysOff, arrows, bars, shown };
    drawnWindow = undefined;
    drawnBars.clear();
    laneGroups.clear();
    drawnDaysOff.clear();
    drawVisible();
  }

  /** The chart pixels in view, widened by half a screen each way so that a small scroll draws nothing new. */
  function viewWindow(place: ScrollPlace): Area {
    const width = Math.max(200, place.clientWidth - labelWidth);
    const height = Math.max(200, place.clientHeight);
    return { left: place.scrollLeft - width / 2, right: place.scrollLeft + 1.5 * width, top: place.scrollTop - height / 2, bottom: place.scrollTop + 1.5 * height };
  }

  function windowed(): boolean {
    return (layout?.bars.size ?? 0) > WINDOWED_ABOVE;
  }

  /**
   * Draws the bars (all of them, or those in the window) and the arrows.
   * Bars already drawn are kept where they are; only those that came into
   * the window are made, and those that left it removed.
   */
  function drawVisible(place: ScrollPlace = scrollPlace()): void {
    const l = layout;
    if (!l || !layers) return;
    const area = windowed() ? viewWindow(place) : undefined;
    drawnWindow = area;
    drawDaysOff(layers.daysOff, area);
    const groups: SVGGElement[] = [];
    const kept = new Set<string>();
    for (const lane of l.lanes) {
      if (lane.bars.length === 0 || lane.collapsed) continue;
      if (area && (lane.y > area.bottom || lane.y + lane.height < area.top)) continue;
      // Document order is Tab order: lane by lane, earliest start first.
      const ordered = (lane.ordered ??= [...lane.bars].sort((a, b) => a.start - b.start || a.row - b.row));
      const elements: SVGGElement[] = [];
      for (const bar of ordered) {
        if (area && (bar.y > area.bottom || bar.y + ROW_HEIGHT < area.top || x(bar.start) > area.right || Math.max(x(bar.ready + 1), x(bar.start) + bar.labelWidth) < area.left)) continue;
        const id = bar.handoff.id;
        let element = drawnBars.get(id);
        if (!element) {
          element = drawBar(bar, layers.shown);
          if (id === selected) element.classList.add('hs-selected');
          drawnBars.set(id, element);
        }
        kept.add(id);
        elements.push(element);
      }
      let group = laneGroups.get(lane.id);
      if (!group) {
        const laneName = `${lane.department.name ?? lane.department.id}${lane.units ? `, ${unitPathName(lane.units)}` : ''}`;
        group = svg('g', { class: 'hs-lane-bars', role: 'group', 'aria-label': `${laneName} lane`, 'data-lane': lane.id });
        group.style.setProperty('--hs-lane', lane.color);
        laneGroups.set(lane.id, group);
      }
      arrange(group, elements);
      groups.push(group);
    }
    arrange(layers.bars, groups);
    for (const id of [...drawnBars.keys()]) if (!kept.has(id)) drawnBars.delete(id);
    const shownGroups = new Set(groups);
    for (const [id, group] of laneGroups) if (!shownGroups.has(group)) laneGroups.delete(id);
    // The labels of bars that left the window stop following the scroll.
    stickyLabels = stickyLabels.filter((label) => label.handoff === undefined || drawnBars.get(label.handoff)?.contains(label.text) === true);
    redrawArrows();
    placeLabels(place.scrollLeft);
  }

  /**
   * Shades the days each lane's department does not work (weekends of its
   * workdays, its holidays and closures), one rectangle per run of days off
   * per lane; at scale only the runs that reach into the drawn window, those
   * already drawn kept.
   */
  function drawDaysOff(layer: SVGGElement, area: Area | undefined): void {
    const l = layout!;
    const firstDay = area ? Math.max(l.first, l.first + Math.floor(area.left / l.px)) : l.first;
    const lastDay = area ? Math.min(l.last, l.first + Math.ceil(area.right / l.px)) : l.last;
    const wanted = new Set<string>();
    for (const lane of l.lanes) {
      if (lane.hidden) continue;
      if (area && (lane.y > area.bottom || lane.y + lane.height < area.top)) continue;
      const working = lane.calendar;
      let day = firstDay;
      // A run the window's left edge cuts is drawn whole, so that it is the same rectangle whichever window drew it.
      while (day > l.first && !working.isWorkingDay(day) && !working.isWorkingDay(day - 1)) day--;
      for (; day <= lastDay; day++) {
        if (working.isWorkingDay(day)) continue;
        let end = day;
        while (end + 1 <= l.last && !working.isWorkingDay(end + 1)) end++;
        const key = `${lane.id}\u0000${day}`;
        wanted.add(key);
        if (!drawnDaysOff.has(key)) {
          drawnDaysOff.set(key, svg('rect', {
            class: 'hs-day-off',
            'data-lane': lane.id,
            'data-from': formatDate(day),
            'data-to': formatDate(end),
            x: x(day),
            y: lane.y,
            width: (end - day + 1) * l.px,
            height: lane.height,
          }, layer));
        }
        day = end;
      }
    }
    for (const [key, rect] of drawnDaysOff) {
      if (wanted.has(key)) continue;
      rect.remove();
      drawnDaysOff.delete(key);
    }
  }

  /** Scrolling past the drawn window draws the bars of the new one; true when it did (and placed the labels). */
  function drawIfScrolledAway(place: ScrollPlace): boolean {
    if (!drawnWindow || !windowed()) return false;
    const width = Math.max(200, place.clientWidth - labelWidth);
    const height = Math.max(200, place.clientHeight);
    if (
      place.scrollLeft < drawnWindow.left + width / 4 ||
      place.scrollLeft + width > drawnWindow.right - width / 4 ||
      place.scrollTop < drawnWindow.top + height / 4 ||
      place.scrollTop + height > drawnWindow.bottom - height / 4
    ) {
      const focused = document.activeElement instanceof SVGGElement ? document.activeElement.dataset.handoff : undefined;
      drawVisible(place);
      // A focused bar that stayed in the window kept its element and its focus.
      if (focused && !(document.activeElement instanceof SVGGElement && document.activeElement.dataset.handoff === focused)) focusBar(focused);
      return true;
    }
    return false;
  }

  function redrawArrows(): void {
    if (!layers) return;
    layers.arrows.replaceChildren();
    drawArrows(layers.arrows, layers.shown);
    arrowsBox.checked = showsAllArrows();
  }

  /** The ids of a handoff's chain: everything upstream and downstream of it, transitively. */
  function chainOf(id: string): Set<string> {
    const l = layout!;
    if (chainCache?.id === id && chainCache.layout === l) return chainCache.chain;
    const downstream = new Map<string, string[]>();
    for (const bar of l.bars.values()) {
      for (const up of bar.handoff.dependsOn) {
        let list = downstream.get(up);
        if (!list) downstream.set(up, (list = []));
        list.push(bar.handoff.id);
      }
    }
    const chain = new Set<string>([id]);
    const walk = (from: string, next: (id: string) => readonly string[]) => {
      const stack = [from];
      while (stack.length > 0) {
        for (const other of next(stack.pop()!)) {
          if (chain.has(other)) continue;
          chain.add(other);
          stack.push(other);
        }
      }
    };
    walk(id, (at) => l.bars.get(at)?.handoff.dependsOn ?? []);
    const up = new Set(chain);
    chain.clear();
    chain.add(id);
    walk(id, (at) => downstream.get(at) ?? []);
    for (const other of up) chain.add(other);
    chainCache = { id, layout: l, chain };
    return chain;
  }

  function select(id: string | undefined): void {
    if (selected === id) return;
    selected = id;
    scroller.querySelectorAll('g.hs-selected').forEach((element) => element.classList.remove('hs-selected'));
    if (id !== undefined) scroller.querySelector(`g[data-handoff="${CSS.escape(id)}"]`)?.classList.add('hs-selected');
    if (!showsAllArrows()) redrawArrows();
  }

  function drawArrows(layer: SVGGElement, shown: ScheduleView): void {
    const l = layout!;
    const criticalLinks = new Set<string>();
    for (let i = 1; i < shown.criticalPath.length; i++) criticalLinks.add(`${shown.criticalPath[i - 1]}\u0000${shown.criticalPath[i]}`);
    const all = showsAllArrows();
    const chain = !all && selected !== undefined && l.bars.has(selected) ? chainOf(selected) : undefined;
    if (!all && !chain) return;
    const area = all ? drawnWindow : undefined;
    const inArea = (bar: Bar) => !area || (bar.y <= area.bottom && bar.y + ROW_HEIGHT >= area.top && x(bar.start) <= area.right && x(bar.ready + 1) >= area.left);
    for (const bar of l.bars.values()) {
      if (chain && !chain.has(bar.handoff.id)) continue;
      if (bar.lane.collapsed) continue;
      for (const upstreamId of bar.handoff.dependsOn) {
        const upstream = l.bars.get(upstreamId);
        if (!upstream || upstream === bar || upstream.lane.collapsed) continue;
        if (chain && !chain.has(upstreamId)) continue;
        if (!inArea(bar) && !inArea(upstream)) continue;
        const x1 = x(upstream.ready + 1);
        const y1 = upstream.y + BAR_TOP + BAR_HEIGHT / 2;
        const x2 = x(bar.start);
        const y2 = bar.y + BAR_TOP + BAR_HEIGHT / 2;
        const conflict = bar.start <= upstream.ready;
        const critical = criticalLinks.has(`${upstreamId}\u0000${bar.handoff.id}`);
        const kind = conflict ? 'conflict' : critical ? 'critical' : '';
        svg('path', {
          class: `hs-arrow${kind ? ` hs-${kind}` : ''}`,
          d: arrowPath(x1, y1, x2, y2),
          'marker-end': `url(#${ids}arrow${kind ? `-${kind}` : ''})`,
          'data-from': upstreamId,
          'data-to': bar.handoff.id,
        }, layer);
      }
    }
  }

  function drawBar(bar: Bar, shown: ScheduleView, draggedTo?: { start: number; due: number }): SVGGElement {
    const h = bar.handoff;
    const start = draggedTo?.start ?? bar.start;
    const due = draggedTo?.due ?? bar.due;
    // Dragged or dropped: its review buffer after the new due date, as the drag draws it, until the server's schedule comes.
    const ready = draggedTo || moves.has(h.id) ? readyOf(departmentCalendar(h.to), due, h.bufferDays) : bar.ready;
    const conflict = (h.conflict?.length ?? 0) > 0;
    const classes = ['hs-handoff'];
    if (h.critical) classes.push('hs-critical');
    if (conflict) classes.push('hs-conflict');
    if (h.overrun) classes.push('hs-overrun');
    if (h.status) classes.push(`hs-status-${h.status.replace(/[^a-z_]/g, '')}`);
    if (moves.has(h.id)) classes.push('hs-moved');
    if (draggedTo) classes.push('hs-dragging');
    const group = svg('g', {
      class: classes.join(' '),
      'data-handoff': h.id,
      'data-lane': bar.lane.department.id,
      'data-start': formatDate(start),
      'data-due': formatDate(due),
      'data-ready': formatDate(ready),
      tabindex: 0,
      role: 'button',
      'aria-label': ariaLabelOf(h),
    });
    tooltip(group, tooltipOf(h, shown));

    const left = x(start);
    const workRight = x(due + 1);
    const readyRight = x(ready + 1);
    const barY = bar.y + BAR_TOP;
    if (h.critical) {
      svg('rect', { class: 'hs-critical-outline', x: left - 2.5, y: barY - 2.5, width: readyRight - left + 5, height: BAR_HEIGHT + 5, rx: 4 }, group);
    }
    if (readyRight > workRight) {
      svg('rect', { class: 'hs-buffer', x: workRight, y: barY, width: readyRight - workRight, height: BAR_HEIGHT, fill: `url(#${ids}hatch${bar.lane.index})` }, group);
    }
    svg('rect', { class: 'hs-work', x: left, y: barY, width: Math.max(workRight - left, 2), height: BAR_HEIGHT, rx: 2 }, group);
    for (const c of h.conflict ?? []) {
      // The days it starts too early, in red.
      const early = parseDate(c.earliestStart);
      if (early === undefined) continue;
      const right = Math.min(x(early), workRight);
      if (right > left) svg('rect', { class: 'hs-conflict-span', x: left, y: barY, width: right - left, height: BAR_HEIGHT }, group);
    }
    if (h.overrun) {
      const milestone = layout!.milestones.find((m) => m.milestone.id === h.overrun!.milestone);
      if (milestone) {
        const from = Math.max(x(milestone.day + 1), left);
        if (readyRight > from) svg('rect', { class: 'hs-overrun-span', x: from, y: barY, width: readyRight - from, height: BAR_HEIGHT }, group);
      }
    }
    if (conflict || h.overrun) {
      svg('rect', { class: 'hs-problem-outline', x: left - 1.5, y: barY - 1.5, width: readyRight - left + 3, height: BAR_HEIGHT + 3, rx: 3 }, group);
    }
    if (editable()) {
      svg('rect', { class: 'hs-grip hs-grip-start', 'data-grip': 'start', x: left - 3, y: barY, width: 6, height: BAR_HEIGHT }, group);
      svg('rect', { class: 'hs-grip hs-grip-due', 'data-grip': 'due', x: workRight - 3, y: barY, width: 6, height: BAR_HEIGHT }, group);
    }

    const text = svg('text', { class: 'hs-label', x: left, y: bar.y + LABEL_BASELINE }, group);
    if (!draggedTo) stickyLabels.push({ text, left, right: readyRight, width: bar.labelWidth, x: left, handoff: h.id });
    for (const part of labelParts(h)) {
      const span = svg('tspan', { class: part.className }, text);
      span.textContent = part.text;
    }
    if (draggedTo) {
      const hint = svg('text', { class: 'hs-drag-hint', x: left, y: barY + BAR_HEIGHT + 12 }, group);
      hint.textContent = `${shortDate(start)} → ${shortDate(due)}, ready ${shortDate(ready)}`;
    }
    return group;
  }

  /** The calendar a department works by (its lane's), the production's for one without a lane. */
  function departmentCalendar(id: string | undefined): WorkCalendar {
    return layout?.lanes.find((lane) => lane.id === id)?.calendar ?? calendar;
  }

  function reveals(element: SVGElement, source: SourceRef | undefined, label: string): void {
    element.setAttribute('aria-label', label);
    if (!source || !options.onReveal) return;
    element.setAttribute('tabindex', '0');
    element.setAttribute('role', 'button');
    element.classList.add('hs-revealable');
  }

  /**
   * Changes the zoom keeping one day where it is on screen: the day under the
   * pointer (Ctrl+wheel), else the start of the selected bar when it is in
   * view (the bar just clicked), else the middle of the view.
   */
  function setZoom(level: Zoom, anchorX?: number): void {
    if (level === zoom || !layout) return;
    const visible = Math.max(0, scroller.clientWidth - labelWidth);
    let offset = anchorX ?? visible / 2;
    const bar = selected === undefined ? undefined : layout.bars.get(selected);
    if (anchorX === undefined && bar) {
      const barOffset = x(bar.start) - scroller.scrollLeft;
      if (barOffset >= 0 && barOffset <= visible) offset = barOffset;
    }
    const anchorDay = layout.first + (scroller.scrollLeft + offset) / layout.px;
    zoom = level;
    draw();
    scroller.scrollLeft = Math.max(0, (anchorDay - layout.first) * layout.px - offset);
    if (windowed()) drawVisible();
    placeMinimapWindow();
    emitState();
  }

  function onWheel(event: WheelEvent): void {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    const index = ZOOMS.indexOf(zoom);
    // Wheel up zooms in (towards days), down zooms out.
    const next = ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, index + (event.deltaY < 0 ? -1 : 1)))];
    const box = scroller.getBoundingClientRect();
    setZoom(next, Math.max(0, event.clientX - box.left - labelWidth));
  }

  function emitState(place?: ScrollPlace): void {
    if (!options.onState) return;
    options.onState({
      zoom,
      scrollLeft: Math.round(place?.scrollLeft ?? scroller.scrollLeft),
      scrollTop: Math.round(place?.scrollTop ?? scroller.scrollTop),
      ...(collapsed.size > 0 ? { collapsed: [...collapsed] } : {}),
      ...(labelsFolded ? { labelsFolded } : {}),
      ...(Object.keys(filter).length > 0 ? { filter } : {}),
      production: current.production.id,
    });
  }

  /** Where the scroller is and how big, read in one go (a layout read): before any write of the frame, it costs no forced layout. */
  function scrollPlace(): ScrollPlace {
    return {
      scrollLeft: scroller.scrollLeft,
      scrollTop: scroller.scrollTop,
      clientWidth: scroller.clientWidth,
      clientHeight: scroller.clientHeight,
      minimapWidth: minimap.clientWidth,
    };
  }

  /**
   * At most once an animation frame: all layout is read first, then the
   * window, the sticky labels and the overview are written, so that the
   * browser lays the page out once, after the frame, not once per read.
   */
  function onScroll(): void {
    if (stateFrame) return;
    stateFrame = requestAnimationFrame(() => {
      stateFrame = 0;
      const place = scrollPlace();
      if (!drawIfScrolledAway(place)) placeLabels(place.scrollLeft);
      placeMinimapWindow(place);
      emitState(place);
    });
  }

  /** Keeps the name of a bar that starts left of the view at the view's left edge, as long as the bar shows. */
  function placeLabels(scrollLeft = scroller.scrollLeft): void {
    const visibleLeft = scrollLeft + 4;
    for (const label of stickyLabels) {
      const x = Math.max(label.left, Math.min(visibleLeft, label.right - label.width));
      if (x !== label.x) {
        label.x = x;
        label.text.setAttribute('x', String(x));
      }
    }
  }

  function handoffAt(target: EventTarget | null): { element: SVGGElement; bar: Bar } | undefined {
    const element = target instanceof Element ? target.closest<SVGGElement>('g[data-handoff]') : null;
    const bar = element ? layout?.bars.get(element.dataset.handoff ?? '') : undefined;
    return element && bar ? { element, bar } : undefined;
  }

  function sourceAt(target: EventTarget | null): SourceRef | undefined {
    const hit = handoffAt(target);
    if (hit) return hit.bar.handoff.source;
    const milestone = target instanceof Element ? target.closest<SVGGElement>('g[data-milestone]') : null;
    return milestone ? current.milestones.find((m) => m.id === milestone.dataset.milestone)?.source : undefined;
  }

  function onClick(event: MouseEvent): void {
    if (swallowClick) {
      swallowClick = false;
      return;
    }
    activate(event.target);
  }

  /** A click on a bar or milestone: select the bar, reveal its YAML. */
  function activate(target: EventTarget | null): void {
    const hit = handoffAt(target);
    if (hit) select(hit.bar.handoff.id);
    const source = sourceAt(target);
    if (source && options.onReveal) options.onReveal(source);
  }

  /** A selector that finds the bar or milestone of `target` again in any drawing of the chart. */
  function itemSelector(target: Element): string | undefined {
    const bar = target.closest<SVGGElement>('g[data-handoff]');
    if (bar) return `g[data-handoff="${CSS.escape(bar.dataset.handoff ?? '')}"]`;
    const milestone = target.closest<SVGGElement>('g[data-milestone]');
    return milestone ? `g[data-milestone="${CSS.escape(milestone.dataset.milestone ?? '')}"]` : undefined;
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && drag) {
      cancelDrag();
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      const source = sourceAt(event.target);
      if (source && options.onReveal) {
        event.preventDefault();
        options.onReveal(source);
      }
      return;
    }
    // Alt+←/→ moves the focused bar by a working day: dragging without a mouse.
    if (event.altKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight') && editable()) {
      const hit = handoffAt(event.target);
      if (!hit) return;
      event.preventDefault();
      const step = event.key === 'ArrowRight' ? 1 : -1;
      const { start, due } = hit.bar;
      // Work counts in the sending department's calendar: its lane's.
      const working = hit.bar.lane.calendar;
      const newStart = working.addWorkingDays(working.onOrAfter(start), step);
      drop(hit.bar.handoff.id, 'move', { start: newStart, due: keepWork(working, start, due, newStart) });
      focusBar(hit.bar.handoff.id);
    }
  }

  function onPointerDown(event: PointerEvent): void {
    swallowClick = false;
    presses.down(event);
    if (!editable() || event.button !== 0) return;
    const hit = handoffAt(event.target);
    if (!hit || !(event.target instanceof Element)) return;
    // The ends resize, the body moves; the label above the bar is for clicking only.
    const grip = event.target.closest('[data-grip]')?.getAttribute('data-grip');
    const mode: DragMode = grip === 'start' ? 'start' : grip === 'due' ? 'due' : 'move';
    if (mode === 'move' && !event.target.closest('.hs-work, .hs-buffer, .hs-conflict-span, .hs-overrun-span')) return;
    drag = { id: hit.bar.handoff.id, mode, pointerId: event.pointerId, originX: event.clientX, moved: false };
  }

  function onPointerMove(event: PointerEvent): void {
    if (!drag || event.pointerId !== drag.pointerId || !layout) return;
    const dx = event.clientX - drag.originX;
    if (!drag.moved) {
      if (Math.abs(dx) < DRAG_THRESHOLD) return;
      // Captured only once it is a drag, so that a plain click still lands on the bar.
      drag.moved = true;
      scroller.setPointerCapture(event.pointerId);
    }
    const bar = layout.bars.get(drag.id);
    if (!bar) return;
    drag.dates = draggedDates(bar.lane.calendar, bar, drag.mode, Math.round(dx / layout.px));
    const old = scroller.querySelector(`g[data-handoff="${CSS.escape(drag.id)}"]`);
    if (old) {
      const dragged = drawBar(bar, effectiveModel(), drag.dates);
      old.replaceWith(dragged);
      drawnBars.set(drag.id, dragged);
    }
  }

  function onPointerUp(event: PointerEvent): void {
    const lost = presses.lostClick(event);
    if (lost && !drag?.moved) activate(lost);
    if (!drag || event.pointerId !== drag.pointerId) return;
    const finished = drag;
    drag = undefined;
    if (scroller.hasPointerCapture(event.pointerId)) scroller.releasePointerCapture(event.pointerId);
    if (!finished.moved) return;
    swallowClick = true;
    const bar = layout?.bars.get(finished.id);
    if (!bar || !finished.dates || (finished.dates.start === bar.start && finished.dates.due === bar.due)) {
      draw();
      return;
    }
    drop(finished.id, finished.mode, finished.dates);
  }

  function cancelDrag(): void {
    if (!drag) return;
    if (scroller.hasPointerCapture(drag.pointerId)) scroller.releasePointerCapture(drag.pointerId);
    drag = undefined;
    draw();
  }

  /** Shows the bar at its new dates at once and tells the host, which writes the YAML and sends the new model. */
  function drop(id: string, mode: DragMode, dates: { start: number; due: number }): void {
    moves.set(id, dates);
    draw();
    const moved: MovedDates = {};
    if (mode !== 'due') moved.start = formatDate(dates.start);
    if (mode !== 'start') moved.due = formatDate(dates.due);
    options.onMove?.(id, moved);
  }

  function focusBar(id: string): SVGGElement | undefined {
    const element = scroller.querySelector<SVGGElement>(`g[data-handoff="${CSS.escape(id)}"]`) ?? undefined;
    element?.focus({ preventScroll: true });
    return element;
  }

  const api: TimelineView = {
    update(next) {
      // Another production (the panel follows the file being edited): its own dates, not the last one's place.
      const another = next.production.id !== current.production.id;
      current = next;
      calendar = calendarOf(next);
      moves.clear();
      drag = undefined;
      draw();
      if (another) {
        openOnToday();
        if (windowed()) drawVisible();
        placeMinimapWindow();
        emitState();
      }
    },
    preview(next) {
      // Only while the drop it answers is still shown: a newer model (or a drag under way) wins.
      if (moves.size === 0 || drag) return;
      api.update(next);
    },
    focus(id) {
      let bar = layout?.bars.get(id);
      if ((!bar || bar.lane.collapsed) && current.handoffs.some((h) => h.id === id)) {
        // Hidden by the filter or a collapsed lane: show it.
        const handoff = current.handoffs.find((h) => h.id === id)!;
        if (!matches(handoff, filter)) filter = {};
        for (const lane of laneIdsOf(handoff)) if (lane !== undefined) collapsed.delete(lane);
        draw();
        bar = layout?.bars.get(id);
      }
      if (!bar || !layout) return false;
      const visibleWidth = Math.max(0, scroller.clientWidth - labelWidth);
      const visibleHeight = Math.max(0, scroller.clientHeight - layout.headerHeight);
      scroller.scrollLeft = Math.max(0, x(bar.start) - visibleWidth / 3);
      scroller.scrollTop = Math.max(0, bar.y - visibleHeight / 2);
      if (windowed()) drawVisible();
      placeMinimapWindow();
      select(id);
      const element = focusBar(id);
      if (element) {
        element.classList.remove('hs-flash');
        // Restart the animation when the same bar is focused twice.
        void element.getBoundingClientRect();
        element.classList.add('hs-flash');
        element.addEventListener('animationend', () => element.classList.remove('hs-flash'), { once: true });
      }
      emitState();
      return element !== undefined;
    },
    destroy() {
      if (stateFrame) cancelAnimationFrame(stateFrame);
      keysFrom.removeEventListener('keydown', onUndoKey);
      view.remove();
    },
  };
  return api;
}

/**
 * Makes `children` the children of `parent`, in that order, moving or adding
 * only what is not already in place (the elements that stay are not touched,
 * so they keep their focus and their painted layers).
 */
function arrange(parent: Element, children: readonly Element[]): void {
  const keep = new Set<Element>(children);
  for (const child of Array.from(parent.children)) if (!keep.has(child)) child.remove();
  let cursor = parent.firstElementChild;
  for (const child of children) {
    if (child === cursor) cursor = cursor.nextElementSibling;
    else parent.insertBefore(child, cursor);
  }
}

/** Whether a handoff passes the filter. */
export function matches(h: ScheduleViewHandoff, filter: TimelineFilter): boolean {
  if (filter.department !== undefined && h.lane !== filter.department) return false;
  if (filter.unit !== undefined && h.unit?.id !== filter.unit && !(h.parents ?? []).some((unit) => unit.id === filter.unit)) return false;
  if (filter.status !== undefined && (h.status ?? 'planned') !== filter.status) return false;
  if (filter.late && !h.late) return false;
  if (filter.critical && !h.critical) return false;
  if (filter.text !== undefined) {
    const text = filter.text.toLowerCase();
    if (!h.id.toLowerCase().includes(text) && !(h.title ?? '').toLowerCase().includes(text)) return false;
  }
  return true;
}

function filtered(model: ScheduleView, filter: TimelineFilter): ScheduleView {
  if (Object.keys(filter).length === 0) return model;
  return { ...model, handoffs: model.handoffs.filter((h) => matches(h, filter)) };
}

/** The handoff a search names: the id itself, else the first whose id, then title, holds the text. */
export function findHandoff(model: ScheduleView, query: string): string | undefined {
  const text = query.trim().toLowerCase();
  if (!text) return undefined;
  return (
    model.handoffs.find((h) => h.id.toLowerCase() === text) ??
    model.handoffs.find((h) => h.id.toLowerCase().includes(text)) ??
    model.handoffs.find((h) => (h.title ?? '').toLowerCase().includes(text))
  )?.id;
}

// ---- layout -----------------------------------------------------------------

function layoutOf(model: ScheduleView, px: number, measure: (text: string) => number, collapsed: ReadonlySet<string>, production: WorkCalendar): Layout {
  const laneOf = new Map<string, Lane>();
  const newLane = (department: ScheduleViewDepartment, index: number, color: string, calendar: WorkCalendar): Lane => ({
    id: department.id, department, hidden: false, total: 0, index, color, calendar, y: 0, height: 0, bars: [], collapsed: collapsed.has(department.id),
  });
  const lanes: Lane[] = model.departments.map((department, index) => {
    const lane = newLane(department, index, safeColor(department.color) ?? PALETTE[index % PALETTE.length], department.calendar ? calendarFrom(department.calendar) : production);
    laneOf.set(department.id, lane);
    return lane;
  });
  /** Unit sub-lanes by their id, and each department lane's in the order first met. */
  const unitLanes = new Map<string, Lane>();
  const unitLanesOf = new Map<Lane, Lane[]>();

  const bars = new Map<string, Bar>();
  const unscheduled: ScheduleViewHandoff[] = [];
  // A schedule has a few hundred distinct dates for tens of thousands of handoffs: each is parsed once.
  const days = new Map<string, number | undefined>();
  const dayOf = (date: string | undefined): number | undefined => {
    if (date === undefined) return undefined;
    if (days.has(date)) return days.get(date);
    const day = parseDate(date);
    days.set(date, day);
    return day;
  };
  let low: number | undefined;
  let high: number | undefined;
  const widen = (day: number | undefined): void => {
    if (day === undefined) return;
    if (low === undefined || day < low) low = day;
    if (high === undefined || day > high) high = day;
  };
  for (const handoff of model.handoffs) {
    const due = dayOf(handoff.due);
    let lane = laneOf.get(handoff.lane);
    if (!lane) {
      // A lane the department list lacks (an older model): add it at the end.
      lane = newLane({ id: handoff.lane, synthetic: true }, lanes.length, PALETTE[lanes.length % PALETTE.length], production);
      lanes.push(lane);
      laneOf.set(handoff.lane, lane);
    }
    if (due === undefined || bars.has(handoff.id)) {
      if (due === undefined) unscheduled.push(handoff);
      continue;
    }
    const unitLaneId = laneIdsOf(handoff)[1];
    if (unitLaneId !== undefined) {
      const departmentLane = lane;
      let unitLane = unitLanes.get(unitLaneId);
      if (!unitLane) {
        unitLane = { ...newLane(departmentLane.department, departmentLane.index, departmentLane.color, departmentLane.calendar), id: unitLaneId, units: handoff.parents, parentLane: departmentLane, bars: [] };
        unitLane.collapsed = collapsed.has(unitLaneId);
        unitLanes.set(unitLaneId, unitLane);
        let list = unitLanesOf.get(departmentLane);
        if (!list) unitLanesOf.set(departmentLane, (list = []));
        list.push(unitLane);
      }
      departmentLane.total++;
      lane = unitLane;
    }
    const startDay = dayOf(handoff.start);
    const start = startDay === undefined ? due : Math.min(startDay, due);
    const readyDay = dayOf(handoff.ready);
    const ready = readyDay === undefined ? due : Math.max(readyDay, due);
    widen(start);
    widen(ready);
    const label = labelParts(handoff).map((part) => part.text).join('');
    const bar: Bar = { handoff, start, due, ready, lane, row: 0, y: 0, label, labelWidth: measure(label) };
    bars.set(handoff.id, bar);
    lane.bars.push(bar);
    lane.total++;
  }
  // Each department's unit sub-lanes follow it, in unit order (ep101 before ep102); a collapsed department hides them.
  if (unitLanes.size > 0) {
    const nested: Lane[] = [];
    for (const lane of lanes) {
      nested.push(lane);
      const subLanes = (unitLanesOf.get(lane) ?? []).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      for (const unitLane of subLanes) {
        unitLane.hidden = lane.collapsed;
        if (lane.collapsed) unitLane.collapsed = true;
        nested.push(unitLane);
      }
    }
    lanes.splice(0, lanes.length, ...nested);
  }

  const milestoneDays: { milestone: ScheduleViewMilestone; day: number }[] = [];
  for (const milestone of model.milestones) {
    const day = milestone.date === undefined ? undefined : parseDate(milestone.date);
    if (day === undefined) continue;
    widen(day);
    milestoneDays.push({ milestone, day });
  }
  const todayDay = parseDate(model.today);
  if (low === undefined || high === undefined) {
    low = high = todayDay ?? Math.floor(Date.now() / 86_400_000);
  }
  // Today widens the range only when it is near the schedule.
  if (todayDay !== undefined && todayDay >= low - 30 && todayDay <= high + 30) widen(todayDay);

  const first = mondayOnOrBefore(low - 3);
  // Room on the right for the last labels, at this zoom.
  let last = high + 3;
  for (const bar of bars.values()) last = Math.max(last, bar.start + Math.ceil(bar.labelWidth / px) + 1);
  // Milestone labels are bold: a tenth wider than measured.
  for (const { milestone, day } of milestoneDays) last = Math.max(last, day + 1 + Math.ceil((measure(milestone.title ?? milestone.id) * 1.1 + 24) / px));
  const x = (day: number): number => (day - first) * px;
  const width = (last - first + 1) * px;

  // Milestone labels and the today tag: a further line when one would run into the one before.
  const today = todayDay !== undefined && todayDay >= first && todayDay <= last ? todayDay : undefined;
  const tags: { milestone?: ScheduleViewMilestone; day: number; left: number; right: number }[] = milestoneDays.map(({ milestone, day }) => ({ milestone, day, left: x(day + 1) - 7, right: x(day + 1) + 9 + measure(milestone.title ?? milestone.id) * 1.1 + 8 }));
  if (today !== undefined) tags.push({ day: today, left: x(today), right: x(today) + px / 2 + 4 + measure('today') + 8 });
  tags.sort((a, b) => a.left - b.left);
  const lineEnds: number[] = [];
  const milestones: Layout['milestones'] = [];
  let todayLine = 0;
  for (const tag of tags) {
    let line = lineEnds.findIndex((end) => end <= tag.left);
    if (line < 0) line = lineEnds.length;
    lineEnds[line] = tag.right;
    if (tag.milestone) milestones.push({ milestone: tag.milestone, day: tag.day, line });
    else todayLine = line;
  }
  const headerHeight = MONTH_ROW + TICK_ROW + Math.max(1, lineEnds.length) * MILESTONE_LINE + 8;

  // Rows: the first row whose last bar (and its label) ends before this one starts.
  let y = 0;
  for (const lane of lanes) {
    lane.y = y;
    if (lane.collapsed) {
      for (const bar of lane.bars) bar.y = y;
      lane.height = lane.hidden ? 0 : EMPTY_LANE_HEIGHT;
      y += lane.height;
      continue;
    }
    const ordered = [...lane.bars].sort((a, b) => a.start - b.start || a.due - b.due);
    const packed = packRows(ordered.map((bar) => {
      const left = x(bar.start);
      return { left, right: Math.max(x(bar.ready + 1), left + bar.labelWidth) + ROW_GAP };
    }));
    ordered.forEach((bar, i) => {
      bar.row = packed.rows[i];
      bar.y = y + LANE_PADDING_TOP + bar.row * ROW_HEIGHT;
    });
    lane.height = packed.count === 0 ? EMPTY_LANE_HEIGHT : LANE_PADDING_TOP + packed.count * ROW_HEIGHT + LANE_PADDING_BOTTOM;
    y += lane.height;
  }

  return {
    first,
    last,
    px,
    width,
    height: Math.max(y, 40),
    headerHeight,
    lanes,
    bars,
    unscheduled,
    milestones,
    today,
    todayLine,
  };
}

/**
 * The lanes a handoff is drawn in: its department's, and (when it belongs to
 * a unit with parents) the unit sub-lane of those parents, e.g. `comp/ep101/sq010`.
 */
function laneIdsOf(handoff: ScheduleViewHandoff): [string, string?] {
  const parents = handoff.parents ?? [];
  return parents.length === 0 ? [handoff.lane] : [handoff.lane, `${handoff.lane}/${parents.map((unit) => unit.id).join('/')}`];
}

/** `ep101 Pilot › sq010 Harbour`. */
function unitPathName(units: readonly ScheduleViewUnit[]): string {
  return units.map((unit) => (unit.title ? `${unit.id} ${unit.title}` : unit.id)).join(' › ');
}

/**
 * From an upstream's ready end to a dependant's start: an S-curve, or, when
 * the dependant starts before the upstream is ready, a path that doubles back
 * above or below the bar; either way it arrives from the left, so the
 * arrowhead points at the start.
 */
function arrowPath(x1: number, y1: number, x2: number, y2: number): string {
  const n = (value: number): string => String(Math.round(value * 10) / 10);
  const dx = x2 - x1;
  if (dx >= 0) {
    const c = Math.max(10, Math.min(40, dx / 2));
    return `M${n(x1)} ${n(y1)}C${n(x1 + c)} ${n(y1)} ${n(x2 - c)} ${n(y2)} ${n(x2)} ${n(y2)}`;
  }
  const detour = y2 >= y1 ? y2 - (BAR_HEIGHT / 2 + 5) : y2 + BAR_HEIGHT / 2 + 5;
  return `M${n(x1)} ${n(y1)}L${n(x1 + 6)} ${n(y1)}L${n(x1 + 6)} ${n(detour)}L${n(x2 - 8)} ${n(detour)}L${n(x2 - 8)} ${n(y2)}L${n(x2)} ${n(y2)}`;
}

function mondayOnOrBefore(day: number): number {
  const weekday = (((day + 3) % 7) + 7) % 7;
  return day - weekday;
}

// ---- dates ------------------------------------------------------------------

/** The production's working-day calendar, as the schedule engine uses it. */
function calendarOf(model: ScheduleView): WorkCalendar {
  return calendarFrom(model.calendar);
}

/** A calendar of the view (workdays and the days off in the view's range) as working-day arithmetic. */
function calendarFrom(view: ScheduleViewCalendar): WorkCalendar {
  const workdays = view.workdays.filter((day): day is Weekday => (WEEKDAYS as readonly string[]).includes(day));
  const holidays = view.holidays.flatMap((holiday) => {
    const day = parseDate(holiday);
    return day === undefined ? [] : [day];
  });
  return new WorkCalendar(workdays.length > 0 ? workdays : undefined, holidays);
}

function readyOf(calendar: WorkCalendar, due: number, bufferDays: number): number {
  return bufferDays > 0 ? calendar.addWorkingDays(due, bufferDays) : due;
}

/** The due date that keeps the same number of working days of work from a new start. */
function keepWork(calendar: WorkCalendar, start: number, due: number, newStart: number): number {
  const work = calendar.countWorkingDaysInclusive(start, due);
  return work <= 1 ? newStart : calendar.addWorkingDays(newStart, work - 1);
}

/**
 * Where a drag by `delta` calendar days puts a bar, snapped to working days:
 * a date landing on a weekend or holiday moves on to the next working day.
 * Moving the body keeps the work's length in working days; moving an end
 * never lets it cross the other.
 */
export function draggedDates(calendar: WorkCalendar, bar: { start: number; due: number }, mode: DragMode, delta: number): { start: number; due: number } {
  if (mode === 'start') return { start: Math.min(calendar.onOrAfter(bar.start + delta), bar.due), due: bar.due };
  if (mode === 'due') return { start: bar.start, due: Math.max(calendar.onOrAfter(bar.due + delta), bar.start) };
  const start = calendar.onOrAfter(bar.start + delta);
  return { start, due: keepWork(calendar, bar.start, bar.due, start) };
}

/**
 * The model with dropped bars at the dates they were dropped at, as the drag
 * drew them, until the server's schedule with the move comes: what follows
 * from the move (ready dates, conflicts, overruns) is the server's to say.
 */
function withDropped(model: ScheduleView, moves: ReadonlyMap<string, { start: number; due: number }>): ScheduleView {
  const handoffs = model.handoffs.map((h) => {
    const dates = moves.get(h.id);
    return dates ? { ...h, start: formatDate(dates.start), due: formatDate(dates.due) } : h;
  });
  return { ...model, handoffs };
}

function shortDate(day: number): string {
  const date = new Date(day * 86_400_000);
  return `${weekdayName(day).slice(0, 3)} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
}


function days(n: number): string {
  return `${n} working day${n === 1 || n === -1 ? '' : 's'}`;
}

// ---- text -------------------------------------------------------------------

/** The text above a bar: status mark, id, risk mark and what is wrong. */
function labelParts(h: ScheduleViewHandoff): { text: string; className: string }[] {
  const parts: { text: string; className: string }[] = [];
  const status = h.status === undefined ? undefined : STATUS_MARKS[h.status];
  if (status) parts.push({ text: `${status.glyph} `, className: `hs-status-mark ${status.className}` });
  parts.push({ text: h.id, className: 'hs-id' });
  if (h.riskLevel === 'high' || h.riskLevel === 'critical') parts.push({ text: ` ▲${h.riskLevel}`, className: `hs-risk hs-risk-${h.riskLevel}` });
  const early = Math.max(0, ...(h.conflict ?? []).map((c) => c.missingWorkingDays));
  if (h.conflict && h.conflict.length > 0) parts.push({ text: ` ⚠ ${early}d early`, className: 'hs-problem' });
  if (h.overrun) parts.push({ text: ` ⚠ ${h.overrun.lateWorkingDays}d late`, className: 'hs-problem' });
  return parts;
}

/**
 * What a screen reader says on a bar: `id: title, start to due, ready date`,
 * `critical path` when it is on it, then what is wrong. Status, risk and
 * slack are in its description (the tooltip).
 */
export function ariaLabelOf(h: ScheduleViewHandoff): string {
  let label = h.title ? `${h.id}: ${h.title}` : h.id;
  if (h.start && h.due) label += `, ${h.start} to ${h.due}`;
  else if (h.due) label += `, due ${h.due}`;
  if (h.ready) label += `, ready ${h.ready}`;
  if (h.critical) label += ', critical path';
  for (const c of h.conflict ?? []) label += `, starts ${days(c.missingWorkingDays)} before ${c.upstream} is ready`;
  if (h.overrun) label += `, ready ${days(h.overrun.lateWorkingDays)} after ${h.overrun.milestone}`;
  return label;
}

function tooltipOf(h: ScheduleViewHandoff, model: ScheduleView): string[] {
  const lines = [h.title ? `${h.title} (${h.id})` : h.id];
  lines.push(`${h.from ?? '?'} → ${h.to ?? '?'}`);
  if (h.start && h.due) lines.push(`work ${h.start} → ${h.due}${h.workDays !== undefined ? ` (${days(h.workDays)})` : ''}`);
  else if (h.due) lines.push(`due ${h.due}`);
  if (h.ready) lines.push(`ready ${h.ready}${h.bufferDays > 0 ? ` after ${days(h.bufferDays)} of review` : ''}`);
  const slack = h.slack === undefined ? undefined : `slack ${days(h.slack)}`;
  lines.push([slack, h.critical ? 'critical path' : undefined].filter(Boolean).join(' · ') || 'no slack computed');
  lines.push([`status ${h.status ?? 'not set'}`, h.riskLevel ? `risk ${h.riskLevel}` : undefined].filter(Boolean).join(' · '));
  if (h.feeds) {
    const milestone = model.milestones.find((m) => m.id === h.feeds);
    lines.push(`feeds ${h.feeds}${milestone?.date ? ` (${milestone.date})` : ''}`);
  }
  for (const c of h.conflict ?? []) lines.push(`⚠ starts ${days(c.missingWorkingDays)} before ${c.upstream} is ready (earliest ${c.earliestStart})`);
  if (h.overrun) lines.push(`⚠ ready ${days(h.overrun.lateWorkingDays)} after ${h.overrun.milestone}`);
  return lines;
}

function summaryOf(model: ScheduleView): string {
  const conflicts = model.handoffs.filter((h) => (h.conflict?.length ?? 0) > 0).length;
  const overruns = model.handoffs.filter((h) => h.overrun).length;
  const parts = [`${model.handoffs.length} handoff${model.handoffs.length === 1 ? '' : 's'}`];
  if (model.criticalPath.length > 0) parts.push(`critical path ${model.criticalPath.length}`);
  if (conflicts > 0) parts.push(`${conflicts} conflict${conflicts === 1 ? '' : 's'}`);
  if (overruns > 0) parts.push(`${overruns} late for a milestone`);
  parts.push(`today ${model.today}`);
  return parts.join(' · ');
}

/** A key to the marks, drawn with the same classes as the chart. */
function legend(container: HTMLElement): void {
  const item = (label: string, draw: (icon: SVGSVGElement) => void): void => {
    const entry = html('span', 'hs-legend-item', container);
    const icon = svg('svg', { width: 22, height: 14, 'aria-hidden': 'true' }, entry);
    draw(icon);
    html('span', '', entry, label);
  };
  item('work', (icon) => svg('rect', { class: 'hs-legend-work', x: 1, y: 2, width: 20, height: 10, rx: 2 }, icon));
  item('review buffer', (icon) => svg('rect', { class: 'hs-legend-buffer', x: 1, y: 2, width: 20, height: 10 }, icon));
  item('critical path', (icon) => svg('rect', { class: 'hs-critical-outline', x: 2, y: 2, width: 18, height: 10, rx: 3 }, icon));
  item('conflict', (icon) => svg('rect', { class: 'hs-legend-conflict', x: 2, y: 2, width: 18, height: 10, rx: 2 }, icon));
  item('milestone', (icon) => svg('path', { class: 'hs-diamond', d: 'M11 1l6 6l-6 6l-6 -6z' }, icon));
  item('today', (icon) => svg('line', { class: 'hs-today-line', x1: 11, x2: 11, y1: 0, y2: 14 }, icon));
  // The status marks beside a handoff's id.
  for (const [status, label] of [['accepted', 'accepted'], ['in_progress', 'in progress'], ['submitted', 'submitted'], ['rejected', 'rejected'], ['blocked', 'blocked']] as const) {
    const mark = STATUS_MARKS[status];
    const entry = html('span', 'hs-legend-item hs-legend-status', container);
    html('span', `hs-status-mark ${mark.className}`, entry, mark.glyph);
    html('span', '', entry, label);
  }
}
