/**
 * Regular expressions in Envoy's dialect: RE2 (the `google_re2` engine of `safe_regex`), matched against the whole
 * input. Istio renders every route and header regex as `safe_regex` with `google_re2` (istio pilot/pkg/networking/core
 * route/route.go `translateURI`, `translateHeaderMatch`), and Envoy matches with `RE2::FullMatch` (envoy
 * source/common/common/regex.h `CompiledGoogleReMatcher::match`). Evaluated here with re2js, a port of RE2 (through
 * Go's regexp/syntax), never with JavaScript's RegExp: `[[:digit:]]`, `\pL`, `\z` and `(?i)` mean what RE2 means,
 * and matching is linear in the input whatever the expression.
 */
/* eslint-disable no-bitwise -- UTF-8 encoding and RE2's range splitting are bit arithmetic */
import { RE2JS } from 're2js';

/** The longest expression istiod accepts (pilot/pkg/config/validation validation.go `validateStringRegexp`). */
export const MAX_REGEX_LENGTH = 1024;

/**
 * The largest RE2 program Envoy compiles under Istio: the proxy bootstrap raises Envoy's runtime key
 * `re2.max_program_size.error_level` to 32768 (istio pkg/bootstrap/config.go, tools/packaging/common/envoy_bootstrap.json);
 * a larger program makes Envoy reject the route configuration (envoy source/common/common/regex.cc
 * `CompiledGoogleReMatcher::CompiledGoogleReMatcher`).
 */
export const MAX_PROGRAM_SIZE = 32768;

/** re2js instruction opcodes (re2js Inst.js) this module reads. */
const RUNE = 8;
const RUNE1 = 9;
const RUNE_ANY = 10;
const RUNE_ANY_NOT_NL = 11;
const FOLD_CASE = 1;

const compiled = new Map<string, RE2JS | Error>();

/** The compiled expression, or the parse error (cached either way; the cache is emptied when it grows large). */
function compile(re: string): RE2JS | Error {
  let r = compiled.get(re);
  if (r === undefined) {
    if (compiled.size > 10_000) compiled.clear();
    try {
      // Default flags: no LOOKBEHINDS (an re2js extension C++ RE2 lacks), Perl classes and Unicode groups on, as RE2.
      r = RE2JS.compile(re);
    } catch (e) {
      r = e instanceof Error ? e : new Error(String(e));
    }
    compiled.set(re, r);
  }
  return r;
}

/** Whether the whole of `text` matches the RE2 expression `re` (`RE2::FullMatch`); an invalid expression matches nothing. */
export function regexMatches(re: string, text: string): boolean {
  const r = compile(re);
  return !(r instanceof Error) && r.matches(text);
}

/** The re2js parse error without its prefix, e.g. "invalid escape sequence: `\C`". */
function cleanError(e: Error): string {
  return e.message.replace(/^error parsing regexp: /, '');
}

/** Why `re` is not an expression Envoy (and, for VirtualServices, istiod) accepts, or undefined. */
export function regexProblem(re: string): string | undefined {
  if (re.length === 0) return 'is empty';
  if (re.length > MAX_REGEX_LENGTH) return `is longer than ${MAX_REGEX_LENGTH} characters`;
  const r = compile(re);
  if (r instanceof Error) return syntaxProblem(re, r);
  const size = programSize(r);
  if (size > MAX_PROGRAM_SIZE) return `has an estimated RE2 program size of ${size} (Envoy under Istio rejects more than ${MAX_PROGRAM_SIZE})`;
  return undefined;
}

/** A parse error explained: look-around, back-references and `\C` named as such, anything else as RE2 says it. */
function syntaxProblem(re: string, e: Error): string {
  const escaped = escapedCharacters(re);
  if (['(?=', '(?!', '(?<=', '(?<!'].some(x => re.includes(x))) return 'uses look-around, which RE2 does not support';
  if (escaped.some(c => (c >= '1' && c <= '9') || c === 'k') || re.includes('(?P=')) return 'uses a back-reference, which RE2 does not support';
  // C++ RE2 accepts \C (any byte), but Go's regexp, which istiod validates VirtualServices with, and re2js do not; it
  // can split a UTF-8 sequence anyway.
  if (escaped.includes('C')) return 'uses \\C (any byte), which Go\'s regexp (istiod) rejects';
  return `is not RE2 syntax (${cleanError(e)})`;
}

