/**
 * The shape of SDK knowledge, whether bundled with the extension (server/src/sdk/catalog/*.json) or
 * read from an installed DriverKit SDK by our own .iig parser. Both sources produce these records.
 */
export type SdkMethodKind = 'rpc' | 'localonly';

/** What a class is for, to rank completions and pick personality values. */
export type SdkRole =
  | 'service' // a class a driver subclasses to become a service (IOService, IOUserHIDEventService ...)
  | 'provider' // a nub a driver matches on and talks to (IOUSBHostInterface, IOPCIDevice, IOHIDInterface ...)
  | 'user-client' // IOUserClient and its kin
  | 'dispatch' // queues, dispatch sources, OSAction
  | 'memory' // memory descriptors, maps, DMA
  | 'collection' // OSObject containers and values (OSDictionary, OSArray, OSNumber ...)
  | 'helper'; // everything else (packets, pools, reporters ...)

/**
 * Availability on DriverKit, as a header or Apple's documentation states it (core/sdk/availability.ts
 * reads the header spellings). Every field is absent when nothing says it.
 */
export interface SdkAvailability {
  /** DriverKit version that introduced it, e.g. "19.0", when known. */
  readonly availability?: string;
  /** DriverKit version from which it is deprecated. */
  readonly deprecated?: string;
  /** DriverKit version from which it no longer exists. */
  readonly obsoleted?: string;
  /** Marked unavailable on DriverKit. */
  readonly unavailable?: true;
  /** What to use instead, when the header names it. */
  readonly replacement?: string;
  /** The installed SDK header's own availability message (never in the bundled catalog). */
  readonly availabilityMessage?: string;
}

export interface SdkMethod extends SdkAvailability {
  readonly name: string;
  readonly returnType: string;
  /** Each parameter as written in a declaration, e.g. "IOService * provider" ("..." for varargs). */
  readonly parameters: readonly string[];
  /** localonly: plain C++ (parent via super::); rpc: reached through IIG (IMPL, parent via SUPERDISPATCH). */
  readonly kind: SdkMethodKind;
  /**
   * true when `kind` was not read from a header (no public header; inferred from the DriverKit naming
   * convention or from documented usage). Rules never fire on an inferred kind.
   */
  readonly inferred?: boolean;
  /** IIG attributes as the SDK header declares them after the method, e.g. ["LOCAL"], ["LOCALONLY"]. */
  readonly attributes?: readonly string[];
  /** Meant to be overridden by a driver (Start, Stop, handleReport, ExternalMethod ...). */
  readonly overridable?: boolean;
  /** A callback prototype usable in TYPE(Class::Method) (TimerOccurred, CompleteAsyncIO ...). */
  readonly callback?: boolean;
  readonly isStatic?: boolean;
  readonly isConst?: boolean;
  /** Pure virtual in the SDK: a subclass must implement it. */
  readonly isPure?: boolean;
  /** One line, in our own words. */
  readonly summary?: string;
}

export interface SdkClass extends SdkAvailability {
  readonly name: string;
  readonly superclass?: string;
  readonly framework: string;
  /** Include path as written in a .iig: "HIDDriverKit/IOUserHIDEventService.iig". */
  readonly include?: string;
  readonly role?: SdkRole;
  readonly summary?: string;
  readonly methods: readonly SdkMethod[];
  /** true when every public method of the class is listed: then a name not found proves it is absent. */
  readonly complete?: boolean;
}

/** A free function an SDK header declares (IOLib.h-style helpers), with its availability. */
export interface SdkFunction extends SdkAvailability {
  readonly name: string;
  readonly returnType: string;
  readonly parameters: readonly string[];
  readonly framework: string;
  readonly include?: string;
}

/** An enum an SDK header declares, with its availability. */
export interface SdkEnum extends SdkAvailability {
  readonly name: string;
  readonly framework: string;
  readonly include?: string;
}

/** One bundled catalog file: core/sdk/catalog/<Framework>.json. */
export interface CatalogFile {
  readonly framework: string;
  readonly classes: readonly Omit<SdkClass, 'framework'>[];
  /** Free functions whose availability a header states. */
  readonly functions?: readonly Omit<SdkFunction, 'framework'>[];
  /** Enums whose availability a header states. */
  readonly enums?: readonly Omit<SdkEnum, 'framework'>[];
}
