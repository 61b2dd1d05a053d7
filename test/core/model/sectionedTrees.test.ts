import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EDITOR_SECTIONS } from '../../../core/model/sectionedTrees';
import { analyseOnce, SourceDocument } from '../../../core/model/sourceDocument';
import { sharedParser } from '../../support/analysis';
import { generatePair } from '../../support/generate';

const CPP = generatePair(500, 6_000, 'SectionDriver').cpp;

function insertAt(text: string, marker: string, inserted: string, removed = 0): string {
  const at = text.indexOf(marker, text.length / 2);
  assert.ok(at > 0, `marker ${JSON.stringify(marker)} not found`);
  return text.slice(0, at) + inserted + text.slice(at + removed);
}

test('a large open .cpp is parsed in sections, and each edit gives the model a fresh parse gives', async () => {
  const parser = await sharedParser();
  assert.ok(CPP.length > EDITOR_SECTIONS.minLength, 'the generated file must be large enough to be sectioned');
  const document = new SourceDocument(parser, 'cpp', CPP, { reportUnknownAttributes: true, sections: EDITOR_SECTIONS });
  try {
    const sections = document.sectionCount;
    assert.ok(sections >= 5, `expected several sections, got ${sections}`);
    assert.deepEqual(document.model, analyseOnce(parser, 'cpp', CPP));

    const steps: [string, string][] = [
      ['a comment typed in a method body', insertAt(CPP, '    // Step', '    // note\n')],
      ['a method renamed', insertAt(CPP, 'Method', 'Renamed', 'Method'.length)],
      // The brace that closes a method, removed: the file now has a syntax error spanning sections.
      ['a closing brace removed', insertAt(CPP, '\n}\n', '\n', 2)],
      ['a comment left open', insertAt(CPP, '    // Step', '/* ')],
      ['a line continuation at the end of a method', insertAt(CPP, '}\n\n', '} \\\n', 2)],
      ['the original text again', CPP],
      ['everything after the middle deleted', CPP.slice(0, CPP.length / 2)],
      ['the original text again', CPP],
    ];
    for (const [what, text] of steps) {
      assert.deepEqual(document.update(text), analyseOnce(parser, 'cpp', text), `after ${what}`);
    }
    assert.ok(document.sectionCount >= 5, 'the sections survive errors that are fixed again');
    const broken = insertAt(CPP, '\n}\n', '\n', 2);
    assert.ok(document.update(broken).unparsed.length > 0, 'an error in one section is seen');
  } finally {
    document.dispose();
  }
});

test('a file without places to cut, or below the size, stays one tree', async () => {
  const parser = await sharedParser();
  const wrapped = `namespace Outer {\n${CPP}\n}\n`;
  const whole = new SourceDocument(parser, 'cpp', wrapped, { reportUnknownAttributes: true, sections: EDITOR_SECTIONS });
  const small = new SourceDocument(parser, 'cpp', CPP.slice(0, 4_000), { reportUnknownAttributes: true, sections: EDITOR_SECTIONS });
  try {
    assert.equal(whole.sectionCount, 0);
    assert.equal(small.sectionCount, 0);
    const edited = insertAt(wrapped, '    // Step', 'x');
    assert.deepEqual(whole.update(edited), analyseOnce(parser, 'cpp', edited));
  } finally {
    whole.dispose();
    small.dispose();
  }
});

test('a large open .iig parses its class body in sections, and each edit gives the model a fresh parse gives', async () => {
  const parser = await sharedParser();
  const iig = generatePair(4_000, 500, 'SectionDriver').iig;
  assert.ok(iig.length > EDITOR_SECTIONS.minLength, 'the generated header must be large enough to be sectioned');
  const document = new SourceDocument(parser, 'iig', iig, { reportUnknownAttributes: true, sections: EDITOR_SECTIONS });
  try {
    assert.ok(document.sectionCount >= 5, `expected several sections, got ${document.sectionCount}`);
    assert.deepEqual(document.model, analyseOnce(parser, 'iig', iig));
    const classEnd = iig.lastIndexOf('};');
    const steps: [string, string][] = [
      ['a letter typed in a doc comment', insertAt(iig, '* @brief', 'x')],
      ['a method renamed', insertAt(iig, 'Method', 'Renamed', 'Method'.length)],
      ['an attribute changed', insertAt(iig, ') LOCAL;', ') LOCALONLY;', ') LOCAL;'.length)],
      ['a member added just before the closing brace', `${iig.slice(0, classEnd)}    void Added() LOCALONLY;\n${iig.slice(classEnd)}`],
      ['a semicolon removed', insertAt(iig, ') LOCAL;', ') LOCAL', ') LOCAL;'.length)],
      ['a TYPE target changed', insertAt(iig, 'TimerOccurred)', 'TimerFired)', 'TimerOccurred)'.length)],
      ['the class renamed in its head', iig.replace('class SectionDriver', 'class SectionDriverX')],
      ['the original text again', iig],
    ];
    for (const [what, text] of steps) {
      assert.deepEqual(document.update(text), analyseOnce(parser, 'iig', text), `after ${what}`);
    }
    assert.ok(document.sectionCount >= 5, 'back in sections after the head was edited');
  } finally {
    document.dispose();
  }
});

