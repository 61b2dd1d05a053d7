/** OSDeclareDefaultStructors / OSDefineMetaClassAndStructors in a dext: kext macros iig replaces. */
import { finding } from '../finding';
import { type AnySourceRule } from '../rule';

export const structorMacros: AnySourceRule = {
  id: 'dext.structor-macros',
  severity: 'error',
  summary: 'OSDeclareDefaultStructors / OSDefineMetaClassAndStructors written by hand in a driver extension.',
  applies: 'source',
  local: true,
  check: ({ path, file }) =>
    file.structorMacros.map((m) => finding(structorMacros, path, m.span, `${m.name} is a kext macro. In a driver extension iig generates the metaclass from the .iig; remove it.`)),
};
