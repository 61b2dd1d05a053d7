/**
 * The typed model of DriverKit sources. Every feature (diagnostics, symbols, hover, definition, the
 * CLI) is a view of these records; nothing re-parses text. All ranges are UTF-16 offset spans.
 */
import type { AttributeNode } from './iigMask';
import type { AvailabilityGuard, CallExpression } from './callSites';
import type { Span } from './span';

export type SourceKind = 'iig' | 'cpp';

export interface Include {
  readonly path: string;
  readonly system: boolean;
  readonly span: Span;
}

export interface ParameterDecl {
  readonly type: string;
  readonly name?: string;
  readonly span: Span;
  readonly attributes: readonly AttributeNode[];
}

export interface MethodDecl {
  readonly name: string;
  readonly nameSpan: Span;
  /** The whole declaration, from its first specifier to the closing `;` (or body). */
  readonly span: Span;
  readonly returnType: string;
  readonly parameters: readonly ParameterDecl[];
  readonly isVirtual: boolean;
  readonly isOverride: boolean;
  readonly isStatic: boolean;
  readonly isPure: boolean;
  readonly attributes: readonly AttributeNode[];
  /** TYPE(X::M) target, e.g. "IOUSBHostPipe::CompleteAsyncIO". */
  readonly typeTarget?: string;
  readonly queueName?: string;
}

export interface DataMemberDecl {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly type: string;
}

export interface ClassDecl {
  readonly keyword: 'class' | 'struct';
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly attributes: readonly AttributeNode[];
  readonly baseClass?: string;
  readonly baseSpan?: Span;
  readonly methods: readonly MethodDecl[];
  readonly dataMembers: readonly DataMemberDecl[];
}

export interface NamedDecl {
  readonly kind: 'enum' | 'typedef' | 'forward-class' | 'struct';
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
}

export interface SyntaxProblem {
  readonly span: Span;
  readonly message: string;
}

/** Why a file was not analysed at all (core/rules/file/fileProblems.ts turns it into its one finding). */
export interface SkipReason extends SyntaxProblem {
  readonly code: 'binary' | 'too-large' | 'too-complex';
}

/** How a method body in a .cpp file is tied to its class. */
export type DefinitionForm = 'IMPL' | 'Impl-suffix' | 'member';

export interface CallSite {
  /** The called name: for `super::Stop(...)` it is "Stop"; for `Start(provider, SUPERDISPATCH)` "Start". */
  readonly name: string;
  readonly span: Span;
  /** For a `super::` call: SUPERDISPATCH is among its arguments (`super::Stop(provider, SUPERDISPATCH)`). */
  readonly dispatched?: boolean;
  /** For a returned success test (`ret == kIOReturnSuccess`): the tested operand's text (`ret`). */
  readonly operand?: string;
}

/** How a method body reads `ivars->`: never, only where it also tests them for null, or untested. */
export type IvarsAccess = 'none' | 'checked' | 'unchecked';

export interface MethodDefinition {
  readonly className: string;
  readonly classSpan: Span;
  readonly methodName: string;
  readonly methodSpan: Span;
  readonly form: DefinitionForm;
  readonly span: Span;
  readonly bodySpan: Span;
  readonly superDispatchCalls: readonly CallSite[];
  readonly superCalls: readonly CallSite[];
  /**
   * Parent calls made through a macro the file defines (`STOP` for `#define STOP Stop(provider,
   * SUPERDISPATCH);`), at the macro's use: proof that the parent is reached, not a call to judge.
   */
  readonly macroParentCalls?: readonly CallSite[];
  readonly ivarsAllocations: readonly CallSite[];
  readonly ivarsReleases: readonly CallSite[];
  readonly ivarsAccess: IvarsAccess;
  readonly registerServiceCalls: readonly CallSite[];
  /** SetDispatchQueue("name", ...) calls: `name` is the queue name, the span its string literal. */
  readonly dispatchQueueNames: readonly CallSite[];
  /**
   * `return true;` / `return false;` in a method declared to return kern_return_t or IOReturn (not in
   * a lambda inside it): `name` is the literal, the span the literal's. A returned success test
   * (`return ret == kIOReturnSuccess;`) is here too, named `==`, with the tested operand.
   */
  readonly boolReturns: readonly CallSite[];
}

export interface IvarsStruct {
  readonly className: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly members: readonly DataMemberDecl[];
}

/**
 * An array with a brace-list initializer (`static const uint8_t kDescriptor[] = { 0x05, 0x01, … };`),
 * at file scope or in a function body. HID report descriptors are found among these (core/hid); the
 * elements are read from the text, between the braces of `initializer`.
 */
export interface ArrayInitializer {
  readonly name: string;
  readonly nameSpan: Span;
  /** The whole declaration. */
  readonly span: Span;
  /** The declared element type as written, without qualifiers (`uint8_t`, `unsigned char`). */
  readonly elementType: string;
  /** From `{` to `}`. */
  readonly initializer: Span;
  /** The function whose body declares it (`newReportDescriptor`), for a local array. */
  readonly inFunction?: string;
  /** The parser found a syntax error inside the declaration. */
  readonly hasError?: true;
}

interface SourceFileBase {
  readonly kind: SourceKind;
  /** OSDeclareDefaultStructors / OSDefineMetaClassAndStructors: kext macros that iig already generates for a dext. */
  readonly structorMacros: readonly CallSite[];
  readonly includes: readonly Include[];
  /** Syntax errors clang would certainly report (certainSyntax.ts). */
  readonly syntaxProblems: readonly SyntaxProblem[];
  /** Regions the C++ parser could not read (clang may well accept them): the checks skip them. */
  readonly unparsed: readonly Span[];
  /** Set when the file was not analysed at all (binary, too large, too complex), with the reason. */
  readonly skipped?: SkipReason;
  /** Regions worth folding: class bodies, function bodies, comment blocks, #if regions. */
  readonly foldingSpans: readonly Span[];
  /** Arrays initialised with brace lists (see ArrayInitializer). */
  readonly arrays: readonly ArrayInitializer[];
}

export interface IigFile extends SourceFileBase {
  readonly kind: 'iig';
  readonly classes: readonly ClassDecl[];
  readonly declarations: readonly NamedDecl[];
  /** Free functions declared at the top level (SDK headers declare helpers this way). */
  readonly functions: readonly MethodDecl[];
  readonly attributes: readonly AttributeNode[];
}

export interface CppFile extends SourceFileBase {
  readonly kind: 'cpp';
  readonly definitions: readonly MethodDefinition[];
  readonly ivarsStructs: readonly IvarsStruct[];
  /** DriverKit macro uses (IMPL, SUPERDISPATCH, IONewZero...), for semantic tokens and hover. */
  readonly macroUses: readonly CallSite[];
  /**
   * Every `Class::Method` the text implements or names (`IMPL(Class, Method)`, `Class::Method_Impl`,
   * `Class::Method(`), found lexically in the whole file: a method counts as implemented even when
   * the parser could not read the region around its definition.
   */
  readonly mentions: readonly string[];
  /** Every call a function body of the file makes (callSites.ts). */
  readonly calls: readonly CallExpression[];
  /**
   * Code that may use DriverKit API newer than the deployment target: checked with
   * `__builtin_available`, in a function annotated as available from a version, or under a
   * preprocessor test of the DriverKit version.
   */
  readonly availabilityGuards: readonly AvailabilityGuard[];
}

export type SourceFile = IigFile | CppFile;
