/**
 * A driver class declared in a plain header: iig never reads a `.h`, so the class gets no dispatch,
 * no `_Impl` methods, no ivars and no metaclass the kernel could instantiate — a personality naming it
 * never starts. Said of classes deriving from IOService (as far as the chain is known) that no .iig
 * of the workspace declares too (a checked-in copy of iig's generated header is not a mistake).
 */
import { classChain, chainIncludes } from '../../hierarchy/classChain';
import { finding, type Finding } from '../finding';
import { type IigRule } from '../rule';
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
