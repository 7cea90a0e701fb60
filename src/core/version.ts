/** The package version, recorded in run logs and announced by the doors. */
export const FTDOJO_VERSION = '0.1.0';
