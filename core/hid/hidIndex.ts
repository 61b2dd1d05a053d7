/**
 * Report descriptors across the workspace's files: a header's array is a descriptor when the
 * `newReportDescriptor` of a source that includes the header returns it, and a class's descriptor
 * is the one its `newReportDescriptor` returns, wherever the array is declared (the same file, or
 * a header that file includes). Everything here is a view of the index and the files' texts.
 */
import { basename } from 'node:path';
import type { SourceFile } from '../model/model';
import type { WorkspaceIndex } from '../model/workspaceIndex';
import { descriptorsOf, isDecoded, namesPassedToOSDataIn, namesReturnedIn, namesUsedIn, REPORT_DESCRIPTOR_METHOD, type DecodedFound, type FoundDescriptor } from './descriptors';
import type { DescriptorOfClass } from './reportLengths';

export interface HidWorkspace {
  readonly index: WorkspaceIndex;
  text(path: string): string | undefined;
  /** Object-like macros of the headers a source includes. */
  macrosIncludedBy?(path: string, text: string): (name: string) => string | undefined;
}

/** The report descriptors of one file, decoded or with the reason they are not. */
export function fileDescriptors(workspace: HidWorkspace, path: string): FoundDescriptor[] {
  const file = workspace.index.file(path);
  const text = workspace.text(path);
  if (!file || text === undefined || file.arrays.length === 0) return [];
  const { returned, passed } = namesOfIncluders(workspace, path, file);
  return descriptorsOf(text, file, {
    returnedElsewhere: returned,
    passedElsewhere: passed,
    includedMacros: workspace.macrosIncludedBy?.(path, text),
    version: workspace.index.version,
  });
}

/**
 * Names of this header's arrays that the sources including it use in `newReportDescriptor`, and
 * that their HID classes pass to `OSData::withBytes`.
 */
function namesOfIncluders(workspace: HidWorkspace, path: string, file: SourceFile): { returned: Set<string>; passed: Set<string> } {
  const returned = new Set<string>();
  const passed = new Set<string>();
  // Only a header is included.
  if (!/\.(h|hh|hpp|hxx)$/i.test(path)) return { returned, passed };
  const name = basename(path);
  for (const other of workspace.index.paths()) {
    const model = workspace.index.file(other);
    if (model?.kind !== 'cpp' || !model.includes.some((i) => basename(i.path) === name)) continue;
    if (!model.definitions.some((d) => d.methodName === REPORT_DESCRIPTOR_METHOD)) continue;
    const text = workspace.text(other);
    if (text === undefined) continue;
    const declared = (used: string): boolean => file.arrays.some((a) => a.name === used);
    for (const used of namesReturnedIn(text, model)) if (declared(used)) returned.add(used);
    for (const used of namesPassedToOSDataIn(text, model)) if (declared(used)) passed.add(used);
  }
  return { returned, passed };
}

/**
 * The decoded descriptor a class's `newReportDescriptor` returns, when exactly one can be found; else
 * the one its methods wrap in `OSData::withBytes`, when exactly one.
 */
export function descriptorOfClass(workspace: HidWorkspace, className: string): ReturnType<DescriptorOfClass> {
  const returned: { path: string; found: DecodedFound }[] = [];
  const passed: { path: string; found: DecodedFound }[] = [];
  for (const def of workspace.index.definitionsOf(className, REPORT_DESCRIPTOR_METHOD)) {
    const model = workspace.index.file(def.path);
    const text = workspace.text(def.path);
    if (!model || text === undefined) continue;
    const used = namesUsedIn(text, def.item.bodySpan);
    const wrapped = namesPassedToOSDataIn(text, model, className);
    const inside = (found: FoundDescriptor): boolean =>
      used.has(found.array.name) && (found.array.inFunction === undefined || (found.array.span.start >= def.item.bodySpan.start && found.array.span.end <= def.item.bodySpan.end));
    const places = [def.path, ...includedHeaders(workspace, model)];
    for (const place of places) {
      for (const found of fileDescriptors(workspace, place)) {
        if (!isDecoded(found)) continue;
        if (inside(found)) returned.push({ path: place, found });
        else if (found.evidence === 'passed' && wrapped.has(found.array.name)) passed.push({ path: place, found });
      }
    }
  }
  if (returned.length > 0) return returned.length === 1 ? returned[0] : undefined;
  return passed.length === 1 ? passed[0] : undefined;
}

/** Indexed files whose name a source includes. */
function includedHeaders(workspace: HidWorkspace, model: SourceFile): string[] {
  const names = new Set(model.includes.map((i) => basename(i.path)));
  if (names.size === 0) return [];
  return [...workspace.index.paths()].filter((p) => names.has(basename(p)));
}
