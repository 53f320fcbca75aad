// Functions about the add-in itself. One file per function group: its JSDoc is the single
// source of the group's metadata (scripts/build-addin.mjs reads every file in this folder).
import { ADDIN_VERSION } from '../build-info';

/**
 * Returns the version of the AR add-in that is running, to check which build a workbook is talking to.
 * @customfunction VERSION
 * @returns The add-in's build version, such as "0.1.0".
 */
export function version(): string {
  return ADDIN_VERSION;
}
