/**
 * The availability step of the catalog's generation: the bundled catalog is written by hand from
 * Apple's documentation (facts) with descriptions in our own words, and its availability is then
 * brought in line with what the open-source DriverKit headers state (xnu's iokit/DriverKit,
 * IOHIDFamily's HIDDriverKit …). Where a header marks a class, a method, a function or an enum, the
 * header wins; where it is silent, the documented value stays. Header messages are Apple's prose and
 * never enter the catalog; a replacement's name is a fact and does.
 * scripts/catalogAvailability.ts runs it over header folders and writes the files.
 */
import type { CatalogFile, SdkAvailability, SdkClass, SdkEnum, SdkFunction } from './catalogTypes';
import { sameMethod, type SdkSymbols } from './sdkCatalog';

/** What a framework's headers declare (the SDK indexer's records). */
export interface HeaderRecords extends SdkSymbols {
  readonly classes: readonly SdkClass[];
}

export interface AvailabilityUpdate {
  readonly file: CatalogFile;
  /** One line per record whose availability changed or was added ("IOHIDEventService::SetLEDState: 21.0"). */
  readonly changes: readonly string[];
}

const FIELDS = ['availability', 'deprecated', 'obsoleted', 'unavailable', 'replacement'] as const;

/** The catalog file with the availability its framework's headers state. */
export function withHeaderAvailability(file: CatalogFile, headers: HeaderRecords): AvailabilityUpdate {
  const changes: string[] = [];
  const classes = file.classes.map((cls) => {
    const header = headers.classes.find((c) => c.name === cls.name);
    if (!header) return cls;
    const updated = stated(cls, header, cls.name, changes);
    const methods = cls.methods.map((method) => {
      const declared = sameMethod(method, header.methods);
      return declared ? stated(method, declared, `${cls.name}::${method.name}`, changes) : method;
    });
    return { ...updated, methods };
  });
  const functions = symbols(file.functions ?? [], headers.functions, changes);
  const enums = symbols(file.enums ?? [], headers.enums, changes);
  return {
    file: { ...file, classes, ...(functions.length > 0 && { functions }), ...(enums.length > 0 && { enums }) },
    changes,
  };
}

/** `record` with the availability fields `header` states; each change is noted. */
function stated<T extends SdkAvailability>(record: T, header: SdkAvailability, name: string, changes: string[]): T {
  const next: [string, unknown][] = Object.entries(record as object);
  const noted: string[] = [];
  for (const field of FIELDS) {
    const value = header[field];
    if (value === undefined || record[field] === value) continue;
    noted.push(`${field} ${String(record[field] ?? '—')} → ${String(value)}`);
    const at = next.findIndex(([key]) => key === field);
    if (at >= 0) next[at] = [field, value];
    else next.splice(insertionPoint(next, field), 0, [field, value]);
  }
  if (noted.length === 0) return record;
  changes.push(`${name}: ${noted.join(', ')}`);
  return Object.fromEntries(next) as unknown as T;
}

/** Where a new availability field goes: after the availability fields before it, else before the summary (else last). */
function insertionPoint(entries: readonly [string, unknown][], field: (typeof FIELDS)[number]): number {
  const earlier = FIELDS.slice(0, FIELDS.indexOf(field));
  for (let i = entries.length - 1; i >= 0; i--) if ((earlier as readonly string[]).includes(entries[i][0])) return i + 1;
  const summary = entries.findIndex(([key]) => key === 'summary' || key === 'complete' || key === 'methods');
  return summary >= 0 ? summary : entries.length;
}

/** The catalog's functions or enums with those the headers mark added or brought up to date. */
function symbols<T extends Omit<SdkFunction, 'framework'> | Omit<SdkEnum, 'framework'>>(listed: readonly T[], header: readonly (SdkFunction | SdkEnum)[], changes: string[]): T[] {
  const out = [...listed];
  for (const declared of header) {
    const at = out.findIndex((s) => s.name === declared.name);
    // Only the facts: name, signature (functions), where it is included from, and availability.
    const { framework: _framework, availabilityMessage: _message, ...facts } = declared as SdkFunction & SdkEnum;
    if (at < 0) {
      out.push(facts as unknown as T);
      changes.push(`${declared.name}: added`);
    } else out[at] = stated(out[at], declared, declared.name, changes);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
