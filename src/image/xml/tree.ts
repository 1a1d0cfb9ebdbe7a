/**
 * XML text to a small element tree, with namespaces resolved and a source
 * position for every element (its `<`) and every attribute (its name). The
 * parsing is saxes'; this module turns its events into the tree and its
 * errors into {@linkcode Diagnostic}s (code `xml-syntax`) in the house
 * style, positioned where the problem is:
 *
 * | problem               | message                                                                          | position                 |
 * | --------------------- | -------------------------------------------------------------------------------- | ------------------------ |
 * | mismatched end tag    | `mismatched end tag: expected </a> (start tag at 2:3), found </b>`               | the end tag's `<`        |
 * | end tag, no start     | `end tag </b> has no start tag`                                                  | the end tag's `<`        |
 * | unclosed element      | `unclosed element <a>: expected </a> before the end of the file`                 | the start tag's `<`      |
 * | unclosed comment      | `unclosed comment: expected --> before the end of the file`                      | its `<!--`               |
 * | unclosed CDATA        | `unclosed CDATA section: expected ]]> before the end of the file`                | its `<![CDATA[`          |
 * | unclosed PI           | `unclosed processing instruction p: expected ?> before the end of the file`      | its `<?`                 |
 * | file ends in a tag    | `the file ends inside the start tag <a>` (or `end tag </a>`)                     | the tag's `<`            |
 * | unquoted value        | `attribute value without quotes: expected id="p0", found id=p0`                  | the value                |
 * | value missing         | `attribute without value: expected flags="...", found flags`                     | the attribute's name     |
 * | duplicate attribute   | `duplicate attribute id on <a> (first at 2:14): expected each attribute once`    | the second name          |
 * | bad entity            | `undefined entity &x;: expected &lt;, ... or a character reference (e.g. &#38;)` | the `&`                  |
 * | bare `&`              | `bare "&": expected an entity reference such as &amp;`                           | the `&`                  |
 * | undeclared prefix     | `undeclared namespace prefix z in <z:a>: expected a declaration xmlns:z="..."`   | the element or attribute |
 * | misplaced declaration | `an XML declaration must be at the start of the document`                        | its `<?`                 |
 * | unpaired surrogate    | `disallowed character U+D800 (half of a surrogate pair): expected characters...` | the surrogate            |
 *
 * (An unfinished XML declaration is an `unclosed XML declaration`, an
 * unfinished DOCTYPE an `unclosed document type declaration`, both at their
 * `<`.)
 *
 * Every message starts with `malformed XML: `. Other saxes errors keep its
 * text (without the trailing period), at its line and column (a column of
 * 0, at the start of a line, becomes 1). After an error that breaks the
 * element structure (a mismatched or stray end tag, the end of the file
 * inside an element, a bare `&`, an attribute without a value, an unquoted
 * value before `/>`) nothing later is reported: it would only be a
 * consequence (bare `&`s and unpaired surrogates, found before parsing, are
 * all reported). Lines and columns are 1-based; columns count
 * characters (Unicode code points); a leading byte order mark is skipped.
 *
 * @module
 */
import { SaxesParser } from "saxes";
import type { SourcePosition } from "../config.ts";
import type { Diagnostic } from "../diagnostic.ts";

/** An attribute, with its namespace resolved (unprefixed attributes have none: `uri` is `""`). */
export interface XmlAttribute {
  /** The name as written, e.g. `xmb:file` or `start`. */
  readonly name: string;
  /** The prefix, or `""`. */
  readonly prefix: string;
  /** The local name. */
  readonly local: string;
  /** The namespace URI, or `""`. */
  readonly uri: string;
  /** The value, entities replaced. */
  readonly value: string;
  /** Where its name starts. */
  readonly position: SourcePosition;
}

/** Character data that is not only whitespace (text or CDATA). */
export interface XmlText {
  /** The text, entities replaced. */
  readonly value: string;
  /** Where its first non-blank character (or the CDATA section) starts. */
  readonly position: SourcePosition;
}

