/**
 * What the editor shows of a decoded descriptor, as plain data (the language server turns it into
 * LSP hovers, inlay hints, code lenses and document symbols): the item under a byte with the state
 * there, a decoded comment per line, each report's length, and the collection tree.
 */
import type { Span } from '../model/span';
import { reportBytes, type DecodedDescriptor, type DecodedItem } from './decode';
import { collectionTypeName, fieldShape, fieldUsages, itemLabel, reportName, reportSummary, usageText } from './describe';
import { isDecoded, type DecodedFound, type FoundDescriptor } from './descriptors';
import { unsignedValue } from './items';
import { byteSpan, bytesSpan } from './arrayBytes';

/** The descriptor whose initializer (or name) holds an offset. */
export function descriptorAt(found: readonly FoundDescriptor[], offset: number): FoundDescriptor | undefined {
  return found.find((d) => (offset >= d.array.initializer.start && offset <= d.array.initializer.end) || (offset >= d.array.nameSpan.start && offset <= d.array.nameSpan.end));
}

/** The index of the byte whose element holds an offset (the first such byte), or -1. */
export function byteAt(found: DecodedFound, offset: number): number {
  const { starts, ends } = found.bytes;
  let lo = 0;
  let hi = ends.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  // `lo` is the first byte whose element ends at or after the offset; step back to its element's first byte.
  if (lo >= ends.length || starts[lo] > offset) return -1;
  while (lo > 0 && starts[lo - 1] === starts[lo]) lo--;
  return lo;
}

/** The index of the decoded item that holds byte `byte`, or -1. */
export function itemAt(decoded: DecodedDescriptor, byte: number): number {
  const items = decoded.items;
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid].item;
    if (byte < item.index) hi = mid - 1;
    else if (byte >= item.index + Math.max(item.length, 1)) lo = mid + 1;
    else return mid;
  }
  return -1;
}

export interface HidHover {
  readonly markdown: string;
  readonly span: Span;
}

export function hidHover(found: readonly FoundDescriptor[], offset: number): HidHover | undefined {
  const descriptor = descriptorAt(found, offset);
  if (!descriptor) return undefined;
  const onName = offset >= descriptor.array.nameSpan.start && offset <= descriptor.array.nameSpan.end;
  if (!isDecoded(descriptor)) {
    if (!onName || !descriptor.unreadable) return undefined;
    return { markdown: `**HID report descriptor** \`${descriptor.array.name}\`\n\nNot decoded: ${descriptor.unreadable.reason}.`, span: descriptor.array.nameSpan };
  }
  if (onName) return { markdown: summaryMarkdown(descriptor), span: descriptor.array.nameSpan };
  const byte = byteAt(descriptor, offset);
  const index = byte < 0 ? -1 : itemAt(descriptor.decoded, byte);
  if (index < 0) return undefined;
  const item = descriptor.decoded.items[index].item;
  return { markdown: itemMarkdown(descriptor, index), span: bytesSpan(descriptor.bytes, item.index, item.length) };
}

function summaryMarkdown(found: DecodedFound): string {
  const decoded = found.decoded;
  const lines = [`**HID report descriptor** \`${found.array.name}\` · ${found.bytes.values.length} bytes, ${decoded.items.length} items`, ''];
  if (decoded.reports.length === 0) lines.push('No Input, Output or Feature report.');
  for (const report of decoded.reports) lines.push(`- ${reportName(report.direction, report.id)}: ${reportBytes(report, decoded.usesReportIds)} bytes (${report.bits} bits${decoded.usesReportIds ? ' + the Report ID byte' : ''})`);
  return lines.join('\n');
}

