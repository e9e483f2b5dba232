/**
 * Finds the Vietnamese string literals in TypeScript sources, for tests/unit/messages.test.ts: a
 * small tokenizer (strings, template literals with their `${…}` parts, comments, regular
 * expressions), no parser. A template literal is rendered into the texts it can produce: each
 * `${…}` becomes a sample value ("12": a number, a name, a date all match the dictionary's
 * patterns), or, when it is a condition choosing between literals (`${a ? "x" : "y"}`,
 * `${n ?? ""}`), each of those literals in turn.
 */

export const VIETNAMESE = /[ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

export const SAMPLE = "12";

type Part = string | { expr: string };
export interface Literal {
  /** The literal as written between its quotes (templates keep their `${…}`). */
  raw: string;
  /** 1-based line of its opening quote. */
  line: number;
  /** The source just before it (up to 80 characters, whitespace squeezed). */
  before: string;
  /** The texts it can produce (one for a plain string). */
  variants: string[];
}

const MAX_VARIANTS = 16;

function readQuoted(src: string, i: number): { value: string; end: number } {
  const q = src[i]!;
  let out = "";
  let j = i + 1;
  while (j < src.length && src[j] !== q) {
    if (src[j] === "\\") {
      const c = src[j + 1]!;
      out += c === "n" ? "\n" : c === "t" ? "\t" : c;
      j += 2;
    } else out += src[j++];
  }
  return { value: out, end: j + 1 };
}

/** A template literal starting at src[i] === "`": its parts and the index after it. */
function readTemplate(src: string, i: number): { parts: Part[]; raw: string; end: number } {
  const parts: Part[] = [];
  let text = "";
  let j = i + 1;
  while (j < src.length && src[j] !== "`") {
    if (src[j] === "\\") {
      const c = src[j + 1]!;
      text += c === "n" ? "\n" : c === "t" ? "\t" : c;
      j += 2;
    } else if (src[j] === "$" && src[j + 1] === "{") {
      if (text) parts.push(text);
      text = "";
      const end = skipExpression(src, j + 2);
      parts.push({ expr: src.slice(j + 2, end) });
      j = end + 1;
    } else text += src[j++];
  }
  if (text) parts.push(text);
  return { parts, raw: src.slice(i + 1, j), end: j + 1 };
}

/** From just inside `${` (or any brace), the index of the matching `}`. */
function skipExpression(src: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < src.length) {
    const c = src[j]!;
    if (c === '"' || c === "'") j = readQuoted(src, j).end;
    else if (c === "`") j = readTemplate(src, j).end;
    else if (c === "{") {
      depth++;
      j++;
    } else if (c === "}") {
      if (depth === 0) return j;
      depth--;
      j++;
    } else j++;
  }
  return j;
}

const REGEX_BEFORE = /[(,=:[!&|?{};+\-*%<>~^]$|^$|\breturn$|\btypeof$/;

type Token = { kind: "string"; value: string; start: number; end: number } | { kind: "template"; parts: Part[]; raw: string; start: number; end: number };

/** The string and template tokens of a source, outside comments and regular expressions. */
function tokens(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "/" && src[i + 1] === "/") {
      const nl = src.indexOf("\n", i);
      i = nl < 0 ? src.length : nl;
    } else if (c === "/" && src[i + 1] === "*") {
      const close = src.indexOf("*/", i + 2);
      i = close < 0 ? src.length : close + 2;
    } else if (c === "/" && REGEX_BEFORE.test(src.slice(Math.max(0, i - 8), i).trimEnd())) {
      let j = i + 1;
      let inClass = false;
      while (j < src.length && src[j] !== "\n") {
        if (src[j] === "\\") j += 2;
        else if (src[j] === "[") (inClass = true), j++;
        else if (src[j] === "]") (inClass = false), j++;
        else if (src[j] === "/" && !inClass) break;
        else j++;
      }
      i = j + 1;
    } else if (c === '"' || c === "'") {
      const r = readQuoted(src, i);
      out.push({ kind: "string", value: r.value, start: i, end: r.end });
      i = r.end;
    } else if (c === "`") {
      const r = readTemplate(src, i);
      out.push({ kind: "template", parts: r.parts, raw: r.raw, start: i, end: r.end });
      i = r.end;
    } else i++;
  }
  return out;
}

function renderToken(t: Token): string[] {
  return t.kind === "string" ? [t.value] : renderParts(t.parts);
}

/** The values an interpolated expression may take, as far as the literals in it tell. */
function alternatives(expr: string): string[] {
  const lits = tokens(expr);
  if (!lits.length) return [SAMPLE];
  // Literals blanked: what remains tells a condition (a ? b : c, a ?? b, a || b) from a call.
  let blanked = expr;
  for (const t of [...lits].reverse()) blanked = blanked.slice(0, t.start) + "L" + blanked.slice(t.end);
  const conditional = /\?[^.?]|\?\?|\|\|/.test(blanked);
  if (!conditional) return [SAMPLE];
  const values = lits.flatMap(renderToken);
  // "a ? L : L": only literals; otherwise a branch is a value of its own.
  const onlyLiterals = /^[^?]*\?\s*L\s*:\s*L\s*$/.test(blanked.replace(/\s+/g, " ").trim());
  return onlyLiterals ? values : [...values, SAMPLE];
}

function renderParts(parts: Part[]): string[] {
  let out = [""];
  for (const p of parts) {
    const alts = typeof p === "string" ? [p] : alternatives(p.expr);
    const next: string[] = [];
    for (const a of out) for (const b of alts) next.push(a + b);
    out = next.slice(0, MAX_VARIANTS);
  }
  return out;
}

/**
 * The Vietnamese literals of a source (not those nested inside another literal's `${…}`). Literals
 * joined with `+` ("…" + `…` + "…") are one text.
 */
export function vietnameseLiterals(src: string): Literal[] {
  const all = tokens(src);
  const groups: Token[][] = [];
  for (const t of all) {
    const last = groups.at(-1);
    const prev = last?.at(-1);
    if (last && prev && /^\s*\+\s*$/.test(src.slice(prev.end, t.start))) last.push(t);
    else groups.push([t]);
  }
  const out: Literal[] = [];
  for (const g of groups) {
    const raw = g.map((t) => (t.kind === "string" ? t.value : t.raw)).join("");
    if (!VIETNAMESE.test(raw)) continue;
    const start = g[0]!.start;
    const line = src.slice(0, start).split("\n").length;
    const before = src.slice(Math.max(0, start - 200), start).replace(/\s+/g, " ").slice(-80);
    let variants = [""];
    for (const t of g) {
      const next: string[] = [];
      for (const a of variants) for (const b of renderToken(t)) next.push(a + b);
      variants = next.slice(0, MAX_VARIANTS);
    }
    out.push({ raw, line, before, variants });
  }
  return out;
}