/** Small sections, so a short text is cut as a large file would be. */
const SMALL = { minLength: 0, targetLength: 200 };

/** Applies each edit (a replacement of `find`'s first occurrence) and compares with a fresh parse. */
async function sameAsFresh(kind: 'iig' | 'cpp', original: string, edits: readonly [find: string, replace: string][]): Promise<void> {
  const parser = await sharedParser();
  const document = new SourceDocument(parser, kind, original, { reportUnknownAttributes: true, sections: SMALL });
  try {
    assert.ok(document.sectionCount >= 3, `the text is parsed in sections (${document.sectionCount})`);
    let text = original;
    for (const [find, replace] of edits) {
      assert.ok(text.includes(find), `${JSON.stringify(find)} is in the text`);
      text = text.replace(find, replace);
      assert.deepEqual(document.update(text), analyseOnce(parser, kind, text), `after ${JSON.stringify(find)} → ${JSON.stringify(replace)}`);
    }
  } finally {
    document.dispose();
  }
}

const MEMBERS = Array.from({ length: 30 }, (_, i) => `    virtual kern_return_t M${i}(int a) LOCAL;\n`).join('');
const BIG_CLASS = `#include <DriverKit/IOService.iig>\n\nclass Foo : public IOService\n{\npublic:\n${MEMBERS}};\n`;

test('class-body sections: a group that closes the class and opens another is not taken as members', async () => {
  await sameAsFresh('iig', BIG_CLASS, [['    virtual kern_return_t M10(', '};\nclass Bar {\n    virtual kern_return_t M10(']]);
  await sameAsFresh('iig', BIG_CLASS, [['    virtual kern_return_t M10(', '};\n    virtual kern_return_t M10('], ['    virtual kern_return_t M11(', 'class Bar {\n    virtual kern_return_t M11(']]);
});

test('class-body sections: a head commented out, nested or swallowed by a continued line ends them', async () => {
  await sameAsFresh('iig', BIG_CLASS, [['class Foo', '//class Foo']]);
  await sameAsFresh('iig', BIG_CLASS, [['class Foo', 'template <typename T>\nclass Foo']]);
  await sameAsFresh('iig', BIG_CLASS, [['\nclass Foo', '\n#define X \\\nclass Foo']]);
  await sameAsFresh('iig', BIG_CLASS, [['class Foo', 'struct Outer {\nclass Foo'], ['};\n', '};\n};\n']]);
});

const CPP_FUNCTIONS = [0, 1, 2, 3].map((i) => `// ${'x'.repeat(200)}\nvoid Foo::F${i}() {}\n`).join('');

test('.cpp sections: a line comment or a directive running on past a cut ends the section cleanly only at a line break', async () => {
  await sameAsFresh('cpp', CPP_FUNCTIONS, [['x\nvoid Foo::F1', 'xvoid Foo::F1']]);
  await sameAsFresh('cpp', CPP_FUNCTIONS.replace(/\n/g, '\r\n'), [['x\r\nvoid Foo::F1', 'xvoid Foo::F1']]);
  const withComment = '#define A 1\n\n' + Array.from({ length: 12 }, (_, i) => `kern_return_t Foo::F${i}(int a)\n{\n    return a;${i === 8 ? ' /* r */' : ''}\n}\n`).join('');
  await sameAsFresh('cpp', withComment, [['#define A 1', '#define A /*']]);
});
