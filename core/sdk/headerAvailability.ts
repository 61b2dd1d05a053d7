/**
 * Where a header's availability annotations apply. An annotation may stand after a method's
 * parameters (`… ) LOCAL __attribute__((availability(driverkit, introduced=21.0)));`), between
 * `class` and the class name, before a declaration (`API_AVAILABLE(driverkit(21.0)) virtual …`), or
 * around a run of declarations (`API_AVAILABLE_BEGIN(driverkit(21.0))` … `API_AVAILABLE_END`, or
 * `#pragma clang attribute push(__attribute__((availability(…))), apply_to=…)` … `pop`).
 */
import type { AttributeNode } from '../model/iigMask';
import type { ClassDecl, IigFile, MethodDecl, NamedDecl } from '../model/model';
import type { Span } from '../model/span';
import { AVAILABILITY_END, compactAvailability, mergeAvailability, overlayAvailability, readAvailability, type Availability } from '../model/availability';
import type { SdkAvailability } from './catalogTypes';

interface ScopedAvailability {
  readonly span: Span;
  readonly availability: Availability;
}

export class HeaderAvailability {
  private readonly annotations: readonly AttributeNode[];
  private readonly scopes: readonly ScopedAvailability[];

  /** `code` is the text's code view (comments, strings and directives blanked). */
  constructor(
    file: IigFile,
    text: string,
    private readonly code: string,
  ) {
    this.annotations = file.attributes.filter((a) => a.availability);
    this.scopes = [...beginEndScopes(this.annotations, code), ...pragmaScopes(text)];
  }

  ofClass(cls: ClassDecl): Availability | undefined {
    return this.withScope(cls.span, mergeAvailability(...this.leading(cls.span.start), ...cls.attributes.map(annotationAvailability)));
  }

  /** A method's or a free function's: annotations before it and after its parameters. */
  ofFunction(fn: MethodDecl): Availability | undefined {
    return this.withScope(fn.span, mergeAvailability(...this.leading(fn.span.start), ...fn.attributes.map(annotationAvailability)));
  }

  /** An enum's: before it, or between `enum` and its name. */
  ofEnum(decl: NamedDecl): Availability | undefined {
    const inside = this.annotations.filter((a) => a.span.start >= decl.span.start && a.span.end <= decl.nameSpan.start);
    return this.withScope(decl.span, mergeAvailability(...this.leading(decl.span.start), ...inside.map(annotationAvailability)));
  }

  private withScope(span: Span, own: Availability | undefined): Availability | undefined {
    const scope = this.scopes.filter((s) => s.span.start <= span.start && span.end <= s.span.end).map((s) => s.availability);
    return overlayAvailability(own, mergeAvailability(...scope));
  }

  /** What the annotations right before `start` say (only spaces and other annotations between). */
  private leading(start: number): (Availability | undefined)[] {
    const out: (Availability | undefined)[] = [];
    let at = start;
    for (let k = lastEndingBefore(this.annotations, at); k >= 0; k--) {
      const a = this.annotations[k];
      if (this.code.slice(a.span.end, at).trim() !== '' || a.name.endsWith('_BEGIN')) break;
      out.push(annotationAvailability(a));
      at = a.span.start;
    }
    return out;
  }
}

function annotationAvailability(a: AttributeNode): Availability | undefined {
  return a.availability ? readAvailability(a.name, a.argument) : undefined;
}

/** The index of the last annotation that ends at or before `offset` (-1 when none does). */
function lastEndingBefore(sorted: readonly AttributeNode[], offset: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].span.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** `API_AVAILABLE_BEGIN(…)` up to the next `…_END` word (or the end of the file). */
function beginEndScopes(annotations: readonly AttributeNode[], code: string): ScopedAvailability[] {
  const out: ScopedAvailability[] = [];
  for (const a of annotations) {
    if (!a.name.endsWith('_BEGIN')) continue;
    const availability = annotationAvailability(a);
    if (!availability) continue;
    const words = /\b(?:__)?API_[A-Z_]+_END\b/g;
    words.lastIndex = a.span.end;
    let end = code.length;
    for (let m = words.exec(code); m; m = words.exec(code)) {
      if (AVAILABILITY_END.test(m[0])) {
        end = m.index;
        break;
      }
    }
    out.push({ span: { start: a.span.end, end }, availability });
  }
  return out;
}

/** `#pragma clang attribute push(__attribute__((availability(…))), …)` up to its `pop`. */
function pragmaScopes(text: string): ScopedAvailability[] {
  if (!text.includes('pragma')) return [];
  const out: ScopedAvailability[] = [];
  const stack: { start: number; availability: Availability | undefined }[] = [];
  const pragma = /^[ \t]*#[ \t]*pragma[ \t]+clang[ \t]+attribute[ \t]+(?:[A-Za-z_]\w*\.)?(push|pop)\b(.*)$/gm;
  for (let m = pragma.exec(text); m; m = pragma.exec(text)) {
    if (m[1] === 'push') {
      const attribute = /__attribute__\s*\(([\s\S]*)\)/.exec(m[2]);
      stack.push({ start: m.index + m[0].length, availability: attribute ? readAvailability('__attribute__', attribute[1]) : undefined });
    } else {
      const open = stack.pop();
      if (open?.availability) out.push({ span: { start: open.start, end: m.index }, availability: open.availability });
    }
  }
  return out;
}

/** The catalog's fields for an availability; `withMessage` keeps the header's own message (installed SDK only). */
export function toSdkAvailability(a: Availability | undefined, withMessage: boolean): SdkAvailability {
  if (!a) return {};
  return {
    ...(a.introduced && { availability: a.introduced }),
    ...(a.deprecated && { deprecated: a.deprecated }),
    ...(a.obsoleted && { obsoleted: a.obsoleted }),
    ...(a.unavailable && { unavailable: true as const }),
    ...(a.replacement && { replacement: a.replacement }),
    ...(withMessage && a.message && { availabilityMessage: a.message }),
  };
}

/** The availability a catalog record states (undefined when it states none). */
export function availabilityOf(record: SdkAvailability): Availability | undefined {
  return compactAvailability({ introduced: record.availability, deprecated: record.deprecated, obsoleted: record.obsoleted, unavailable: record.unavailable, replacement: record.replacement, message: record.availabilityMessage });
}