/** An element, with its namespace resolved. */
export interface XmlElement {
  /** The name as written, e.g. `xmb:Board` or `Partition`. */
  readonly name: string;
  /** The prefix, or `""`. */
  readonly prefix: string;
  /** The local name. */
  readonly local: string;
  /** The namespace URI, or `""` for none. */
  readonly uri: string;
  /** The attributes in document order, namespace declarations (`xmlns`, `xmlns:p`) left out. */
  readonly attributes: readonly XmlAttribute[];
  /** The child elements in document order. */
  readonly children: readonly XmlElement[];
  /** The non-blank character data directly inside, in document order. */
  readonly text: readonly XmlText[];
  /** Where its `<` is. */
  readonly position: SourcePosition;
}

/** A parsed document. */
export interface XmlDocument {
  /** The root element; undefined iff the document is not well-formed. */
  readonly root?: XmlElement;
  /** The well-formedness errors (code `xml-syntax`), in document order. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Offsets (UTF-16) to 1-based lines and columns (code points). */
class Lines {
  private readonly starts: number[] = [0];
  /** The last answer, to count on from (positions are mostly asked in document order). */
  private last = { line: 0, offset: 0, column: 1 };

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) this.starts.push(i + 1);
    }
  }

  /** The line and column of an offset. */
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const start = this.starts[lo];
    const resume = this.last.line === lo && this.last.offset <= offset;
    let column = resume ? this.last.column : 1;
    for (let i = resume ? this.last.offset : start; i < offset; i++) {
      const c = this.text.charCodeAt(i);
      // The second half of a surrogate pair is the same character as the first.
      const second = c >= 0xdc00 && c <= 0xdfff && i > start &&
        isHighSurrogate(this.text.charCodeAt(i - 1));
      if (!second) column++;
    }
    this.last = { line: lo, offset, column };
    return { line: lo + 1, column };
  }
}

/** An element being built. */
interface Building {
  name: string;
  prefix: string;
  local: string;
  uri: string;
  attributes: XmlAttribute[];
  children: Building[];
  text: XmlText[];
  position: SourcePosition;
}

/** A start tag between its name and its `>`. */
interface PendingTag {
  readonly name: string;
  readonly offset: number;
  readonly attributes: { name: string; offset: number }[];
}

