/** `override LOCALL;`: an all-caps word where an IIG attribute belongs, with "did you mean". */
import { IIG_ATTRIBUTE_NAMES } from '../../model/vocabulary';
import { closest } from '../../util/closest';
import { finding, type Finding } from '../finding';
import { type IigRule } from '../rule';

export const unknownAttribute: IigRule = {
  id: 'iig.unknown-attribute',
  severity: 'error',
  summary: 'An all-caps word where an IIG attribute belongs that is no IIG attribute (usually a typo).',
  applies: 'iig',
  local: true,
  check: ({ path, file }) => {
    const out: Finding[] = [];
    // One guess per distinct word: a file repeating one typo thousands of times stays cheap.
    const guesses = new Map<string, string | undefined>();
    for (const attribute of file.attributes) {
      if (attribute.known || attribute.availability) continue;
      if (!guesses.has(attribute.name)) guesses.set(attribute.name, closest(attribute.name, IIG_ATTRIBUTE_NAMES));
      const guess = guesses.get(attribute.name);
      out.push(finding(unknownAttribute, path, attribute.nameSpan, `'${attribute.name}' is not an IIG attribute.${guess ? ` Did you mean '${guess}'?` : ''}`));
    }
    return out;
  },
  fix: (request, found) => {
    const word = request.textOf(request.path)?.slice(found.span.start, found.span.end) ?? '';
    const guess = closest(word, IIG_ATTRIBUTE_NAMES);
    return guess ? { title: `Change to '${guess}'`, kind: 'quickfix', preferred: true, edits: [{ path: request.path, span: found.span, newText: guess }] } : undefined;
  },
};
