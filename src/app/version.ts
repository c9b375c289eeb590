/** The running supervisor's version, reported in status replies. */
export const VERSION = '0.1.0';