function itemMarkdown(found: DecodedFound, index: number): string {
  const decoded = found.decoded;
  const at = decoded.items[index];
  const item = at.item;
  const bytes = found.bytes.values.slice(item.index, item.index + item.length).map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
  const kind = item.type === 'long' ? 'long item' : `${item.type} item`;
  const lines = [`**${itemLabel(decoded, index)}** · ${kind} · \`${bytes}\``, ''];
  const path = collectionPath(decoded, index);
  if (path) lines.push(`In ${path}`, '');
  if (at.field) {
    const f = at.field;
    const usages = fieldUsages(f);
    const bits = f.bits === 0 ? 'no bits' : `bits ${f.bitOffset}–${f.bitOffset + f.bits - 1}`;
    lines.push(`${reportName(f.direction, f.reportId)}: ${fieldShape(f)}, ${bits}${usages ? ` · ${usages}` : ''}`, '');
  }
  lines.push(...stateTable(found, index));
  return lines.join('\n');
}

/** `Collection (Application) Keyboard › Collection (Physical) Pointer` around an item. */
function collectionPath(decoded: DecodedDescriptor, index: number): string {
  const open: number[] = [];
  for (let i = 0; i < index; i++) {
    const d = decoded.items[i];
    if (d.item.name === 'Collection') open.push(i);
    else if (d.item.name === 'End Collection' && d.closes !== undefined) open.splice(open.lastIndexOf(d.closes), 1);
  }
  return open.map((i) => collectionText(decoded.items[i])).join(' › ');
}

function collectionText(decoded: DecodedItem): string {
  const kind = collectionTypeName(unsignedValue(decoded.item));
  const usage = decoded.collection?.usage;
  return `${kind}${usage ? ` (${usageText(usage)})` : ''}`;
}

