/**
 * Shared pieces of the security tests: hostile values that would run `touch <sentinel>` if any shell
 * (or lldb) ever interpreted them, a sentinel folder to look for the result in, and recording
 * stand-in programs that write down exactly the argument vector they were started with.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temp folder in which nothing but the test itself may create files. */
export class Sentinel {
  readonly dir = mkdtempSync(join(tmpdir(), 'dk-security-'));
  /** The file a successful injection would create. */
  readonly path = join(this.dir, 'pwned');

  /** True once any injected `touch` ran: the sentinel file, or any file named pwned below the folder. */
  fired(): boolean {
    return existsSync(this.path) || listAll(this.dir).some((f) => f.endsWith('/pwned'));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function listAll(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listAll(join(dir, e.name)) : [join(dir, e.name)]));
}

export interface Hostile {
  readonly label: string;
  readonly value: string;
  /** A careless shell command line that WOULD run this value's payload: the control that proves it is live. */
  readonly naive: string;
}

/**
 * Values that break out of a shell word, a quoted string, an NSPredicate literal or an lldb command
 * line, each carrying `touch <sentinel>`. None contains a NUL byte (Node refuses those outright; the
 * tests treat them on their own).
 */
export function hostileValues(sentinel: string): Hostile[] {
  const touch = `touch ${sentinel}`;
  const values: Array<[string, string, (v: string) => string]> = [
    ['double-quote breakout', `a"; ${touch}; "`, (v) => `echo "${v}"`],
    ['command substitution', `$(${touch})`, (v) => `echo "${v}"`],
    ['backticks', `\`${touch}\``, (v) => `echo "${v}"`],
    ['single-quote breakout', `x' OR 1=1; ${touch}; echo '`, (v) => `echo '${v}'`],
    ['newline: a second command', `com.example.X\n${touch}`, (v) => `echo ${v}`],
    ['newline: a second lldb command', `com.example.X\nplatform shell ${touch}\n${touch}`, (v) => `echo ${v}`],
    ['pipe and and-list', `x | ${touch} && ${touch}`, (v) => `echo ${v}`],
    ['option-like', `--output=$(${touch})`, (v) => `echo "${v}"`],
    ['very long', `${'A'.repeat(32 * 1024)}$(${touch})`, (v) => `echo "${v}"`],
  ];
  return values.map(([label, value, naive]) => ({ label, value, naive: naive(value) }));
}

/**
 * Names a dext process can really carry in ps (no whitespace: ps output is split on it), each a payload
 * that would create `pwned` in the current folder if a shell ever saw it. `prefix` keeps each test file's
 * processes apart from the others' (the files run in parallel), e.g. `com.example.SecurityLocator`.
 */
export function processNames(prefix: string): string[] {
  return ['$(touch${IFS}pwned)', '`touch${IFS}pwned`', '";touch${IFS}pwned;"', "';touch${IFS}pwned;'", '|touch${IFS}pwned'].map((payload) => `${prefix}${payload}`);
}

/** Runs `line` through /bin/sh in `cwd`, as a careless caller would; used only by the controls. */
export function runThroughShell(line: string, cwd: string): void {
  try {
    execFileSync('/bin/sh', ['-c', line], { cwd, stdio: 'ignore' });
  } catch {
    // Some payloads leave a failing command behind; only the sentinel matters.
  }
}

/**
 * Writes stand-in programs into a folder (to put first on PATH or to name as the command): each
 * records its argument vector as one JSON line in `<name>.argv.jsonl`, then does what it was made for.
 */
export class Recorders {
  readonly dir = mkdtempSync(join(tmpdir(), 'dk-recorders-'));

  /** Records, prints nothing, and exits 0 (xcodebuild, open, xcrun, an activation command). */
  quick(name: string): string {
    return this.write(name, 'process.exit(0);');
  }

  /** Records, then keeps running until killed, as `log stream` does. */
  lingering(name: string): string {
    return this.write(name, 'setInterval(() => {}, 1000);');
  }

  /** Records, then runs the real program `real` with the same arguments and stdio. */
  passthrough(name: string, real: string): string {
    return this.write(
      name,
      `const child = require('node:child_process').spawn(${JSON.stringify(real)}, process.argv.slice(2), { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));`,
    );
  }

  /**
   * Records, then runs what follows `--` with this process's stdio (a sudo that needs no rule), passing
   * SIGTERM on and leaving with the program's exit code.
   */
  sudo(name = 'sudo'): string {
    return this.write(
      name,
      `const end = process.argv.indexOf('--');
if (end < 0) {
  console.error('sudo stand-in: no -- before the program');
  process.exit(1);
}
const rest = process.argv.slice(end + 1);
const child = require('node:child_process').spawn(rest[0], rest.slice(1), { stdio: 'inherit' });
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));`,
    );
  }

