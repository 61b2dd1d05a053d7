/**
 * The words DriverKit adds to C++: IIG attributes (in .iig files) and the macros of DriverKit .cpp
 * files. One table feeds masking, hover, completion and semantic tokens, so they never disagree.
 * Every description is written in our own words.
 */
export interface WordInfo {
  readonly name: string;
  /** Takes a parenthesised argument, e.g. TYPE(IOTimerDispatchSource::TimerOccurred). */
  readonly takesArgument: boolean;
  /** Where it may stand. */
  readonly where: string;
  readonly summary: string;
  readonly example?: string;
}

const attribute = (name: string, where: string, summary: string, example?: string): WordInfo => ({
  name,
  takesArgument: false,
  where,
  summary,
  example,
});
const attributeWithArgument = (name: string, where: string, summary: string, example?: string): WordInfo => ({
  name,
  takesArgument: true,
  where,
  summary,
  example,
});

export const IIG_ATTRIBUTES: readonly WordInfo[] = [
  attribute('KERNEL', 'class head', 'The class lives in the kernel. Calls made to it from a driver extension travel as messages (RPC) to the kernel object. Only SDK headers use it.', 'class KERNEL IOService : public OSObject'),
  attribute('NATIVE', 'class head', 'The class has a native implementation in the driver extension runtime rather than a kernel-side counterpart.', 'class NATIVE KERNEL IODispatchQueue : public OSObject'),
  attribute('LOCAL', 'after a method declarator, or on a class head', 'The method is implemented here, in the driver extension, and the kernel may call it. Define it with IMPL(Class, Method) in the .cpp file.', 'virtual kern_return_t Start(IOService * provider) override LOCAL;'),
  attribute('LOCALONLY', 'after a method declarator', 'A plain C++ virtual method that never crosses to the kernel. Define it as Class::Method and reach the parent with super::Method(...), never with SUPERDISPATCH.', 'virtual void helper(uint32_t value) LOCALONLY;'),
  attributeWithArgument('TYPE', 'after a method declarator, or on an OSAction * parameter', 'Marks the method as a callback with the prototype of the named method. iig then generates CreateAction<Method>() so you can make an OSAction that invokes it. The first parameter must be OSAction *.', 'virtual void ReadComplete(OSAction * action, IOReturn status, uint32_t actualByteCount, uint64_t completionTimestamp) TYPE(IOUSBHostPipe::CompleteAsyncIO);'),
  attributeWithArgument('QUEUENAME', 'after a method declarator', 'The method runs on the dispatch queue registered under this name with SetDispatchQueue(). Until one is set, the default queue is used.', 'virtual void Poll() QUEUENAME(Worker);'),
  attribute('TARGET', 'on an OSAction * parameter', 'Marks the parameter that carries the action whose target receives the callback.', 'kern_return_t AsyncCompletion(OSAction * action TARGET, IOReturn status, ...)'),
  attribute('REPLY', 'after a method declarator', 'Part of the RPC plumbing: the method is the reply half of an asynchronous call. Seen in SDK headers.'),
  attribute('INVOKEREPLY', 'after a method declarator', 'Part of the RPC plumbing: the call waits for and invokes a reply. Seen in SDK headers.'),
  attribute('LOCALHOST', 'after a method declarator', 'Part of the RPC plumbing: the call is handled in the host process. Seen in SDK headers.'),
  attribute('PORTMAKESEND', 'on a parameter', 'Part of the RPC plumbing: a Mach send right is made for the port passed here. Seen in SDK headers.'),
  attribute('PORTCOPYSEND', 'on a parameter', 'Part of the RPC plumbing: a Mach send right is copied for the port passed here. Seen in SDK headers.'),
  attributeWithArgument('EXTENDS', 'class head', 'The class adds methods to an existing class of the given name. Seen in SDK headers.'),
  attribute('IIG_SERIALIZABLE', 'class head', 'Objects of the class can be serialized across the kernel boundary. Seen in SDK headers.'),
  attribute('REMOTE', 'after a method declarator', 'Part of the RPC plumbing: the method is always invoked on the remote side. Seen in SDK headers.'),
];

/**
 * Annotations that are not IIG attributes but may legitimately follow a declarator or precede a
 * declaration: clang's `__attribute__` and the availability macros of Apple's headers (what each says
 * is read by core/sdk/availability.ts).
 */
