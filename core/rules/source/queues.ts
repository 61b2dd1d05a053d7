/**
 * `SetDispatchQueue("Name", queue)` must name a queue some method of the class (or of its SDK
 * ancestors) declares with QUEUENAME, or "Default": the kernel refuses any other name. Frameworks
 * whose headers are not public hide their queue names, so a chain through them stays unjudged
 * unless an installed SDK was indexed.
 */
import { classChain } from '../../hierarchy/classChain';
import { finding, type Finding } from '../finding';
import { type CppRule } from '../rule';

/** Frameworks whose every QUEUENAME is known from their open-source headers (and the bundled catalog). */
const OPEN_FRAMEWORKS = new Set(['DriverKit', 'HIDDriverKit', 'PCIDriverKit', 'SCSIControllerDriverKit', 'BlockStorageDeviceDriverKit']);
/** Queues a family expects its dexts to create beyond its headers' QUEUENAMEs (SCSI controllers' interrupts). */
const EXPECTED_BY_FAMILY: Readonly<Record<string, readonly string[]>> = { SCSIControllerDriverKit: ['InterruptQueue'] };

export const unknownQueue: CppRule = {
  id: 'cpp.unknown-queue',
  severity: 'warning',
  summary: 'SetDispatchQueue("name", queue) where neither the class nor its SDK ancestors declare QUEUENAME(name).',
  applies: 'cpp',
  check: ({ path, file, lookup, catalog }) => {
    const out: Finding[] = [];
    for (const def of file.definitions) {
      if (def.dispatchQueueNames.length === 0 || !lookup.classNamed(def.className)) continue;
      const chain = classChain(lookup, catalog, def.className);
      if (chain.unknown !== undefined) continue;
      if (!catalog.hasInstalled && chain.sdk.some((c) => !OPEN_FRAMEWORKS.has(c.framework))) continue;
      const declared = new Set<string>(['Default']);
      for (const cls of chain.local) for (const m of cls.methods) if (m.queueName) declared.add(m.queueName);
      for (const cls of chain.sdk) {
        for (const name of EXPECTED_BY_FAMILY[cls.framework] ?? []) declared.add(name);
        for (const m of cls.methods) {
          for (const attribute of m.attributes ?? []) {
            const queue = /^QUEUENAME\s*\(\s*(\w+)\s*\)$/.exec(attribute)?.[1];
            if (queue) declared.add(queue);
          }
        }
      }
      for (const queue of def.dispatchQueueNames) {
        if (declared.has(queue.name)) continue;
        out.push(
          finding(unknownQueue, path, queue.span, `No method of ${def.className} or its SDK ancestors is declared QUEUENAME(${queue.name}), so SetDispatchQueue("${queue.name}", …) fails with kIOReturnBadArgument. Check the name against the .iig.`),
        );
      }
    }
    return out;
  },
};
