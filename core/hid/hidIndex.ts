/**
 * Report descriptors across the workspace's files: a header's array is a descriptor when the
 * `newReportDescriptor` of a source that includes the header returns it, and a class's descriptor
 * is the one its `newReportDescriptor` returns, wherever the array is declared (the same file, or
 * a header that file includes). Everything here is a view of the index and the files' texts.
 */
import { basename } from 'node:path';
import type { SourceFile } from '../model/model';
import type { WorkspaceIndex } from '../model/workspaceIndex';
import { descriptorsOf, isDecoded, namesReturnedIn, namesUsedIn, REPORT_DESCRIPTOR_METHOD, type DecodedFound, type FoundDescriptor } from './descriptors';
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
  return descriptorsOf(text, file, {
    returnedElsewhere: returnedByIncluders(workspace, path, file),
    includedMacros: workspace.macrosIncludedBy?.(path, text),
    version: workspace.index.version,
  });
}

/** Names the `newReportDescriptor` bodies of the sources including this header use. */
function returnedByIncluders(workspace: HidWorkspace, path: string, file: SourceFile): Set<string> {
  const names = new Set<string>();
  // Only a header is included; and only an array that is not already a descriptor needs the help.
  if (!/\.(h|hh|hpp|hxx)$/i.test(path)) return names;
  const name = basename(path);
  for (const other of workspace.index.paths()) {
    const model = workspace.index.file(other);
    if (model?.kind !== 'cpp' || !model.includes.some((i) => basename(i.path) === name)) continue;
    if (!model.definitions.some((d) => d.methodName === REPORT_DESCRIPTOR_METHOD)) continue;
    const text = workspace.text(other);
    if (text === undefined) continue;
    for (const used of namesReturnedIn(text, model)) if (file.arrays.some((a) => a.name === used)) names.add(used);
  }
  return names;
}

/** The decoded descriptor a class's `newReportDescriptor` returns, when exactly one can be found. */
export function descriptorOfClass(workspace: HidWorkspace, className: string): ReturnType<DescriptorOfClass> {
  const candidates: { path: string; found: DecodedFound }[] = [];
  for (const def of workspace.index.definitionsOf(className, REPORT_DESCRIPTOR_METHOD)) {
    const model = workspace.index.file(def.path);
    const text = workspace.text(def.path);
    if (!model || text === undefined) continue;
    const used = namesUsedIn(text, def.item.bodySpan);
    const inside = (found: FoundDescriptor): boolean =>
      used.has(found.array.name) && (found.array.inFunction === undefined || (found.array.span.start >= def.item.bodySpan.start && found.array.span.end <= def.item.bodySpan.end));
    const places = [def.path, ...includedHeaders(workspace, model)];
    for (const place of places) {
      for (const found of fileDescriptors(workspace, place)) if (inside(found) && isDecoded(found)) candidates.push({ path: place, found });
    }
  }
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** Indexed files whose name a source includes. */
function includedHeaders(workspace: HidWorkspace, model: SourceFile): string[] {
  const names = new Set(model.includes.map((i) => basename(i.path)));
  if (names.size === 0) return [];
  return [...workspace.index.paths()].filter((p) => names.has(basename(p)));
}
