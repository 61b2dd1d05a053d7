/** The names of macros Apple's SDK headers and compilers define, by what they expand to. */

/** Object-like macros of Apple's SDK headers and compilers that expand to attributes or to nothing. */
export const ATTRIBUTE_WORDS = new Set([
  '__unused', '__used', '__dead2', '__pure2', '__packed', '__deprecated', '__unavailable', '__abortlike',
  '__kpi_deprecated', '__header_always_inline', '__header_inline', '__private_extern__', '__exported',
  '__nonnull', '__nullable', '__null_unspecified', '__kindof', '__cold', '__returns_nonnull',
  '__BEGIN_DECLS', '__END_DECLS', '__IOKIT_BEGIN_DECLS', '__IOKIT_END_DECLS', '__kpi_unavailable',
  '__kpi_deprecated_arm64_macos_unavailable', '__exported_push', '__exported_pop',
  'OS_ALWAYS_INLINE', 'OS_NOINLINE', 'OS_WARN_RESULT', 'OS_EXPORT', 'OS_NOESCAPE', 'OS_NOTHROW', 'OS_COLD',
  'OS_UNUSED', 'OS_USED', 'OS_NORETURN', 'OS_MALLOC', 'OS_CONST', 'OS_PURE', 'OS_WARN_RESULT_NEEDS_RELEASE',
  'OS_OBJECT_RETURNS_RETAINED', 'OS_RETURNS_RETAINED', 'OS_RETURNS_NOT_RETAINED', 'OS_CONSUMED',
  'LIBKERN_RETURNS_RETAINED', 'LIBKERN_RETURNS_NOT_RETAINED', 'LIBKERN_CONSUMED', 'LIBKERN_CONSUMES_THIS',
  'LIBKERN_RETURNS_RETAINED_ON_ZERO', 'LIBKERN_RETURNS_RETAINED_ON_NONZERO',
  'NS_RETURNS_RETAINED', 'NS_RETURNS_NOT_RETAINED', 'CF_RETURNS_RETAINED', 'CF_RETURNS_NOT_RETAINED',
  'API_AVAILABLE_END', 'API_DEPRECATED_END', 'API_DEPRECATED_WITH_REPLACEMENT_END', 'API_OBSOLETED_END',
  'API_UNAVAILABLE_END', '__API_AVAILABLE_END', '__API_UNAVAILABLE_END', '__DRIVERKIT_UNAVAILABLE',
  '__DRIVERKIT_PROHIBITED', 'NS_ASSUME_NONNULL_BEGIN', 'NS_ASSUME_NONNULL_END',
  'CF_ASSUME_NONNULL_BEGIN', 'CF_ASSUME_NONNULL_END', 'CF_EXTERN_C_BEGIN', 'CF_EXTERN_C_END',
]);

/** Function-like macros that expand to attributes: the word and its argument list are blanked. */
export const ATTRIBUTE_CALLS = new Set([
  'API_AVAILABLE', 'API_DEPRECATED', 'API_DEPRECATED_WITH_REPLACEMENT', 'API_UNAVAILABLE', 'API_OBSOLETED',
  'API_OBSOLETED_WITH_REPLACEMENT', 'API_AVAILABLE_BEGIN', 'API_DEPRECATED_BEGIN', 'API_UNAVAILABLE_BEGIN',
  'API_DEPRECATED_WITH_REPLACEMENT_BEGIN', 'API_OBSOLETED_BEGIN', '__API_AVAILABLE_BEGIN', '__API_UNAVAILABLE_BEGIN',
  '__API_AVAILABLE', '__API_DEPRECATED', '__API_UNAVAILABLE', '__API_DEPRECATED_MSG', '__API_DEPRECATED_REP',
  '__API_OBSOLETED', '__DRIVERKIT_DEPRECATED', '__OS_AVAILABILITY', '__OS_AVAILABILITY_MSG',
  '__OSX_AVAILABLE', '__OSX_AVAILABLE_STARTING',
  '__OSX_AVAILABLE_BUT_DEPRECATED', '__IOS_AVAILABLE', '__TVOS_AVAILABLE', '__WATCHOS_AVAILABLE',
  '__DRIVERKIT_AVAILABLE', 'AVAILABLE_MAC_OS_X_VERSION_10_0_AND_LATER', '__printflike', '__scanflike',
  '__aligned', '__deprecated_msg', '__section', '__alloc_size', '__IOUSBHOST_DEPRECATED', 'OS_FORMAT_PRINTF',
  'OS_NONNULL', 'OS_NONNULL1', 'OS_NONNULL2', 'OS_NONNULL3', 'OS_NONNULL_ALL', 'OS_ENUM_AVAILABILITY',
  '__swift_unavailable', 'NS_SWIFT_NAME', 'CF_SWIFT_NAME', 'OS_SWIFT_UNAVAILABLE',
]);

/** Macros whose arguments include a type (`IONew(OSObject *, 4)`), which C++ cannot parse as an expression. */
export const TYPE_ARGUMENT_CALLS = new Set([
  'IONew', 'IONewZero', 'IODelete', 'IOSafeDeleteNULL', 'OSDynamicCast', 'OSRequiredCast', 'OSTypeAlloc',
  'OSTypeID', 'IONewData', '__builtin_bit_cast', '__builtin_types_compatible_p', '__builtin_convertvector', '__builtin_va_arg', 'IONewZeroData', 'IOSafeDeleteNULLData',
  'OSDefineMetaClassAndStructors', 'OSDefineMetaClassAndAbstractStructors', 'OSDeclareDefaultStructors',
  'OSDeclareAbstractStructors', 'OSDefineMetaClassAndFinalStructors', 'OSDeclareFinalStructors',
  'OSMetaClassDeclareReservedUnused', 'OSMetaClassDefineReservedUnused', 'OSMetaClassDeclareReservedUsed',
  'OSMetaClassDefineReservedUsed', 'OSMetaClassDeclareReservedUsedX86', 'OSMetaClassDefineReservedUsedX86',
]);

/** Declaration macros written without a `;` (the kext metaclass macros): blanked whole. */
export const DECLARATION_MACROS = new Set([
  'OSDefineMetaClassAndStructors', 'OSDefineMetaClassAndAbstractStructors', 'OSDefineMetaClassAndFinalStructors',
  'OSDeclareDefaultStructors', 'OSDeclareAbstractStructors', 'OSDeclareFinalStructors',
  'OSMetaClassDeclareReservedUnused', 'OSMetaClassDefineReservedUnused', 'OSMetaClassDeclareReservedUsed',
  'OSMetaClassDefineReservedUsed', 'OSMetaClassDeclareReservedUsedX86', 'OSMetaClassDefineReservedUsedX86',
]);
