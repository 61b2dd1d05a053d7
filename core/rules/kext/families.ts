/**
 * Which family kext provides a kernel class a kext links against. Only uses that certainly need the
 * class's symbols count: subclassing it, naming it as a metaclass's base, or casting to it with
 * OSDynamicCast / OSRequiredCast / OSTypeID (all reference its metaclass). A pointer of that type
 * alone does not, so it is not counted.
 */
import type { KextWorkspace } from '../../kext/kextWorkspace';

interface Family {
  /** Bundle ids that provide the classes, the usual one first. */
  readonly accepted: readonly string[];
  readonly classes: readonly string[];
}

const FAMILIES: readonly Family[] = [
  { accepted: ['com.apple.iokit.IOPCIFamily'], classes: ['IOPCIDevice', 'IOPCIBridge'] },
  // The legacy USB classes and the host ones: either USB family is taken as enough.
  { accepted: ['com.apple.iokit.IOUSBHostFamily', 'com.apple.iokit.IOUSBFamily'], classes: ['IOUSBHostDevice', 'IOUSBHostInterface', 'IOUSBHostPipe', 'IOUSBDevice', 'IOUSBInterface', 'IOUSBPipe'] },
  { accepted: ['com.apple.iokit.IOHIDFamily'], classes: ['IOHIDDevice', 'IOHIDEventService', 'IOHIDInterface', 'IOHIDEventDriver'] },
  { accepted: ['com.apple.iokit.IOSerialFamily'], classes: ['IOSerialDriverSync', 'IOSerialStreamSync', 'IORS232SerialStreamSync', 'IOModemSerialStreamSync'] },
  { accepted: ['com.apple.iokit.IONetworkingFamily'], classes: ['IONetworkController', 'IOEthernetController', 'IOEthernetInterface', 'IONetworkInterface'] },
  { accepted: ['com.apple.iokit.IOAudioFamily'], classes: ['IOAudioDevice', 'IOAudioEngine', 'IOAudioStream', 'IOAudioControl'] },
  { accepted: ['com.apple.iokit.IOStorageFamily'], classes: ['IOMedia', 'IOBlockStorageDevice', 'IOBlockStorageDriver', 'IOPartitionScheme'] },
  { accepted: ['com.apple.iokit.IOACPIFamily'], classes: ['IOACPIPlatformDevice'] },
  { accepted: ['com.apple.iokit.IOGraphicsFamily'], classes: ['IOFramebuffer'] },
];

export interface FamilyNeed {
  readonly className: string;
  readonly accepted: readonly string[];
  /** How the kext uses it, for the message. */
  readonly how: string;
}

const HEADER = /\.(?:h|hpp|hh|hxx)$/i;

/**
 * The classes whose metaclass the kext's sources define, by resolved name; undefined when some file
 * defines metaclasses through a macro of its own (then which classes exist is not known).
 */
function definedClasses(kext: KextWorkspace, sources: ReadonlySet<string>): Set<string> | undefined {
  if (kext.hasWrappedMetaClasses) return undefined;
  const names = new Set<string>();
  for (const path of sources) for (const meta of kext.files.get(path)?.metaClasses ?? []) names.add(kext.resolve(meta.name));
  return names;
}

const CAST = /\b(?:OSDynamicCast|OSRequiredCast|OSTypeID)\s*\(\s*(\w+)\s*[,)]/g;

/** The families the given kext sources need, one finding's worth per family. */
export function familyNeeds(kext: KextWorkspace, sources: ReadonlySet<string>): FamilyNeed[] {
  const used = new Map<string, string>();
  const defined = definedClasses(kext, sources);
  for (const path of sources) {
    const facts = kext.files.get(path);
    if (!facts) continue;
    const header = HEADER.test(path);
    for (const cls of facts.classes) {
      // A header a target merely lists (its Headers phase compiles nothing) may declare a class no
      // built source defines: that class is not in the kext and links against nothing.
      if (header && defined !== undefined && !defined.has(kext.resolve(cls.name))) continue;
      if (cls.base && !used.has(cls.base)) used.set(cls.base, `${cls.name} derives from it`);
    }
    for (const meta of facts.metaClasses) if (!used.has(meta.base)) used.set(meta.base, `${meta.name}'s metaclass names it`);
    const re = new RegExp(CAST.source, 'g');
    let count = 0;
    for (let m = re.exec(facts.code); m && count < 2000; m = re.exec(facts.code), count++) if (!used.has(m[1])) used.set(m[1], 'cast to it');
  }
  const needs: FamilyNeed[] = [];
  for (const family of FAMILIES) {
    // A kext that defines a family's classes itself is that family (or carries its own copy): it links
    // against nothing for them.
    if (defined !== undefined && family.classes.some((c) => defined.has(c))) continue;
    const className = family.classes.find((c) => used.has(c));
    if (className) needs.push({ className, accepted: family.accepted, how: used.get(className) ?? '' });
  }
  return needs;
}
