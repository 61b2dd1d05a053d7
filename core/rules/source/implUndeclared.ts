/** `IMPL(Foo, Reset)` when Foo's .iig declares no Reset: iig declares an `_Impl` only for its own methods. */
import { finding, type Finding } from '../finding';
import { type CppRule } from '../rule';
import { methodNamed } from '../../model/namedMethods';

export const implUndeclared: CppRule = {
  id: 'cpp.impl-undeclared',
  severity: 'error',
  summary: 'IMPL(Class, Method) or Class::Method_Impl for a method the class does not declare.',
  applies: 'cpp',
  check: ({ path, file, lookup }) => {
    const out: Finding[] = [];
    for (const def of file.definitions) {
      if (def.form === 'member') continue;
      const cls = lookup.classNamed(def.className);
      if (!cls || methodNamed(cls.item.methods, def.methodName)) continue;
      out.push(
        finding(implUndeclared, path, def.methodSpan, `${def.className} declares no method '${def.methodName}'. Declare it in the class's .iig file, or fix the name.`, [
          { path: cls.path, span: cls.item.nameSpan, message: `class ${def.className} is declared here` },
        ]),
      );
    }
    return out;
  },
};