/** The global and local state after the item, as a small table. */
function stateTable(found: DecodedFound, index: number): string[] {
  const decoded = found.decoded;
  const at = decoded.items[index];
  const g = at.global;
  const rows: [string, string][] = [];
  const label = (i: number | undefined): string | undefined => (i === undefined ? undefined : itemLabel(decoded, i).replace(/^[^(]*\(|\)$/g, ''));
  if (g.usagePage !== undefined) rows.push(['Usage Page', label(indexOfGlobal(decoded, index, 'Usage Page')) ?? String(g.usagePage)]);
  if (g.logicalMinimum !== undefined || g.logicalMaximum !== undefined) rows.push(['Logical', `${label(g.logicalMinimum) ?? '?'} … ${label(g.logicalMaximum) ?? '?'}`]);
  if (g.physicalMinimum !== undefined || g.physicalMaximum !== undefined) rows.push(['Physical', `${label(g.physicalMinimum) ?? '?'} … ${label(g.physicalMaximum) ?? '?'}`]);
  if (g.reportSize !== undefined || g.reportCount !== undefined) rows.push(['Report Size × Count', `${g.reportSize ?? '?'} × ${g.reportCount ?? '?'}`]);
  if (g.reportId !== undefined) rows.push(['Report ID', String(g.reportId)]);
  if (g.unit !== undefined && g.unit !== 0) rows.push(['Unit', label(indexOfGlobal(decoded, index, 'Unit')) ?? String(g.unit)]);
  if (g.unitExponent !== undefined && g.unitExponent !== 0) rows.push(['Unit Exponent', String(g.unitExponent)]);
  const local = at.item.type === 'main' ? undefined : at.local;
  if (local && local.usages.length > 0) rows.push(['Usages so far', local.usages.map(usageText).join(', ')]);
  if (local?.usageMinimum) rows.push(['Usage Minimum', usageText(local.usageMinimum)]);
  if (local?.usageMaximum) rows.push(['Usage Maximum', usageText(local.usageMaximum)]);
  if (rows.length === 0) return [];
  return [at.item.type === 'main' ? '| State it used | |' : '| State after it | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`)];
}

/** The last item of a global kind at or before `index` (the one whose value is in force). */
function indexOfGlobal(decoded: DecodedDescriptor, index: number, name: string): number | undefined {
  for (let i = index; i >= 0; i--) if (decoded.items[i].item.name === name) return i;
  return undefined;
}

export interface HidLineHint {
  /** Where the hint goes: after the line's last element (and its comma). */
  readonly offset: number;
  /** Collection depth of the line's first item. */
  readonly depth: number;
  readonly label: string;
}

/**
 * One decoded comment per line of a descriptor: the items whose prefix byte is written on that line.
 * `lineOf` maps an offset to its line; only lines within [fromLine, toLine] are given.
 */
export function lineHints(found: DecodedFound, text: string, lineOf: (offset: number) => number, fromLine = 0, toLine = Number.MAX_SAFE_INTEGER): HidLineHint[] {
  const byLine = new Map<number, { depth: number; labels: string[]; end: number }>();
  const decoded = found.decoded;
  for (let i = 0; i < decoded.items.length; i++) {
    const { item, depth } = decoded.items[i];
    const span = byteSpan(found.bytes, item.index);
    const line = lineOf(span.start);
    if (line < fromLine || line > toLine) continue;
    let entry = byLine.get(line);
    if (!entry) byLine.set(line, (entry = { depth, labels: [], end: span.end }));
    entry.labels.push(itemLabel(decoded, i));
    // The hint follows the last byte written on the line (data bytes of its items included).
    const last = byteSpan(found.bytes, item.index + Math.max(item.length, 1) - 1);
    if (lineOf(last.end) === line) entry.end = Math.max(entry.end, last.end);
  }
  return [...byLine.values()].map(({ depth, labels, end }) => ({ offset: text[end] === ',' ? end + 1 : end, depth, label: labels.join('; ') }));
}

export interface HidLens {
  readonly span: Span;
  readonly title: string;
}

/** One lens per report, above the array: `Input 1 · 8 bytes`. */
export function reportLenses(found: DecodedFound): HidLens[] {
  const decoded = found.decoded;
  return decoded.reports.map((report) => ({ span: found.array.span, title: reportSummary(report, reportBytes(report, decoded.usesReportIds)) }));
}

export interface HidSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: 'descriptor' | 'collection' | 'field';
  readonly span: Span;
  readonly selection: Span;
  readonly children: HidSymbol[];
}

/** The descriptor as an outline: its collections and, inside them, its Input, Output and Feature items. */
export function descriptorSymbol(found: DecodedFound): HidSymbol {
  const decoded = found.decoded;
  const spanOfItems = (from: number, to: number): Span => {
    const first = decoded.items[from].item;
    const last = decoded.items[to].item;
    return bytesSpan(found.bytes, first.index, last.index + Math.max(last.length, 1) - first.index);
  };
  const root: HidSymbol = {
    name: found.array.name,
    detail: `HID report descriptor · ${found.bytes.values.length} bytes`,
    kind: 'descriptor',
    span: found.array.span,
    selection: found.array.nameSpan,
    children: [],
  };
  const stack: HidSymbol[] = [root];
  decoded.items.forEach((d, i) => {
    const parent = stack[stack.length - 1];
    if (d.item.name === 'Collection') {
      const end = d.closedBy ?? decoded.items.length - 1;
      const symbol: HidSymbol = { name: `Collection (${collectionTypeName(unsignedValue(d.item))})`, detail: d.collection?.usage ? usageText(d.collection.usage) : '', kind: 'collection', span: spanOfItems(i, end), selection: spanOfItems(i, i), children: [] };
      parent.children.push(symbol);
      stack.push(symbol);
    } else if (d.item.name === 'End Collection') {
      if (d.closes !== undefined && stack.length > 1) stack.pop();
    } else if (d.field) {
      const f = d.field;
      const usages = fieldUsages(f);
      const span = spanOfItems(i, i);
      parent.children.push({ name: itemLabel(decoded, i), detail: `${reportName(f.direction, f.reportId)} · ${fieldShape(f)}${usages ? ` · ${usages}` : ''}`, kind: 'field', span, selection: span, children: [] });
    }
  });
  return root;
}