/** The character after each backslash of `re`, in order (a linear scan). */
function escapedCharacters(re: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < re.length; i++) if (re[i] === '\\') out.push(re[++i] ?? '');
  return out;
}

/**
 * An estimate, never below the real count as far as checked, of the size of the program C++ RE2 compiles `re` to
 * (`RE2::ProgramSize`). re2js compiles to rune instructions as Go does: a character class, `.` or a case-folded
 * letter is one instruction. C++ RE2 compiles to UTF-8 byte ranges, where `\pL` alone is about 1,200 instructions
 * (re2 re2/compile.cc `Compiler::AddRuneRangeUTF8`), and adds two instructions for the unanchored `.*?` prefix. So
 * every rune instruction is counted as the byte-range instructions of its class: one per UTF-8 sequence byte, shared
 * continuation suffixes counted once, plus one alternation per sequence (C++ RE2 also shares leading bytes, so it
 * needs at most this many). Checked against libre2 (2022-06-01) for literals, `.`, `\pL`, `\pN`, `\p{Greek}`, `\p{Han}`
 * and negated classes: never below, at most about twice as large for large classes.
 */
export function estimatedProgramSize(re: string): number | undefined {
  const r = compile(re);
  return r instanceof Error ? undefined : programSize(r);
}

interface ProgInst {
  readonly op: number;
  readonly arg: number;
  readonly runes: ArrayLike<number>;
}

function programSize(r: RE2JS): number {
  const insts = (r as unknown as { re2Input?: { prog?: { inst?: ProgInst[] } } }).re2Input?.prog?.inst;
  if (!Array.isArray(insts)) return r.programSize() * 4; // re2js internals changed: a crude but generous bound
  let size = r.programSize() + 2;
  for (const inst of insts) {
    if (inst.op === RUNE || inst.op === RUNE1) size += classCost(ranges(inst)) - 1;
    else if (inst.op === RUNE_ANY) size += classCost([[0, 0x10ffff]]) - 1;
    else if (inst.op === RUNE_ANY_NOT_NL) size += classCost([[0, 9], [11, 0x10ffff]]) - 1;
  }
  return size;
}

/** The rune ranges an instruction matches; a case-folded single rune stands for its case variants. */
function ranges(inst: ProgInst): Array<[number, number]> {
  const runes = Array.from(inst.runes);
  if (runes.length === 1) {
    const r = runes[0];
    if ((inst.arg & FOLD_CASE) === 0) return [[r, r]];
    return [...foldOrbit(r)].map(x => [x, x] as [number, number]);
  }
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < runes.length; i += 2) out.push([runes[i], runes[i + 1]]);
  return out;
}

/** Runes beyond simple upper/lower case that Unicode simple case folding joins (Kelvin sign, long s, Ångström sign...). */
const EXTRA_FOLDS: Readonly<Record<number, readonly number[]>> = {
  0x6b: [0x212a], 0x4b: [0x212a], 0x73: [0x17f], 0x53: [0x17f], 0xe5: [0x212b], 0xc5: [0x212b],
};

/** `r` with its case variants (an over-approximation of RE2's fold orbit is fine: it only raises the estimate). */
function foldOrbit(r: number): Set<number> {
  const s = String.fromCodePoint(r);
  const out = new Set<number>([r, ...(EXTRA_FOLDS[r] ?? [])]);
  for (const v of [s.toLowerCase(), s.toUpperCase()]) if ([...v].length === 1) out.add(v.codePointAt(0)!);
  // C++ RE2 matches an ASCII letter in both cases with one instruction (its byte ranges carry a fold-case bit).
  for (const x of [...out]) if (x >= 0x41 && x <= 0x5a && out.has(x + 0x20)) out.delete(x);
  return out;
}

