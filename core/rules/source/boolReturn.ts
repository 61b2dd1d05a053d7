/**
 * `return false;` in a method that returns kern_return_t or IOReturn. C++ converts the literal without
 * a word: `false` is 0, which is kIOReturnSuccess, so a failure reports success (and the caller goes on
 * with a half-started driver); `true` is 1, no IOReturn at all, so a success reads as an unknown error.
 * `return ret == kIOReturnSuccess;` is the same conversion with both outcomes swapped.
 */
import { finding } from '../finding';
import { type CppRule } from '../rule';

function message(className: string, methodName: string, returned: string, operand: string | undefined): string {
  const where = `${className}::${methodName} returns an IOReturn`;
  if (operand !== undefined)
    return `${where}: this test is true (1, no IOReturn) when ${operand} succeeded and false (0, kIOReturnSuccess) when it failed, so success and failure are swapped. Return ${operand} itself.`;
  return returned === 'false'
    ? `${where}: 'false' is 0, which is kIOReturnSuccess, so this failure is reported as success. Return an error code such as kIOReturnError.`
    : `${where}: 'true' is 1, which is no IOReturn (success is kIOReturnSuccess, 0), so callers see an unknown error. Return kIOReturnSuccess.`;
}

export const boolReturn: CppRule = {
  id: 'cpp.bool-as-ioreturn',
  severity: 'warning',
  summary: 'A method that returns kern_return_t or IOReturn returns true, false or a `== kIOReturnSuccess` test (false is kIOReturnSuccess).',
  applies: 'cpp',
  local: true,
  check: ({ path, file }) =>
    file.definitions.flatMap((def) =>
      def.boolReturns.map((literal) =>
        finding(boolReturn, path, literal.span, message(def.className, def.methodName, literal.name, literal.operand), undefined, {
          replacement: literal.operand ?? (literal.name === 'false' ? 'kIOReturnError' : 'kIOReturnSuccess'),
        }),
      ),
    ),
  fix: (request, found) => {
    const replacement = found.data?.replacement;
    return replacement ? { title: `Return ${replacement}`, kind: 'quickfix', preferred: true, edits: [{ path: request.path, span: found.span, newText: replacement }] } : undefined;
  },
};
