/**
 * The XM_CF reader's machinery: the diagnostics and source map being built
 * ({@linkcode Reader}), one element's attributes and children with their
 * bookkeeping and diagnostics ({@linkcode ElementReader}), and the small
 * helpers every element reader uses.
 *
 * @module
 */
import {
  attributePath,
  childPath,
  type ConfigPath,
  type SourcePosition,
  XM_NAMESPACE,
  XMBENCH_NAMESPACE,
} from "../config.ts";
import type { Diagnostic } from "../diagnostic.ts";
import type { XmlAttribute, XmlElement } from "./tree.ts";
import {
  badValueMessage,
  oneOf,
  parseHex,
  parseName,
  parseUnsigned,
  type ValueResult,
} from "./values.ts";
import { type ErrorCode, isReaderCode, READER_CODES, type ReaderCode } from "./reader_codes.ts";

/** Namespaces whose attributes every element may have (and the reader ignores). */
const XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance";
const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";

/** A value parser. */
export type Parse<T> = (raw: string) => ValueResult<T>;

/** The diagnostics and source map being built. */
export class Reader {
  readonly diagnostics: Diagnostic[] = [];
  readonly sources = new Map<ConfigPath, SourcePosition>();
  /** The namespace of XM_CF elements in this document (the root's). */
  namespace = XM_NAMESPACE;

  /** Reports a finding, with its code's severity. */
  report(code: ReaderCode, path: ConfigPath, position: SourcePosition, message: string): void {
    this.diagnostics.push({ severity: READER_CODES[code].severity, code, path, position, message });
  }
}

/** A child element rule (see {@linkcode ElementReader.children}). */
export interface ChildRule {
  /** The XM-Q name it is read as (for paths and counting), when not its own. */
  readonly as?: string;
  /** It may appear at most once. */
  readonly single?: boolean;
  /** A 3.x spelling: the warning to give (the message after `Parent: `). */
  readonly legacy?: { readonly code: ReaderCode; readonly detail: string };
  /** Reads it, given its path. */
  readonly read: (child: XmlElement, path: ConfigPath) => void;
}

/** Reads one element: its attributes (each once) and its children. */
export class ElementReader {
  readonly label: string;
  private readonly expected: string[] = [];
  private readonly taken = new Set<XmlAttribute>();

  constructor(
    readonly reader: Reader,
    readonly element: XmlElement,
    readonly path: ConfigPath,
  ) {
    this.label = element.name;
    reader.sources.set(path, element.position);
  }

  private error(
    code: ErrorCode,
    path: ConfigPath,
    position: SourcePosition,
    message: string,
  ) {
    this.reader.report(code, path, position, message);
  }

  /** Takes an unprefixed attribute, mapping its source under `canonical`. */
  private take(name: string, canonical = name, listed = true): XmlAttribute | undefined {
    if (listed && !this.expected.includes(name)) this.expected.push(name);
    const attribute = this.element.attributes.find((a) => a.uri === "" && a.name === name);
    if (attribute) {
      this.taken.add(attribute);
      this.reader.sources.set(attributePath(this.path, canonical), attribute.position);
    }
    return attribute;
  }

  private parse<T>(attribute: XmlAttribute, parse: Parse<T>, canonical: string): T | undefined {
    const path = attributePath(this.path, canonical);
    const where = `${this.label}@${attribute.name}`;
    const result = parse(attribute.value);
    if (!result.ok) {
      this.error(
        "bad-value",
        path,
        attribute.position,
        badValueMessage(where, attribute.value, result),
      );
      return undefined;
    }
    for (const w of result.warnings) {
      // A value parser's code the list does not have is a bug: reported as `internal`.
      if (!isReaderCode(w.code)) throw new Error(`unknown diagnostic code ${w.code}`);
      this.reader.report(w.code, path, attribute.position, `${where}: ${w.detail}`);
    }
    return result.value;
  }

  /** A required attribute: `fallback` (never seen: the config is dropped) when missing or bad. */
  required<T>(name: string, parse: Parse<T>, fallback: T, hint = ""): T {
    const attribute = this.take(name);
    if (!attribute) {
      this.error(
        "missing-attribute",
        attributePath(this.path, name),
        this.element.position,
        `${this.label}: missing attribute ${name}${hint}`,
      );
      return fallback;
    }
    return this.parse(attribute, parse, name) ?? fallback;
  }

  /** An optional attribute without a default. */
  optional<T>(name: string, parse: Parse<T>): T | undefined {
    const attribute = this.take(name);
    return attribute ? this.parse(attribute, parse, name) : undefined;
  }

  /** An optional attribute with a default. */
  defaulted<T>(name: string, parse: Parse<T>, value: T): T {
    return this.optional(name, parse) ?? value;
  }

  /** A required attribute that may be spelled the older way, read with a warning. */
  requiredOrLegacy<T>(name: string, legacy: string, parse: Parse<T>, fallback: T, why: string): T {
    const old = this.element.attributes.find((a) => a.uri === "" && a.name === legacy);
    const current = this.element.attributes.find((a) => a.uri === "" && a.name === name);
    if (old && !current) {
      this.take(legacy, name, false);
      this.expected.push(name);
      this.reader.report(
        "xm3-spelling",
        attributePath(this.path, name),
        old.position,
        `${this.label}@${legacy}: ${why}`,
      );
      return this.parse(old, parse, name) ?? fallback;
    }
    return this.required(name, parse, fallback);
  }