const UTF8_MAX = [0x7f, 0x7ff, 0xffff, 0x10ffff];

/** UTF-8 byte ranges for the runes lo..hi, split as re2 re2/compile.cc `Compiler::AddRuneRangeUTF8` splits them. */
function byteSequences(lo: number, hi: number, out: Array<Array<[number, number]>>): void {
  for (const max of UTF8_MAX) {
    if (lo <= max && hi > max) {
      byteSequences(lo, max, out);
      byteSequences(max + 1, hi, out);
      return;
    }
  }
  for (let i = 1; i < 4; i++) {
    const m = (1 << (6 * i)) - 1;
    if ((lo & ~m) !== (hi & ~m)) {
      if ((lo & m) !== 0) {
        byteSequences(lo, lo | m, out);
        byteSequences((lo | m) + 1, hi, out);
        return;
      }
      if ((hi & m) !== m) {
        byteSequences(lo, (hi & ~m) - 1, out);
        byteSequences(hi & ~m, hi, out);
        return;
      }
    }
  }
  const a = utf8(lo);
  const b = utf8(hi);
  out.push(a.map((x, i) => [x, b[i]]));
}

/** The UTF-8 bytes of rune `r` (surrogates encoded as three bytes, as RE2's `runetochar` does). */
function utf8(r: number): number[] {
  if (r < 0x80) return [r];
  if (r < 0x800) return [0xc0 | (r >> 6), 0x80 | (r & 0x3f)];
  if (r < 0x10000) return [0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f)];
  return [0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f)];
}

/**
 * Byte-range instructions for a class, the smaller of two counts that each bound C++ RE2's from above: a prefix trie
 * of the UTF-8 sequences (RE2 merges sequences with the same leading bytes, re2/compile.cc `AddSuffixRecursive`) and
 * leading bytes one each with continuation suffixes shared (RE2 caches suffixes, `CachedRuneByteSuffix`); both with
 * one alternation per extra branch. RE2 compiles all of 80-10FFFF as three loose sequences (`Add_80_10ffff`).
 */
function classCost(rs: ReadonlyArray<[number, number]>): number {
  const sequences: Array<Array<[number, number]>> = [];
  const all = rs.find(([lo, hi]) => lo <= 0x80 && hi >= 0x10ffff);
  for (const [lo, hi] of rs) {
    if (all && hi >= 0x80) {
      if (lo < 0x80) byteSequences(lo, 0x7f, sequences);
    } else {
      byteSequences(lo, hi, sequences);
    }
  }
  const cont: [number, number] = [0x80, 0xbf];
  if (all) sequences.push([[0xc2, 0xdf], cont], [[0xe0, 0xef], cont, cont], [[0xf0, 0xf4], cont, cont, cont]);
  const suffixes = new Set<string>();
  const prefixes = new Map<string, number>();
  const children = new Map<string, Set<string>>();
  for (const seq of sequences) {
    let key = '';
    for (let i = seq.length - 1; i >= 1; i--) {
      key = `${seq[i][0]}-${seq[i][1]}>${key}`;
      suffixes.add(key);
    }
    let prefix = '';
    for (const [lo, hi] of seq) {
      const next = `${prefix}<${lo}-${hi}`;
      prefixes.set(next, 1);
      if (!children.has(prefix)) children.set(prefix, new Set());
      children.get(prefix)!.add(next);
      prefix = next;
    }
  }
  const alternations = (n: number) => Math.max(0, n - 1);
  const shared = sequences.length + suffixes.size + alternations(sequences.length);
  const trie = prefixes.size + [...children.values()].reduce((sum, c) => sum + alternations(c.size), 0);
  return Math.min(shared, trie);
}

/**
 * `text` as an RE2 expression matching exactly `text`: every character RE2 treats specially outside a class
 * (`\ . + * ? ( ) | [ ] { } ^ $`, re2 re2/re2.cc `RE2::QuoteMeta`, Go regexp `QuoteMeta`) is escaped; any other
 * character, `-` and `/` included, is literal outside a class.
 */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
