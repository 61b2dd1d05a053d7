/** Every rule the checker knows: its stable id, severity and a one-line summary (README, CLI --list). */
export type Severity = 'error' | 'warning' | 'info';

export interface RuleInfo {
  readonly code: string;
  readonly severity: Severity;
  readonly summary: string;
}

const rule = (code: string, severity: Severity, summary: string): RuleInfo => ({ code, severity, summary });

export const RULES = {
  iigSyntax: rule('iig.syntax', 'error', 'A C++ syntax error in a .iig file (IIG attributes are never the cause).'),
  cppSyntax: rule('cpp.syntax', 'error', 'A C++ syntax error in a DriverKit .cpp file.'),
  unknownAttribute: rule('iig.unknown-attribute', 'error', 'An all-caps word where an IIG attribute belongs that is no IIG attribute (usually a typo).'),
  dataMember: rule('iig.data-member', 'warning', 'A data member in a DriverKit class; its state belongs in the Class_IVars struct.'),
  typeWithoutAction: rule('iig.type-without-action', 'error', 'A TYPE(...) callback whose first parameter is not OSAction *.'),
  methodUnimplemented: rule('iig.method-unimplemented', 'warning', 'A method declared in a .iig (not LOCALONLY, not pure) that no .cpp in the workspace implements.'),
  implUndeclared: rule('cpp.impl-undeclared', 'error', 'IMPL(Class, Method) or Class::Method_Impl for a method the class does not declare.'),
  superDispatchLocalOnly: rule('cpp.superdispatch-localonly', 'error', 'SUPERDISPATCH inside a LOCALONLY method, which reaches its parent with super:: instead.'),
  superOnRpc: rule('cpp.super-on-rpc', 'error', 'super::Method(...) for a method reached through IIG; pass SUPERDISPATCH instead.'),
  missingSuperDispatch: rule('cpp.missing-superdispatch', 'error', 'Start or Stop implemented without passing the call to the parent with SUPERDISPATCH.'),
  ivarsNotFreed: rule('cpp.ivars-not-freed', 'warning', 'ivars allocated but never released in free().'),
  ivarsFreedInStop: rule('cpp.ivars-freed-in-stop', 'warning', 'ivars released in Stop(); the object can still be called after Stop, so release them in free().'),
  unknownBaseClass: rule('iig.unknown-base-class', 'warning', 'A base class that is neither a DriverKit class nor a class of the workspace.'),
  missingInclude: rule('iig.missing-include', 'warning', 'The base class\'s header is not included, so iig cannot see the class.'),
  overrideUnknown: rule('iig.override-unknown', 'warning', 'A method marked override that no ancestor declares.'),
  overrideSignature: rule('iig.override-signature', 'warning', 'An override whose parameters differ from the method it overrides.'),
  typeUnknownCallback: rule('iig.type-unknown-callback', 'error', 'TYPE(Class::Method) naming a method that does not exist.'),
  typeSignatureMismatch: rule('iig.type-signature-mismatch', 'error', 'A TYPE(...) callback whose parameters differ from its prototype.'),
  hidDeviceStart: rule('iig.hid-device-start', 'warning', 'Start overridden in an IOUserHIDDevice subclass (its setup belongs in handleStart).'),
  unknownQueue: rule('cpp.unknown-queue', 'warning', 'SetDispatchQueue("name") where no method declares QUEUENAME(name).'),
  hidRegisterService: rule('cpp.hid-register-service', 'warning', 'RegisterService() called in an IOUserHIDDevice subclass (it registers through newDeviceDescription).'),
  structorMacros: rule('dext.structor-macros', 'error', 'OSDeclareDefaultStructors / OSDefineMetaClassAndStructors written by hand in a driver extension.'),
  fileBinary: rule('file.binary', 'warning', 'The file is binary (it holds NUL bytes) and is not analysed.'),
  fileTooLarge: rule('file.too-large', 'warning', 'The file is too large to analyse.'),
  fileTooComplex: rule('file.too-complex', 'warning', 'The parser gave up on the file within its time budget.'),
} as const satisfies Record<string, RuleInfo>;

export const ALL_RULES: readonly RuleInfo[] = Object.values(RULES);
