/** A file that is not analysed at all (binary, too large, too complex) gets one clear finding instead. */
import type { SkipReason } from '../../model/model';
import { finding } from '../finding';
import { type AnySourceRule } from '../rule';

function skippedFileRule(reason: SkipReason['code'], summary: string): AnySourceRule {
  const rule: AnySourceRule = {
    id: `file.${reason}`,
    severity: 'warning',
    summary,
    applies: 'source',
    local: true,
    check: ({ path, file }) => (file.skipped?.code === reason ? [finding(rule, path, file.skipped.span, file.skipped.message)] : []),
  };
  return rule;
}

export const fileBinary = skippedFileRule('binary', 'The file is binary (it holds NUL bytes) and is not analysed.');
export const fileTooLarge = skippedFileRule('too-large', 'The file is too large to analyse.');
export const fileTooComplex = skippedFileRule('too-complex', 'The parser gave up on the file within its work budget.');
