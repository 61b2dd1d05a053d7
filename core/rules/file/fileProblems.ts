/** A file that is not analysed at all (binary, too large, too complex) gets one clear finding instead. */
import type { SkipReason } from '../../model/model';
import { finding } from '../finding';
import { type AnySourceRule } from '../rule';

function skippedFileRule(id: SkipReason['code'], summary: string): AnySourceRule {
  const rule: AnySourceRule = {
    id,
    severity: 'warning',
    summary,
    applies: 'source',
    check: ({ path, file }) => (file.skipped?.code === id ? [finding(rule, path, file.skipped.span, file.skipped.message)] : []),
  };
  return rule;
}

export const fileBinary = skippedFileRule('file.binary', 'The file is binary (it holds NUL bytes) and is not analysed.');
export const fileTooLarge = skippedFileRule('file.too-large', 'The file is too large to analyse.');
export const fileTooComplex = skippedFileRule('file.too-complex', 'The parser gave up on the file within its work budget.');
