// Plain data shared by every part of the analysis core. Positions are UTF-16
// offsets into a file's text (what JavaScript strings index); line/column and
// LSP ranges are made at the edges (CLI, language server).

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** Half-open [start, end) UTF-16 offsets into one file's text. */
export interface Span {
  start: number;
  end: number;
}

export interface Location {
  uri: string;
  span: Span;
}

export interface RelatedInfo {
  location: Location;
  message: string;
}

export interface TextEdit {
  uri: string;
  span: Span;
  newText: string;
}

/** A quick fix the editor can offer for a finding (did-you-mean, next working day, ...). */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Preferred fixes are applied by "fix all" and shown first. */
  preferred?: boolean;
}

/** What a rule reports; severity is decided afterwards from defaults and overrides. */
export interface Finding {
  rule: string;
  uri: string;
  span: Span;
  message: string;
  related?: RelatedInfo[];
  fixes?: Fix[];
  /** A finding about instances of one chain step: how many units it stands for (DESIGN §7.2). */
  instances?: { count: number; of: number; units: string[] };
}

export interface Diagnostic extends Finding {
  severity: Severity;
  /** Set when a `# handoff-disable-next-line <rule>: reason` comment silences it. */
  suppressed?: { reason: string };
}

export type FileKind = 'production' | 'glossary' | 'template' | 'handoff' | 'runbook' | 'risks' | 'journal' | 'breakdown';

export const FILE_KINDS: readonly FileKind[] = ['production', 'glossary', 'template', 'handoff', 'runbook', 'risks', 'journal', 'breakdown'];

/** Segments from the document root to a node: map keys and sequence indexes. */
export type NodePath = readonly (string | number)[];

/** Where a node sits in the text: its value, and the key that names it when it is a map value. */
export interface NodeSpans {
  key?: Span;
  value: Span;
}

export type SymbolKind =
  | 'production'
  | 'department'
  | 'calendar'
  | 'person'
  | 'milestone'
  | 'color-space'
  | 'format'
  | 'asset-type'
  | 'metadata'
  | 'naming-token'
  | 'template'
  | 'checklist-item'
  | 'handoff'
  | 'runbook'
  | 'step'
  | 'risk'
  | 'decision'
  | 'postmortem'
  | 'unit';

/** One definition of an id. */
export interface SymbolDef {
  kind: SymbolKind;
  id: string;
  uri: string;
  /** Span of the id's value node. */
  span: Span;
  /** Path of the entity (the map) that the id names. */
  path: NodePath;
  /** For ids that live inside another entity: the template of a checklist item, the runbook of a step. */
  scope?: string;
  /** One line a user recognises the thing by (a department's name, a handoff's due date). */
  detail?: string;
}

/** One use of an id. */
export interface Reference {
  kind: SymbolKind;
  id: string;
  uri: string;
  span: Span;
  path: NodePath;
  /** For scoped kinds: the scopes in which the id may be defined (any one will do). */
  scopes?: string[];
  /** Other kinds the id may name instead (a post-mortem action `updates` a template or a runbook). */
  orKinds?: SymbolKind[];
}
