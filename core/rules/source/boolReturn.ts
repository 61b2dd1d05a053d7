/**
 * `return false;` in a method that returns kern_return_t or IOReturn. C++ converts the literal without
 * a word: `false` is 0, which is kIOReturnSuccess, so a failure reports success (and the caller goes on
 * with a half-started driver); `true` is 1, no IOReturn at all, so a success reads as an unknown error.
 */
import { finding } from '../finding';
import { type CppRule } from '../rule';

export const boolReturn: CppRule = {
  id: 'cpp.bool-as-ioreturn',
  severity: 'warning',
  summary: 'A method that returns kern_return_t or IOReturn returns true or false (false is kIOReturnSuccess).',
  applies: 'cpp',
  local: true,
  check: ({ path, file }) =>
    file.definitions.flatMap((def) =>
      def.boolReturns.map((literal) =>
        finding(
          boolReturn,
          path,
          literal.span,
          literal.name === 'false'
            ? `${def.className}::${def.methodName} returns an IOReturn: 'false' is 0, which is kIOReturnSuccess, so this failure is reported as success. Return an error code such as kIOReturnError.`
            : `${def.className}::${def.methodName} returns an IOReturn: 'true' is 1, which is no IOReturn (success is kIOReturnSuccess, 0), so callers see an unknown error. Return kIOReturnSuccess.`,
          undefined,
          { replacement: literal.name === 'false' ? 'kIOReturnError' : 'kIOReturnSuccess' },
        ),
      ),
    ),
  fix: (request, found) => {
    const replacement = found.data?.replacement;
    return replacement ? { title: `Return ${replacement}`, kind: 'quickfix', preferred: true, edits: [{ path: request.path, span: found.span, newText: replacement }] } : undefined;
  },
};
