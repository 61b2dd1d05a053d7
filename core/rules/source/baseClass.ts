/**
 * The base class of a .iig class: one the SDK or the workspace declares, included where iig can see
 * it. With only the bundled catalog, a base it does not know may simply be newer than the catalog, so
 * an unknown base is reported only when it looks like a typo of a known class (or when an installed
 * SDK was indexed, which knows every class).
 */
import { classChain } from '../../hierarchy/classChain';
import { includeEdit } from '../../intellisense/includes';
import { closest } from '../../util/closest';
import type { SdkCatalog } from '../../sdk/sdkCatalog';
import { finding, type Finding } from '../finding';
import { type IigRule } from '../rule';
import { isHeaderPath } from './common';

export const unknownBaseClass: IigRule = {
  id: 'iig.unknown-base-class',
  severity: 'warning',
  summary: 'A base class that neither the SDK nor the workspace declares (a likely typo, or any unknown class once an SDK is installed).',
  applies: 'iig',
  check: ({ path, file, lookup, catalog }) => {
    if (isHeaderPath(path)) return [];
    const out: Finding[] = [];
    for (const cls of file.classes) {
      if (cls.keyword !== 'class' || !cls.baseClass || !cls.baseSpan) continue;
      const chain = classChain(lookup, catalog, cls.baseClass);
      if (chain.local.length > 0 || chain.sdk.length > 0) continue;
      const known = [...catalog.classes().map((c) => c.name), ...lookup.allClasses().map((c) => c.item.name)];
      // One character off: a family the catalog lacks (IOUserMIDIDevice) is no typo of IOUserHIDDevice.
      const guess = closest(cls.baseClass, known, 1);
      if (!guess && !catalog.hasInstalled) continue;
      out.push(finding(unknownBaseClass, path, cls.baseSpan, `${cls.baseClass} is neither a DriverKit class nor a class of this workspace.${guess ? ` Did you mean '${guess}'?` : ''}`, undefined, guess ? { guess } : undefined));
    }
    return out;
  },
  fix: (request, found) => {
    const guess = found.data?.guess;
    return guess ? { title: `Change to '${guess}'`, kind: 'quickfix', preferred: true, edits: [{ path: request.path, span: found.span, newText: guess }] } : undefined;
  },
};

/** `DriverKit/IOService` of `<DriverKit/IOService.iig>` or `<DriverKit/IOService.h>`. */
function headerStem(path: string): string {
  return path.replace(/\.(iig|h)$/i, '');
}

/**
 * The SDK classes an include is known to bring in: the class its header declares and that class's
 * ancestors (a header includes its base class's header), or a whole framework for its umbrella
 * (`<DriverKit/DriverKit.iig>`). undefined for a header the catalog does not know.
 */
function classesProvidedBy(include: string, catalog: SdkCatalog): Set<string> | undefined {
  const stem = headerStem(include);
  const [framework, name] = stem.split('/');
  if (framework && framework === name) return new Set(catalog.classes().filter((c) => c.framework === framework).map((c) => c.name));
  const declared = catalog.classes().filter((c) => c.include !== undefined && headerStem(c.include) === stem);
  if (declared.length === 0) return undefined;
  return new Set(declared.flatMap((c) => catalog.chain(c.name).map((a) => a.name)));
}

export const missingInclude: IigRule = {
  id: 'iig.missing-include',
  severity: 'warning',
  summary: 'A .iig deriving from an SDK class that none of its includes brings in, so iig cannot see the class.',
  applies: 'iig',
  check: ({ path, file, lookup, catalog }) => {
    if (isHeaderPath(path)) return [];
    // A header of the project may include anything: then nothing is certain.
    if (file.includes.some((i) => !i.system)) return [];
    const provided = new Set<string>();
    for (const include of file.includes) {
      const classes = classesProvidedBy(include.path, catalog);
      if (!classes) return []; // a header the catalog does not know may bring the base in
      for (const name of classes) provided.add(name);
    }
    const out: Finding[] = [];
    for (const cls of file.classes) {
      if (cls.keyword !== 'class' || !cls.baseClass || !cls.baseSpan) continue;
      const chain = classChain(lookup, catalog, cls.baseClass);
      const base = chain.local.length === 0 ? chain.sdk[0] : undefined;
      if (!base?.include || base.name !== cls.baseClass || provided.has(base.name)) continue;
      out.push(finding(missingInclude, path, cls.baseSpan, `${base.name} is declared in <${base.include}>, which this file does not include.`));
    }
    return out;
  },
  fix: (request, found) => {
    const base = request.textOf(request.path)?.slice(found.span.start, found.span.end) ?? '';
    const include = request.catalog.classNamed(base)?.include;
    const text = request.textOf(request.path);
    if (!include || text === undefined) return undefined;
    return { title: `Add #include <${include}>`, kind: 'quickfix', preferred: true, edits: [{ path: request.path, ...includeEdit(text, request.file, include) }] };
  },
};
