/**
 * A read-only rendering of a catalog class as .iig-like text, for "go to definition" when no SDK
 * header is installed. It shows the declarations and our one-line descriptions, never Apple's text.
 * (The editor shows it under a URI of its own: protocol/catalog.ts.)
 */
import type { SdkClass } from './catalogTypes';
import { availabilityFacts } from './availabilityText';

export interface RenderedClass {
  readonly text: string;
  /** Zero-based line of the class head, and of each method (first declaration of a name). */
  readonly classLine: number;
  readonly methodLines: ReadonlyMap<string, number>;
}

export function renderClass(cls: SdkClass): RenderedClass {
  const lines: string[] = [
    `// ${cls.name} — ${cls.framework}${cls.include ? `, #include <${cls.include}>` : ''}`,
    '// Rendered from the DriverKit catalog bundled with the extension (no SDK header is installed).',
  ];
  if (cls.summary) lines.push(`// ${cls.summary}`);
  const availability = availabilityFacts(cls);
  if (availability.length > 0) lines.push(`// Availability: ${availability.join(', ')}.`);
  lines.push('');
  const classLine = lines.length;
  lines.push(`class ${cls.name}${cls.superclass ? ` : public ${cls.superclass}` : ''}`, '{', 'public:');
  const methodLines = new Map<string, number>();
  for (const method of cls.methods) {
    if (method.summary) lines.push(`    // ${method.summary}`);
    const methodAvailability = availabilityFacts(method);
    if (methodAvailability.length > 0) lines.push(`    // ${methodAvailability.join(', ')}`);
    if (!methodLines.has(method.name)) methodLines.set(method.name, lines.length);
    const attributes = method.attributes?.length ? ` ${method.attributes.join(' ')}` : '';
    const head = method.isStatic ? 'static' : 'virtual';
    lines.push(`    ${head} ${method.returnType} ${method.name}(${method.parameters.join(', ')})${method.isConst ? ' const' : ''}${attributes}${method.isPure ? ' = 0' : ''};`, '');
  }
  if (!cls.complete) lines.push('    // (The catalog lists the methods drivers use most; the SDK has more.)');
  lines.push('};', '');
  return { text: lines.join('\n'), classLine, methodLines };
}