/** Whether a UTF-16 code unit is the first half of a surrogate pair. */
function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** The offsets of surrogates that are not half of a pair: not characters, so not XML. */
function unpairedSurrogates(text: string): number[] {
  const found: number[] = [];
  for (const m of text.matchAll(/[\uD800-\uDFFF]/g)) {
    const i = m.index;
    const c = text.charCodeAt(i);
    const paired = isHighSurrogate(c)
      ? (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
      : isHighSurrogate(text.charCodeAt(i - 1));
    if (!paired) found.push(i);
  }
  return found;
}

/** The offsets of `&`s that do not start something shaped like a reference, outside comments, CDATA, PIs and DOCTYPE. */
function bareAmpersands(text: string): number[] {
  const found: number[] = [];
  const reference = /&[^\s<>&;"']+;/y;
  const skip = (from: number, end: string) => {
    const i = text.indexOf(end, from);
    return i < 0 ? text.length : i + end.length;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "<") {
      if (text.startsWith("<!--", i)) i = skip(i + 4, "-->");
      else if (text.startsWith("<![CDATA[", i)) i = skip(i + 9, "]]>");
      else if (text.startsWith("<?", i)) i = skip(i + 2, "?>");
      else if (text.startsWith("<!DOCTYPE", i)) {
        const close = text.indexOf(">", i);
        const open = text.indexOf("[", i);
        i = open >= 0 && (close < 0 || open < close) ? skip(skip(open, "]"), ">") : skip(i, ">");
      } else i++;
    } else {
      if (c === "&") {
        reference.lastIndex = i;
        if (!reference.test(text)) found.push(i);
      }
      i++;
    }
  }
  return found;
}

/** What the file ends inside: the markup left open, at its `<`, and the message for it. */
interface Unfinished {
  readonly offset: number;
  readonly message: string;
}

/**
 * The markup the file ends inside (a comment, CDATA section, processing
 * instruction, DOCTYPE or tag), found by reading the markup from the start
 * as saxes does; undefined when there is none.
 */
function unfinishedMarkup(text: string): Unfinished | undefined {
  const closing = (what: string, end: string) =>
    `${what}: expected ${end} before the end of the file`;
  const piTarget = /[^\s?>]*/y;
  const tagName = /\/?([^\s<>/!?"'=&][^\s<>/"'=]*)/y;
  let i = 0;
  while ((i = text.indexOf("<", i)) >= 0) {
    let end: number;
    if (text.startsWith("<!--", i)) {
      end = text.indexOf("-->", i + 4);
      if (end < 0) return { offset: i, message: closing("unclosed comment", "-->") };
      i = end + 3;
    } else if (text.startsWith("<![CDATA[", i)) {
      end = text.indexOf("]]>", i + 9);
      if (end < 0) return { offset: i, message: closing("unclosed CDATA section", "]]>") };
      i = end + 3;
    } else if (text.startsWith("<?", i)) {
      end = text.indexOf("?>", i + 2);
      if (end < 0) {
        piTarget.lastIndex = i + 2;
        const target = piTarget.exec(text)![0];
        const what = target === "xml"
          ? "unclosed XML declaration"
          : `unclosed processing instruction${target === "" ? "" : ` ${target}`}`;
        return { offset: i, message: closing(what, "?>") };
      }
      i = end + 2;
    } else if (text.startsWith("<!DOCTYPE", i)) {
      // To its `>`, or to the `]` and `>` of an internal subset.
      const close = text.indexOf(">", i);
      const open = text.indexOf("[", i);
      const subset = open >= 0 && (close < 0 || open < close);
      end = subset ? text.indexOf("]", open) : close;
      if (subset && end >= 0) end = text.indexOf(">", end);
      if (end < 0) {
        const what = "unclosed document type declaration";
        return { offset: i, message: closing(what, subset ? "]>" : ">") };
      }
      i = end + 1;
    } else {
      // A tag, to its `>` (which may appear in a quoted attribute value); a lone `<` is skipped.
      tagName.lastIndex = i + 1;
      const name = tagName.exec(text);
      if (!name) {
        i++;
        continue;
      }
      let quote = "";
      let j = i + 1;
      for (; j < text.length; j++) {
        const c = text[j];
        if (quote !== "") {
          if (c === quote) quote = "";
        } else if (c === '"' || c === "'") quote = c;
        else if (c === ">") break;
      }
      if (j >= text.length) {
        const tag = text[i + 1] === "/" ? `end tag </${name[1]}>` : `start tag <${name[1]}>`;
        return { offset: i, message: `the file ends inside the ${tag}` };
      }
      i = j + 1;
    }
  }
  return undefined;
}

/**
 * Parses XML text into an element tree, reporting every well-formedness
 * problem it can.
 *
 * @param source The document.
 * @param file The file name for positions, as the user gave it.
 * @returns The root element (when the document is well-formed) and the diagnostics.
 */
export function parseXml(source: string, file: string): XmlDocument {
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  const lines = new Lines(text);
  const at = (offset: number): SourcePosition => ({ file, ...lines.at(offset) });
  const found: { offset: number; diagnostic: Diagnostic }[] = [];
  const report = (offset: number, message: string, position = at(offset)) => {
    const diagnostic: Diagnostic = {
      severity: "error",
      code: "xml-syntax",
      position,
      message: `malformed XML: ${message}`,
    };
    if (!found.some((f) => f.diagnostic.message === diagnostic.message && f.offset === offset)) {
      found.push({ offset, diagnostic });
    }
  };

  // Bare ampersands: saxes would read everything up to the next `;` as an entity name.
  const ampersands = bareAmpersands(text);
  for (const offset of ampersands) {
    report(offset, `bare "&": expected an entity reference such as &amp;`);
  }
  // Unpaired surrogates: saxes takes one with the next character (a `<`, a line break...).
  const surrogates = unpairedSurrogates(text);
  for (const offset of surrogates) {
    const code = text.charCodeAt(offset).toString(16).toUpperCase();
    report(
      offset,
      `disallowed character U+${code} (half of a surrogate pair): expected characters XML 1.0 allows`,
    );
  }
  // Nothing saxes says after either is trusted.
  const horizon = Math.min(ampersands[0] ?? Infinity, surrogates[0] ?? Infinity);

  let broken = false; // the structure can no longer be trusted: report nothing more
  let ending = false;
  const endErrors: string[] = [];
  let pending: PendingTag | undefined;
  const stack: Building[] = [];
  let root: Building | undefined;
  let lastMarkupEnd = 0;

  const parser = new SaxesParser({ xmlns: true, position: true });
  const beyond = () => parser.position > horizon;

  /** The offset of the `</` of the end tag that ends just before the parser's position. */
  const endTagAt = () => text.lastIndexOf("</", parser.position - 1);
  const endTagName = (lt: number) => /^[^\s>]*/.exec(text.slice(lt + 2))![0];

  /** The offset of an attribute's name, given the parser just read its value. */
  const attributeNameAt = (name: string): number => {
    const end = parser.position - 1;
    const quote = text[end];
    if (quote === '"' || quote === "'") {
      let i = text.lastIndexOf(quote, end - 1) - 1;
      while (i >= 0 && /\s/.test(text[i])) i--;
      if (text[i] === "=") {
        i--;
        while (i >= 0 && /\s/.test(text[i])) i--;
        const start = i + 1 - name.length;
        if (text.slice(start, i + 1) === name) return start;
      }
    }
    // Unquoted value (already an error): the last `name=` before here.
    const before = text.slice(0, parser.position);
    const match = [...before.matchAll(new RegExp(`${name.replace(/[.]/g, "\\.")}\\s*=`, "g"))];
    return match.length > 0 ? match[match.length - 1].index! : parser.position;
  };

  parser.on("opentagstart", (tag) => {
    if (broken || beyond()) return;
    pending = {
      name: tag.name,
      offset: text.lastIndexOf("<", parser.position - 1),
      attributes: [],
    };
  });
  parser.on("attribute", (attribute) => {
    if (broken || beyond() || !pending) return;
    pending.attributes.push({ name: attribute.name, offset: attributeNameAt(attribute.name) });
  });
  parser.on("opentag", (tag) => {
    if (broken || beyond()) return;
    const started = pending ?? { name: tag.name, offset: parser.position, attributes: [] };
    pending = undefined;
    const attributes: XmlAttribute[] = [];
    for (const { name, offset } of started.attributes) {
      const a = tag.attributes[name];
      if (!a || a.prefix === "xmlns" || name === "xmlns") continue;
      if (attributes.some((b) => b.name === name)) continue; // a duplicate: already an error
      attributes.push({
        name,
        prefix: a.prefix,
        local: a.local,
        uri: a.uri,
        value: a.value,
        position: at(offset),
      });
    }
    const element: Building = {
      name: tag.name,
      prefix: tag.prefix,
      local: tag.local,
      uri: tag.uri,
      attributes,
      children: [],
      text: [],
      position: at(started.offset),
    };
    if (stack.length > 0) stack[stack.length - 1].children.push(element);
    else if (root === undefined) root = element;
    stack.push(element);
    lastMarkupEnd = parser.position;
  });
  parser.on("closetag", (tag) => {
    if (broken || beyond()) return;
    if (!tag.isSelfClosing) {
      const lt = endTagAt();
      const name = endTagName(lt);
      if (name !== tag.name) {
        const open = stack[stack.length - 1].position;
        report(
          lt,
          `mismatched end tag: expected </${tag.name}> (start tag at ${open.line}:${open.column}), ` +
            `found </${name}>`,
        );
        broken = true;
        return;
      }
    }
    stack.pop();
    lastMarkupEnd = parser.position;
  });
  const markupEnds = () => (lastMarkupEnd = parser.position);
  parser.on("comment", markupEnds);
  parser.on("processinginstruction", markupEnds);
  parser.on("doctype", markupEnds);
  parser.on("xmldecl", markupEnds);
  parser.on("text", (value) => {
    if (broken || beyond() || stack.length === 0 || value.trim() === "") return;
    let i = lastMarkupEnd;
    while (i < text.length && /\s/.test(text[i])) i++;
    stack[stack.length - 1].text.push({ value, position: at(i) });
  });
  parser.on("cdata", (value) => {
    if (!(broken || beyond()) && stack.length > 0 && value.trim() !== "") {
      const i = text.indexOf("<![CDATA[", lastMarkupEnd);
      stack[stack.length - 1].text.push({ value, position: at(i < 0 ? lastMarkupEnd : i) });
    }
    lastMarkupEnd = parser.position;
  });

  parser.on("error", (error) => {
    const message = error.message.replace(/^\d+:\d+: /, "");
    if (ending) {
      endErrors.push(message);
      return;
    }
    if (broken || beyond()) return;
    const here = parser.position;
    const saxesPosition = { file, line: parser.line, column: Math.max(parser.column, 1) };
    let m: RegExpExecArray | null;
    if (message.startsWith("unexpected close tag") || message.startsWith("unmatched closing tag")) {
      // A close tag that matches no open element (a mismatch is caught in `closetag`).
      const lt = endTagAt();
      report(lt, `end tag </${endTagName(lt)}> has no start tag`);
      broken = true;
    } else if (message === "unquoted attribute value.") {
      const start = here - 1;
      let i = start - 1;
      while (i >= 0 && /\s/.test(text[i])) i--;
      i--; // the `=`
      while (i >= 0 && /\s/.test(text[i])) i--;
      const nameMatch = /[^\s<"']+$/.exec(text.slice(0, i + 1));
      const name = nameMatch ? nameMatch[0] : "";
      let value = /^[^\s>]*/.exec(text.slice(start))![0];
      if (value.endsWith("/") && text[start + value.length] === ">") {
        // saxes takes the `/` into the value: the element would stay open.
        value = value.slice(0, -1);
        broken = true;
      }
      report(
        start,
        `attribute value without quotes: expected ${name}="${value}", found ${name}=${value}`,
      );
    } else if ((m = /^duplicate attribute: (?:\{[^}]*\})?(.*)\.$/.exec(message)) && pending) {
      const local = m[1];
      const same = pending.attributes.filter((a) =>
        a.name === local || a.name.endsWith(`:${local}`)
      );
      const [first, second] = same.length >= 2 ? same : [undefined, undefined];
      if (first && second) {
        const p = at(first.offset);
        report(
          second.offset,
          `duplicate attribute ${second.name} on <${pending.name}> (first at ${p.line}:${p.column}): ` +
            `expected each attribute once`,
        );
      } else report(here, message.replace(/\.$/, ""), saxesPosition);
    } else if (
      message === "undefined entity." || message === "disallowed character in entity name." ||
      message === "malformed character entity." || message === "empty entity name."
    ) {
      const amp = text.lastIndexOf("&", here - 1);
      const reference = text.slice(amp, here);
      const what = message === "undefined entity." ? "undefined entity" : "bad entity reference";
      report(
        amp,
        `${what} ${reference}: expected &lt;, &gt;, &amp;, &quot;, &apos; or a character ` +
          `reference (e.g. &#38;)`,
      );
    } else if ((m = /^unbound namespace prefix: "(.*)"\.$/.exec(message)) && pending) {
      const prefix = m[1];
      const attribute = pending.attributes.find((a) => a.name.startsWith(`${prefix}:`));
      if (pending.name.startsWith(`${prefix}:`) || !attribute) {
        report(
          pending.offset,
          `undeclared namespace prefix ${prefix} in <${pending.name}>: ` +
            `expected a declaration xmlns:${prefix}="..."`,
        );
      } else {
        report(
          attribute.offset,
          `undeclared namespace prefix ${prefix} of attribute ${attribute.name} on ` +
            `<${pending.name}>: expected a declaration xmlns:${prefix}="..."`,
        );
      }
    } else if (message === "documents may contain only one root." && pending) {
      report(
        pending.offset,
        `second root element <${pending.name}>: expected a single root element`,
      );
    } else if (
      message === "attribute without value." ||
      (message === "disallowed character in attribute name." && text.startsWith("/>", here - 1) &&
        /[^\s<>"'=/]/.test(text[here - 2] ?? ""))
    ) {
      // saxes fails at what follows the name (and its blanks): the next name, `>` or `/`
      // (`<a flags/>` is a `/` in the name, then a value missing before `>`).
      let end = here - 1;
      while (end > 0 && /\s/.test(text[end - 1])) end--;
      let start = end;
      while (start > 0 && /[^\s<>"'=/]/.test(text[start - 1])) start--;
      if (start < end) {
        const name = text.slice(start, end);
        report(start, `attribute without value: expected ${name}="...", found ${name}`);
      } else report(here, message.replace(/\.$/, ""), saxesPosition);
      // saxes drops the rest of the start tag: the element would stay open.
      broken = true;
    } else if (
      message === "an XML declaration must be at the start of the document." ||
      message === "the XML declaration must appear at the start of the document."
    ) {
      // saxes fails after `<?xml` (or, for `<?XML`, after `?>`): report at the `<?`.
      const declarations = [...text.slice(0, here).matchAll(/<\?xml/gi)];
      const lt = declarations.length > 0 ? declarations[declarations.length - 1].index! : here;
      report(lt, message.replace(/\.$/, ""));
    } else if (message === "text data outside of root node.") {
      let i = lastMarkupEnd;
      while (i < here && /\s/.test(text[i])) i++;
      report(i, "text outside the root element");
    } else {
      report(here, message.replace(/\.$/, ""), saxesPosition);
    }
  });

  try {
    parser.write(text);
    ending = true;
    parser.close();
  } catch (e) {
    // saxes reports through the error handler; this is only a safety net.
    if (!broken) report(text.length, e instanceof Error ? e.message : String(e));
    broken = true;
  }

  if (!broken && horizon === Infinity) {
    const unclosed = endErrors.find((e) => e.startsWith("unclosed tag: "));
    if (pending) {
      const p = at(pending.offset);
      report(pending.offset, `the file ends inside the start tag <${pending.name}>`, p);
    } else if (text.trim() === "") {
      // saxes says "unexpected end." for a file of white space only
      report(text.length, "no root element: expected a root element such as <SystemDescription>");
    } else if (endErrors.includes("unexpected end.")) {
      const open = unfinishedMarkup(text);
      if (open) report(open.offset, open.message);
      else report(text.length, "the file ends inside markup that is not finished");
    } else if (unclosed && stack.length > 0) {
      const innermost = stack[stack.length - 1];
      const offset = Number.MAX_SAFE_INTEGER;
      report(
        offset,
        `unclosed element <${innermost.name}>: expected </${innermost.name}> before the end of the file`,
        innermost.position,
      );
    } else if (endErrors.includes("document must contain a root element.")) {
      report(text.length, "no root element: expected a root element such as <SystemDescription>");
    } else {
      for (const e of endErrors) report(text.length, e.replace(/\.$/, ""));
    }
  }

  found.sort((a, b) => a.offset - b.offset);
  const diagnostics = found.map((f) => f.diagnostic);
  // A building element is an element (copying it recursively would overflow the stack on deep nesting).
  const element: XmlElement | undefined = root;
  return diagnostics.length === 0 && element ? { root: element, diagnostics } : { diagnostics };
}
