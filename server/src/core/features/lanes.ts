// The lane of handoffs without a known department, shared by the views and
// the reports (a module of its own so that neither imports the other).

/** The lane of handoffs whose `from` is missing or names no department of the production. */
export const UNKNOWN_DEPARTMENT_LANE = '(unknown)';