  /**
   * A stand-in for lldb-dap that runs the real one and copies every byte the DriverKit adapter sends it
   * into `<name>.stdin`: what lldb-dap was asked, word for word.
   */
  teeLldbDap(real: string, name = 'lldb-dap'): string {
    const copy = join(this.dir, `${name}.stdin`);
    return this.write(
      name,
      `const fs = require('node:fs');
const child = require('node:child_process').spawn(${JSON.stringify(real)}, process.argv.slice(2), { stdio: ['pipe', 'inherit', 'inherit'] });
process.stdin.on('data', (chunk) => { fs.appendFileSync(${JSON.stringify(copy)}, chunk); child.stdin.write(chunk); });
process.stdin.on('end', () => child.stdin.end());
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));`,
    );
  }

  /** What `name` was sent on stdin (teeLldbDap), '' when nothing. */
  stdinOf(name = 'lldb-dap'): string {
    const file = join(this.dir, `${name}.stdin`);
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** Every argument vector `name` was started with, in order. */
  calls(name: string): string[][] {
    const file = join(this.dir, `${name}.argv.jsonl`);
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as string[]);
  }

  /** PATH with this folder first, so a bare program name finds the stand-in. */
  path(): string {
    return `${this.dir}:${process.env.PATH ?? ''}`;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private write(name: string, then: string): string {
    const path = join(this.dir, name);
    const record = `require('node:fs').appendFileSync(${JSON.stringify(join(this.dir, `${name}.argv.jsonl`))}, JSON.stringify(process.argv.slice(2)) + '\\n');`;
    writeFileSync(path, `#!${process.execPath}\n${record}\n${then}\n`);
    chmodSync(path, 0o755);
    return path;
  }
}

/**
 * Reads the NSPredicate string literal that opens at `text[start]` (a `"`), with the predicate
 * language's rule: a backslash takes the next character as it is. Returns its value and the index
 * after the closing quote; throws when the literal never closes.
 */
export function readPredicateLiteral(text: string, start: number): { value: string; end: number } {
  if (text[start] !== '"') throw new Error(`no string literal at ${start}: ${text.slice(start, start + 20)}`);
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      // Only \\ and \" may appear: any other escape would mean something to NSPredicate (\n, \u...).
      if (next !== '\\' && next !== '"') throw new Error(`unexpected escape \\${next} at ${i}`);
      value += next;
      i++;
    } else if (c === '"') {
      return { value, end: i + 1 };
    } else {
      value += c;
    }
  }
  throw new Error('the string literal never closes');
}

/** The value a dext name has inside the predicate: trimmed, control and line-separator characters dropped. */
export function predicateValueOf(name: string): string {
  return name.trim().replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '');
}

/**
 * `sender == <a> OR (<speakers> AND <naming>)`, read strictly; throws on any other shape. The speakers
 * are `process == "kernel"`, or a parenthesised OR of `process == <p>` (the activation daemons too);
 * the naming is `eventMessage CONTAINS <b>`, or a parenthesised OR of those.
 */
export function readDextPredicate(text: string): { sender: string; kernel: string; contains: string; speakers: string[]; mentioned: string[] } {
  let at = 0;
  const expect = (word: string): void => {
    if (!text.startsWith(word, at)) throw new Error(`expected ${JSON.stringify(word)} at ${at}: ${JSON.stringify(text.slice(at, at + 30))}`);
    at += word.length;
  };
  const literal = (): string => {
    const read = readPredicateLiteral(text, at);
    at = read.end;
    return read.value;
  };
  /** `<lead><lit>`, or `(<lead><lit> OR <lead><lit> …)`. */
  const alternatives = (lead: string): string[] => {
    if (!text.startsWith('(', at)) {
      expect(lead);
      return [literal()];
    }
    expect('(');
    const values: string[] = [];
    do {
      if (values.length > 0) expect(' OR ');
      expect(lead);
      values.push(literal());
    } while (text.startsWith(' OR ', at));
    expect(')');
    return values;
  };
  expect('sender == ');
  const sender = literal();
  expect(' OR (');
  const speakers = alternatives('process == ');
  expect(' AND ');
  const mentioned = alternatives('eventMessage CONTAINS ');
  expect(')');
  if (at !== text.length) throw new Error(`text after the predicate: ${JSON.stringify(text.slice(at))}`);
  return { sender, kernel: speakers[0]!, contains: mentioned[0]!, speakers, mentioned };
}