export const AVAILABILITY_MACROS: ReadonlySet<string> = new Set([
  '__attribute__',
  '__attribute',
  'API_AVAILABLE',
  'API_AVAILABLE_BEGIN',
  'API_DEPRECATED',
  'API_DEPRECATED_BEGIN',
  'API_DEPRECATED_WITH_REPLACEMENT',
  'API_DEPRECATED_WITH_REPLACEMENT_BEGIN',
  'API_OBSOLETED',
  'API_OBSOLETED_BEGIN',
  'API_OBSOLETED_WITH_REPLACEMENT',
  'API_OBSOLETED_WITH_REPLACEMENT_BEGIN',
  'API_UNAVAILABLE',
  'API_UNAVAILABLE_BEGIN',
  '__API_AVAILABLE',
  '__API_AVAILABLE_BEGIN',
  '__API_DEPRECATED',
  '__API_DEPRECATED_MSG',
  '__API_DEPRECATED_REP',
  '__API_DEPRECATED_WITH_REPLACEMENT',
  '__API_OBSOLETED',
  '__API_OBSOLETED_MSG',
  '__API_OBSOLETED_REP',
  '__API_UNAVAILABLE',
  '__API_UNAVAILABLE_BEGIN',
  '__DRIVERKIT_AVAILABLE',
  '__DRIVERKIT_DEPRECATED',
  '__DRIVERKIT_UNAVAILABLE',
  '__DRIVERKIT_PROHIBITED',
  '__OS_AVAILABILITY',
  '__OS_AVAILABILITY_MSG',
  '__IOUSBHOST_DEPRECATED',
]);

export const DRIVERKIT_MACROS: readonly WordInfo[] = [
  attributeWithArgument('IMPL', '.cpp, as the declarator of a method definition', 'Defines the implementation of a method the .iig declares as callable through IIG (LOCAL, or new in the class). It expands to Class::Method_Impl(...) with the method\'s own parameters.', 'kern_return_t IMPL(MyDriver, Start) { ... }'),
  attribute('SUPERDISPATCH', '.cpp, as the last argument of a call', 'Sends the call to the parent class\'s implementation of the same method (which may be in the kernel). Use it in IMPL bodies for Start, Stop and other IIG methods; LOCALONLY methods use super:: instead.', 'ret = Start(provider, SUPERDISPATCH);'),
  attributeWithArgument('IONewZero', '.cpp', 'Allocates and zero-fills an array of the given type; the usual way to allocate Class_IVars in init(). Pair it with IOSafeDeleteNULL in free().', 'ivars = IONewZero(MyDriver_IVars, 1);'),
  attributeWithArgument('IONew', '.cpp', 'Allocates an array of the given type without clearing it. Pair it with IODelete or IOSafeDeleteNULL.'),
  attributeWithArgument('IOSafeDeleteNULL', '.cpp', 'Frees memory from IONew/IONewZero and sets the pointer to NULL. Release ivars this way in free(), not in Stop().', 'IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);'),
  attributeWithArgument('IODelete', '.cpp', 'Frees memory from IONew/IONewZero without clearing the pointer.'),
  attributeWithArgument('OSDynamicCast', '.cpp', 'Casts an OSObject to the named class, or yields NULL when the object is of another class.', 'auto device = OSDynamicCast(IOUSBHostInterface, provider);'),
  attributeWithArgument('OSRequiredCast', '.cpp', 'Casts an OSObject to the named class and stops the process when the object is of another class.'),
  attributeWithArgument('OSSafeReleaseNULL', '.cpp', 'Releases a retained object if it is not NULL and sets the pointer to NULL.', 'OSSafeReleaseNULL(ivars->pipe);'),
];

export const IIG_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set(IIG_ATTRIBUTES.map((a) => a.name));
export const IIG_ATTRIBUTE_WITH_ARGUMENT: ReadonlySet<string> = new Set(
  IIG_ATTRIBUTES.filter((a) => a.takesArgument).map((a) => a.name),
);

const byName = new Map<string, WordInfo>([...IIG_ATTRIBUTES, ...DRIVERKIT_MACROS].map((w) => [w.name, w]));

export function lookupWord(name: string): WordInfo | undefined {
  return byName.get(name);
}

export function isDriverKitMacro(name: string): boolean {
  return DRIVERKIT_MACROS.some((m) => m.name === name);
}

/** Kext-era metaclass macros; in a dext iig generates the metaclass, so writing them is a mistake. */
export const STRUCTOR_MACROS = /\b(?:OSDeclareDefaultStructors|OSDeclareAbstractStructors|OSDefineMetaClassAndStructors|OSDefineMetaClassAndAbstractStructors)\b/g;
