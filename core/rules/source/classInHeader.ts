/**
 * A driver class declared in a plain header: iig never reads a `.h`, so the class gets no dispatch,
 * no `_Impl` methods, no ivars and no metaclass the kernel could instantiate — a personality naming it
 * never starts. Said of classes deriving from IOService (as far as the chain is known) that no .iig
 * of the workspace declares too (a checked-in copy of iig's generated header is not a mistake).
 */
import { classChain, chainIncludes } from '../../hierarchy/classChain';
import { finding, type Finding } from '../finding';
import { type IigRule } from '../rule';
import { dirname, extname } from 'node:path';
import { isHeaderPath } from './common';

export const classInHeader: IigRule = {
  id: 'dext.class-in-header',
  severity: 'error',
  summary: 'A driver class (an IOService) declared in a plain .h instead of a .iig, so iig never generates it.',
  applies: 'iig',
  check: ({ path, file, lookup, catalog }) => {
    if (!isHeaderPath(path)) return [];
    const out: Finding[] = [];
    for (const cls of file.classes) {
      if (cls.keyword !== 'class' || !cls.baseClass) continue;
      if (!chainIncludes(classChain(lookup, catalog, cls.baseClass), 'IOService')) continue;
      if (lookup.declarationsOf(cls.name).some((d) => !isHeaderPath(d.path))) continue;
      out.push(
        finding(classInHeader, path, cls.nameSpan, `${cls.name} derives from ${cls.baseClass} but is declared in a .h file, which iig never reads: it gets no dispatch, no ivars and no metaclass, so the dext cannot run it. Declare it in ${cls.name}.iig and include the generated "${cls.name}.h".`),
      );
    }
    return out;
  },
};

/** `dir/X.h` for `dir/X.iig`: the file name iig gives the header it generates, in the same folder. */
function besideAsHeader(iigPath: string, headerPath: string): boolean {
  return dirname(iigPath) === dirname(headerPath) && iigPath.slice(0, -extname(iigPath).length) === headerPath.slice(0, -extname(headerPath).length);
}

export const headerShadowsIig: IigRule = {
  id: 'dext.header-shadows-iig',
  severity: 'error',
  summary: 'A hand-written X.h beside X.iig declaring the same class with other methods: it hides the header iig generates.',
  applies: 'iig',
  check: ({ path, file, lookup }) => {
    // A header no source includes hides nothing: the sources reach iig's output by another path
    // (`#include "generated/X.h"` through a folder the build links to DerivedSources).
    if (!isHeaderPath(path) || !lookup.isIncluded(path)) return [];
    const out: Finding[] = [];
    for (const cls of file.classes) {
      if (cls.keyword !== 'class') continue;
      const iig = lookup.declarationsOf(cls.name).find((d) => /\.iig$/i.test(d.path) && besideAsHeader(d.path, path));
      if (!iig) continue;
      // A checked-in copy of iig's output declares what the .iig declares; a different set of
      // methods means the two disagree, and the build sees only one of them.
      const inIig = new Set(iig.item.methods.map((m) => m.name));
      const inHeader = new Set(cls.methods.map((m) => m.name));
      const extra = [...inHeader].filter((name) => !inIig.has(name));
      const missing = [...inIig].filter((name) => !inHeader.has(name));
      if (extra.length === 0 && missing.length === 0) continue;
      const header = path.split(/[\\/]/).pop();
      const differences = [extra.length ? `${extra.join(', ')} only here` : '', missing.length ? `${missing.join(', ')} only in the .iig` : ''].filter(Boolean).join('; ');
      out.push(
        finding(headerShadowsIig, path, cls.nameSpan, `${header} declares ${cls.name}, which ${cls.name}.iig beside it declares too, with other methods (${differences}). iig generates its own ${header} from the .iig, and this file hides it from '#include "${header}"', so the code is compiled against a class iig never generated. Move the declarations into the .iig and delete this header.`),
      );
    }
    return out;
  },
};