  /** A 3.x attribute XM-Q has no use for: checked with `parse`, then dropped with a warning. */
  ignored(name: string, parse: Parse<unknown>, why: string): void {
    const attribute = this.take(name, name, false);
    if (!attribute) return;
    if (this.parse(attribute, parse, name) === undefined) return;
    this.reader.report(
      "xm3-ignored",
      attributePath(this.path, name),
      attribute.position,
      `${this.label}@${name}: ${why}`,
    );
  }

  /** Reports the attributes nobody took. Call after the last attribute read. */
  finishAttributes(): void {
    for (const a of this.element.attributes) {
      if (this.taken.has(a) || a.uri === XSI_NAMESPACE || a.uri === XML_NAMESPACE) continue;
      const path = attributePath(this.path, a.name);
      this.reader.sources.set(path, a.position);
      const expected = this.expected.length === 0
        ? "expected no attributes"
        : `expected ${oneOf(this.expected)}`;
      this.error(
        "unknown-attribute",
        path,
        a.position,
        `${this.label}: unknown attribute ${a.name}: ${expected}`,
      );
    }
  }

  /**
   * Reads the children by rule (keys: XM_CF local names, `xmb:` + local name
   * for the extension), reporting unknown, repeated singletons and text.
   *
   * @returns How many of each (by XM-Q name) were read.
   */
  children(rules: Readonly<Record<string, ChildRule>>, counts = new Map<string, number>()) {
    const reader = this.reader;
    for (const text of this.element.text) {
      const shown = text.value.trim().replace(/\s+/g, " ");
      const excerpt = shown.length > 20 ? `${shown.slice(0, 20)}...` : shown;
      this.error(
        "unexpected-text",
        this.path,
        text.position,
        `${this.label}: unexpected text ${JSON.stringify(excerpt)}: expected only elements`,
      );
    }
    const expected = Object.entries(rules).filter(([, r]) => !r.legacy).map(([k]) => `<${k}>`);
    const unknownCounts = new Map<string, number>();
    for (const child of this.element.children) {
      const key = child.uri === reader.namespace
        ? child.local
        : child.uri === XMBENCH_NAMESPACE
        ? `xmb:${child.local}`
        : undefined;
      const rule = key === undefined ? undefined : rules[key];
      if (!rule) {
        const name = key ?? child.name;
        const index = unknownCounts.get(name) ?? 0;
        unknownCounts.set(name, index + 1);
        const path = childPath(this.path, name, index);
        reader.sources.set(path, child.position);
        const where = key === undefined
          ? child.uri === "" ? " (in no namespace)" : ` (in namespace ${child.uri})`
          : "";
        const what = key?.startsWith("xmb:") ? "unknown xmbench element" : "unknown element";
        const list = expected.length === 0 ? "expected no elements" : `expected ${oneOf(expected)}`;
        this.error(
          "unknown-element",
          path,
          child.position,
          `${this.label}: ${what} <${child.name}>${where}: ${list}`,
        );
        continue;
      }
      const name = rule.as ?? key!;
      const index = counts.get(name) ?? 0;
      counts.set(name, index + 1);
      const path = childPath(this.path, name, index);
      if (rule.single && index > 0) {
        this.error(
          "duplicate-element",
          path,
          child.position,
          `${this.label}: more than one <${name}>: expected at most one`,
        );
        continue;
      }
      if (rule.legacy) {
        reader.report(
          rule.legacy.code,
          path,
          child.position,
          `${this.label}: ${rule.legacy.detail}`,
        );
      }
      rule.read(child, path);
    }
    return counts;
  }

  /** Reports a required child element that is missing. */
  requireChild(counts: ReadonlyMap<string, number>, name: string): void {
    if ((counts.get(name) ?? 0) > 0) return;
    this.error(
      "missing-element",
      childPath(this.path, name),
      this.element.position,
      `${this.label}: missing element <${name}>`,
    );
  }
}

/** Copies `object` without its undefined properties (optional fields stay absent). */
export function compact<T extends object>(object: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(object)) if (v !== undefined) out[k] = v;
  return out as T;
}

// The value parsers most attributes use.
export const id: Parse<number> = (raw) => parseUnsigned(raw, "id");
export const count: Parse<number> = (raw) => parseUnsigned(raw, "number");
export const address: Parse<number> = (raw) => parseHex(raw, "address");
export const name: Parse<string> = (raw) => parseName(raw, "name");

/** A 3.x `Trace` element: dropped with a warning (its source still mapped). */
export function ignoredTrace(r: ElementReader, where: string): ChildRule {
  return {
    legacy: {
      code: "xm3-ignored",
      detail: `<Trace> (XtratuM 3.x) ignored: xmbench does not model ${where} tracing`,
    },
    read: (c, p) => r.reader.sources.set(p, c.position),
  };
}
