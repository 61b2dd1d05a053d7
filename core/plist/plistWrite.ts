/**
 * Plain values (strings, numbers, booleans, arrays, objects, as plainValue gives them) written back
 * as property-list XML, for fixes that replace a value. `indent` is the indentation of the line the
 * value starts on; nested lines get one tab more per level, as Xcode writes .entitlements files.
 */

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function plistValueXml(value: unknown, indent = ''): string {
  if (typeof value === 'boolean') return value ? '<true/>' : '<false/>';
  if (typeof value === 'number') return Number.isInteger(value) ? `<integer>${value}</integer>` : `<real>${value}</real>`;
  if (typeof value === 'string') return `<string>${escapeXml(value)}</string>`;
  const inner = `${indent}\t`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '<array/>';
    return `<array>\n${value.map((item) => `${inner}${plistValueXml(item, inner)}`).join('\n')}\n${indent}</array>`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '<dict/>';
    return `<dict>\n${entries.map(([key, item]) => `${inner}<key>${escapeXml(key)}</key>\n${inner}${plistValueXml(item, inner)}`).join('\n')}\n${indent}</dict>`;
  }
  return '<string></string>';
}
