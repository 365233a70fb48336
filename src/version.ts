/** The rcucheck version stamped into reports and traces (kept in step with package.json by a test). */
export const RCUCHECK_VERSION = '0.1.0';
