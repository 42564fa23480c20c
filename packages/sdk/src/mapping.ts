/**
 * @strata/sdk/mapping: the words a file's headers and units are read with, for an import screen
 * that guesses the table of a file and offers the units a money column may be in. Apart from the
 * main entry so that a page fetches them with its loader, not at start.
 */
export { guessTable } from './load/headers.ts';
export { ACCEPTED_UNITS, parseUnit, UNIT_LABELS } from './load/units.ts';
