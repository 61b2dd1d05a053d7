/** A property list that cannot be read: not well-formed, binary, or not a plist at all. */
import type { PlistFileRule } from './context';

export const plistMalformed: PlistFileRule = { id: 'plist.malformed', severity: 'error', summary: 'A property list that is not well-formed XML.', applies: 'plist-file', local: true };
export const plistBinary: PlistFileRule = { id: 'plist.binary', severity: 'warning', summary: 'A binary property list, which the checks cannot read.', applies: 'plist-file', local: true };
export const plistNotPlist: PlistFileRule = { id: 'plist.not-plist', severity: 'warning', summary: 'An XML file named like a property list whose root is not <plist>.', applies: 'plist-file', local: true };
