/**
 * saxes to an element tree: positions of elements and attributes, namespace
 * resolution, text, and every kind of malformed XML with its exact
 * `file:line:col` and message.
 */
import assert from "node:assert/strict";
import { formatDiagnostic } from "../../../src/image/diagnostic.ts";
import { parseXml, type XmlElement } from "../../../src/image/xml/tree.ts";

/** The formatted diagnostics of parsing `text` as `cfg.xml`; asserts there is no tree when there are any. */
function errors(text: string): string[] {
  const document = parseXml(text, "cfg.xml");
  const lines = document.diagnostics.map(formatDiagnostic);
  assert.equal(document.root === undefined, lines.length > 0);
  for (const d of document.diagnostics) {
    assert.equal(d.severity, "error");
    assert.equal(d.code, "xml-syntax");
  }
  return lines;
}

/** The tree of a well-formed document. */
function tree(text: string): XmlElement {
  const document = parseXml(text, "cfg.xml");
  assert.deepEqual(document.diagnostics.map(formatDiagnostic), []);
  assert.ok(document.root);
  return document.root;
}

/** `line:col` of a position. */
const at = (p: { line: number; column: number }) => `${p.line}:${p.column}`;

Deno.test("elements are at their <, attributes at their name, across line breaks of every kind", () => {
  const root = tree(
    [
      `<?xml version="1.0" encoding="UTF-8"?>`,
      `<!-- a comment -->`,
      `<a x="1"\ty = '2'>`,
      `\t<b`,
      `    first="a"`,
      `    second`,
      `      =`,
      `      "b"/>\r`,
      `  <c z="&lt;&#65;"/><d/>\r\n`,
      `<e\r\nw="3"/></a>`,
    ].join("\n"),
  );
  assert.equal(root.name, "a");
  assert.equal(at(root.position), "3:1");
  assert.deepEqual(root.attributes.map((a) => [a.name, a.value, at(a.position)]), [
    ["x", "1", "3:4"],
    ["y", "2", "3:10"],
  ]);
  const [b, c, d, e] = root.children;
  assert.equal(at(b.position), "4:2");
  assert.deepEqual(b.attributes.map((a) => [a.name, a.value, at(a.position)]), [
    ["first", "a", "5:5"],
    ["second", "b", "6:5"],
  ]);
  assert.equal(at(c.position), "9:3");
  assert.deepEqual(c.attributes.map((a) => [a.value, at(a.position)]), [["<A", "9:6"]]);
  assert.equal(at(d.position), "9:21");
  assert.equal(at(e.position), "11:1"); // `\r\n\n` is two line breaks
  assert.deepEqual(e.attributes.map((a) => at(a.position)), ["12:1"]);
  assert.equal(root.children.length, 4);
  assert.equal(b.position.file, "cfg.xml");
});

Deno.test("columns count characters; a byte order mark is skipped", () => {
  const root = tree(`\uFEFF<a>\n<!-- \u{1F600} --><b x="\u{1F600}" y="1"/></a>`);
  assert.equal(at(root.position), "1:1");
  const b = root.children[0];
  assert.equal(at(b.position), "2:11");
  assert.deepEqual(b.attributes.map((a) => at(a.position)), ["2:14", "2:20"]);
});

Deno.test("namespaces are resolved; declarations are not attributes", () => {
  const root = tree(
    `<SystemDescription xmlns="urn:xm" xmlns:xmb="urn:ext" name="n">` +
      `<xmb:Board name="b" xmb:extra="e"/><Other xmlns="" a="1"/></SystemDescription>`,
  );
  assert.deepEqual([root.name, root.prefix, root.local, root.uri], [
    "SystemDescription",
    "",
    "SystemDescription",
    "urn:xm",
  ]);
  assert.deepEqual(root.attributes.map((a) => [a.name, a.uri]), [["name", ""]]);
  const [board, other] = root.children;
  assert.deepEqual([board.name, board.prefix, board.local, board.uri], [
    "xmb:Board",
    "xmb",
    "Board",
    "urn:ext",
  ]);
  assert.deepEqual(board.attributes.map((a) => [a.name, a.prefix, a.local, a.uri]), [
    ["name", "", "name", ""],
    ["xmb:extra", "xmb", "extra", "urn:ext"],
  ]);
  assert.equal(other.uri, "");
});

Deno.test("non-blank text and CDATA are kept with positions; blanks and comments are not", () => {
  const root = tree(
    `<a>\n  <!-- c -->\n  <b/>  hello &amp; bye\n  <![CDATA[ raw ]]> <![CDATA[   ]]></a>`,
  );
  assert.deepEqual(root.text.map((t) => [t.value, at(t.position)]), [
    ["  hello & bye\n  ", "3:9"],
    [" raw ", "4:3"],
  ]);
  assert.deepEqual(root.children[0].text, []);
});

Deno.test("malformed: the five classic cases, with exact positions", () => {
  assert.deepEqual(
    errors(`<testbench>\n  <partition id="p0">\n  x\n  </partiton>\n</testbench>\n`),
    [
      "cfg.xml:4:3: error: malformed XML: mismatched end tag: expected </partition> (start tag at 2:3), found </partiton> [xml-syntax]",
    ],
  );
  assert.deepEqual(errors(`<testbench>\n  <partition id=p0>\n  </partition>\n</testbench>\n`), [
    `cfg.xml:2:17: error: malformed XML: attribute value without quotes: expected id="p0", found id=p0 [xml-syntax]`,
  ]);
  assert.deepEqual(
    errors(`<testbench>\n  <partition id="a" id="b">\n  </partition>\n</testbench>\n`),
    [
      "cfg.xml:2:21: error: malformed XML: duplicate attribute id on <partition> (first at 2:14): expected each attribute once [xml-syntax]",
    ],
  );
  assert.deepEqual(errors(`<testbench>\n  <partition id="a">\n`), [
    "cfg.xml:2:3: error: malformed XML: unclosed element <partition>: expected </partition> before the end of the file [xml-syntax]",
  ]);
  assert.deepEqual(errors(`<testbench>\n  <note>a & b</note>\n</testbench>\n`), [
    `cfg.xml:2:11: error: malformed XML: bare "&": expected an entity reference such as &amp; [xml-syntax]`,
  ]);
  assert.deepEqual(errors(`<testbench>\n  <note a="&bogus;">&bogus;</note>\n</testbench>\n`), [
    "cfg.xml:2:12: error: malformed XML: undefined entity &bogus;: expected &lt;, &gt;, &amp;, &quot;, &apos; or a character reference (e.g. &#38;) [xml-syntax]",
    "cfg.xml:2:21: error: malformed XML: undefined entity &bogus;: expected &lt;, &gt;, &amp;, &quot;, &apos; or a character reference (e.g. &#38;) [xml-syntax]",
  ]);
});

Deno.test("malformed: end tags", () => {
  assert.deepEqual(errors(`<a><b><c></b></c></a>`), [
    "cfg.xml:1:10: error: malformed XML: mismatched end tag: expected </c> (start tag at 1:7), found </b> [xml-syntax]",
  ]);
  assert.deepEqual(errors(`<a>\n</a>\n</b>`), [
    "cfg.xml:3:1: error: malformed XML: end tag </b> has no start tag [xml-syntax]",
  ]);
  assert.deepEqual(errors(`<a>\n  <b>\n</a>`), [
    "cfg.xml:3:1: error: malformed XML: mismatched end tag: expected </b> (start tag at 2:3), found </a> [xml-syntax]",
  ]);
});

Deno.test("malformed: the end of the file inside an element, a tag or other markup", () => {
  assert.deepEqual(errors(`<a>\n  <b>\n    <c/>\n`), [
    "cfg.xml:2:3: error: malformed XML: unclosed element <b>: expected </b> before the end of the file [xml-syntax]",
  ]);
  assert.deepEqual(errors(`<a>\n  <b x="1"`), [
    "cfg.xml:2:3: error: malformed XML: the file ends inside the start tag <b> [xml-syntax]",
  ]);
  assert.deepEqual(errors(`<a></a`), [
    "cfg.xml:1:4: error: malformed XML: the file ends inside the end tag </a> [xml-syntax]",
  ]);
  assert.deepEqual(errors(`<a>\n  <b x=">" y="1"`), [
    "cfg.xml:2:3: error: malformed XML: the file ends inside the start tag <b> [xml-syntax]",
  ]);
  assert.deepEqual(errors(``), [
    "cfg.xml:1:1: error: malformed XML: no root element: expected a root element such as <SystemDescription> [xml-syntax]",
  ]);
  assert.deepEqual(errors(`\n  \n`), [
    "cfg.xml:3:1: error: malformed XML: no root element: expected a root element such as <SystemDescription> [xml-syntax]",
  ]);
  assert.deepEqual(errors(`<?xml version="1.0"?>\n<!-- only a comment -->\n`), [
    "cfg.xml:3:1: error: malformed XML: no root element: expected a root element such as <SystemDescription> [xml-syntax]",
  ]);
});

Deno.test("malformed: the end of the file inside a comment, CDATA, a PI or a DOCTYPE, at its <", () => {
  // The first `<!--` that is never closed, not the last: markup inside comments and CDATA is text.
  assert.deepEqual(errors(`<a>\n<!-- <![CDATA[ -->\n<![CDATA[ <!-- ]]></a>\n  <!-- x <!-- y`), [
    "cfg.xml:4:3: error: malformed XML: unclosed comment: expected --> before the end of the file [xml-syntax]",
    "cfg.xml:4:14: error: malformed XML: malformed comment [xml-syntax]", // the `--` of the second
  ]);
  assert.deepEqual(errors(`<a>\n<!-- x - ->\n</a>`), [
    "cfg.xml:2:1: error: malformed XML: unclosed comment: expected --> before the end of the file [xml-syntax]",
  ]);
  assert.deepEqual(errors(`<a><![CDATA[x ]] >`), [
    "cfg.xml:1:4: error: malformed XML: unclosed CDATA section: expected ]]> before the end of the file [xml-syntax]",
  ]);
  assert.deepEqual(errors(`<a>\n  <?target body ? >\n</a>`), [
    "cfg.xml:2:3: error: malformed XML: unclosed processing instruction target: expected ?> before the end of the file [xml-syntax]",
  ]);
  assert.deepEqual(errors(`<a/><?`), [
    "cfg.xml:1:5: error: malformed XML: unclosed processing instruction: expected ?> before the end of the file [xml-syntax]",
  ]);
  assert.deepEqual(errors(`<?xml version="1.0"\n<a/>`), [
    "cfg.xml:1:1: error: malformed XML: unclosed XML declaration: expected ?> before the end of the file [xml-syntax]",
  ]);
  assert.deepEqual(errors(`<!DOCTYPE a`), [
    "cfg.xml:1:1: error: malformed XML: unclosed document type declaration: expected > before the end of the file [xml-syntax]",
  ]);
  assert.deepEqual(errors(`<!DOCTYPE a [\n  <!ELEMENT a ANY>`), [
    "cfg.xml:1:1: error: malformed XML: unclosed document type declaration: expected ]> before the end of the file [xml-syntax]",
  ]);
});

Deno.test("malformed: an attribute without a value, at its name", () => {
  const flags = `attribute without value: expected flags="...", found flags [xml-syntax]`;
  // Before another attribute, before `>`, before `/>` with and without a blank.
  assert.deepEqual(errors(`<a>\n  <b id="0" flags boot x="1"/>\n</a>`), [
    `cfg.xml:2:13: error: malformed XML: ${flags}`,
  ]);
  assert.deepEqual(errors(`<a>\n  <b id="0" flags>\n  </b>\n</a>`), [
    `cfg.xml:2:13: error: malformed XML: ${flags}`,
  ]);
  assert.deepEqual(errors(`<a>\n  <b flags />\n</a>`), [
    `cfg.xml:2:6: error: malformed XML: ${flags}`,
  ]);
  assert.deepEqual(errors(`<a>\n  <b flags/>\n</a>`), [
    `cfg.xml:2:6: error: malformed XML: ${flags}`,
  ]);
  // The name on a line of its own.
  assert.deepEqual(errors(`<a\n  x="1"\n  p:flags\n  y="2"/>`), [
    `cfg.xml:3:3: error: malformed XML: attribute without value: expected p:flags="...", found p:flags [xml-syntax]`,
  ]);
});

Deno.test("malformed: a misplaced XML declaration, at its <?", () => {
  const misplaced =
    "malformed XML: an XML declaration must be at the start of the document [xml-syntax]";
  assert.deepEqual(errors(`<!-- c -->\n<?xml version="1.0"?>\n<a/>`), [
    `cfg.xml:2:1: error: ${misplaced}`,
  ]);
  assert.deepEqual(errors(`\n  <?xml version="1.0"?><a/>`), [`cfg.xml:2:3: error: ${misplaced}`]);
  assert.deepEqual(errors(`<a/>\n<?xml version="1.0"?>`), [`cfg.xml:2:1: error: ${misplaced}`]);
});

Deno.test("malformed: unpaired surrogates, each at its place; nothing from saxes after the first", () => {
  const half = (code: string) =>
    `malformed XML: disallowed character U+${code} (half of a surrogate pair): expected characters XML 1.0 allows [xml-syntax]`;
  assert.deepEqual(errors(`<a>\n  <b name="P\uD800x"/>\n</a>`), [
    `cfg.xml:2:13: error: ${half("D800")}`,
  ]);
  // A pair is one column; an unpaired second half is one too. saxes takes the \uD800 with
  // the line feed after it: the stray `c` is not reported.
  assert.deepEqual(errors(`<a>\u{1F600}\uDC00 <b x="\uD800\n"\n\n c/></a>`), [
    `cfg.xml:1:5: error: ${half("DC00")}`,
    `cfg.xml:1:13: error: ${half("D800")}`,
  ]);
});

Deno.test("deep nesting does not overflow the stack", () => {
  const root = tree(`<a>${"<b>".repeat(5000)}${"</b>".repeat(5000)}</a>`);
  let depth = 0;
  for (let e: XmlElement | undefined = root; e; e = e.children[0]) depth++;
  assert.equal(depth, 5001);
});

Deno.test("malformed: outside the root, namespaces, entities, other saxes errors", () => {
  assert.deepEqual(errors(`<a/>\n<b/>`), [
    "cfg.xml:2:1: error: malformed XML: second root element <b>: expected a single root element [xml-syntax]",
  ]);
  assert.deepEqual(errors(`<a/>\njunk`), [
    "cfg.xml:2:1: error: malformed XML: text outside the root element [xml-syntax]",
  ]);
  assert.deepEqual(errors(`<a>\n  <z:q/>\n</a>`), [
    `cfg.xml:2:3: error: malformed XML: undeclared namespace prefix z in <z:q>: expected a declaration xmlns:z="..." [xml-syntax]`,
  ]);
  assert.deepEqual(errors(`<a>\n  <q id="1" z:x="1"/>\n</a>`), [
    `cfg.xml:2:13: error: malformed XML: undeclared namespace prefix z of attribute z:x on <q>: expected a declaration xmlns:z="..." [xml-syntax]`,
  ]);
  assert.deepEqual(errors(`<a>&#0;</a>`), [
    "cfg.xml:1:4: error: malformed XML: bad entity reference &#0;: expected &lt;, &gt;, &amp;, &quot;, &apos; or a character reference (e.g. &#38;) [xml-syntax]",
  ]);
  assert.deepEqual(errors(`<a x="1 & 2">& &amp; &x</a>`), [
    `cfg.xml:1:9: error: malformed XML: bare "&": expected an entity reference such as &amp; [xml-syntax]`,
    `cfg.xml:1:14: error: malformed XML: bare "&": expected an entity reference such as &amp; [xml-syntax]`,
    `cfg.xml:1:22: error: malformed XML: bare "&": expected an entity reference such as &amp; [xml-syntax]`,
  ]);
  assert.deepEqual(errors(`<a>\n  <1b/>\n</a>`), [
    "cfg.xml:2:4: error: malformed XML: disallowed character in tag name [xml-syntax]",
  ]);
  assert.deepEqual(errors(`<?xml version="2.0"?><a/>`), [
    "cfg.xml:1:19: error: malformed XML: version number must match /^1\\.[0-9]+$/ [xml-syntax]",
  ]);
});

Deno.test("malformed: all independent problems in one pass; nothing after a structural one", () => {
  assert.deepEqual(
    errors(`<a>\n <b x="1" x="2"/>\n <c y=3 />\n <d>&nope;</d>\n <e v=4/>\n <f>&nope;</f>\n</a>`),
    [
      "cfg.xml:2:11: error: malformed XML: duplicate attribute x on <b> (first at 2:5): expected each attribute once [xml-syntax]",
      `cfg.xml:3:7: error: malformed XML: attribute value without quotes: expected y="3", found y=3 [xml-syntax]`,
      "cfg.xml:4:5: error: malformed XML: undefined entity &nope;: expected &lt;, &gt;, &amp;, &quot;, &apos; or a character reference (e.g. &#38;) [xml-syntax]",
      // `v=4/>` takes the `/` into the value and leaves <e> open: what follows is not reported.
      `cfg.xml:5:7: error: malformed XML: attribute value without quotes: expected v="4", found v=4 [xml-syntax]`,
    ],
  );
});

Deno.test("parseXml never throws, whatever it is given", () => {
  const base =
    `<?xml version="1.0"?>\n<a xmlns="urn:a" xmlns:p="urn:p">\n  <p:b x="1" y='2'>t &amp; u</p:b>\n  <!-- c --><![CDATA[d]]>\n</a>\n`;
  const alphabet = `<>&"'/=x \n;:![]-?#`;
  let seed = 12345;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 2000; i++) {
    const chars = base.split("");
    for (let j = 0, n = 1 + random(4); j < n; j++) {
      chars[random(chars.length)] = alphabet[random(alphabet.length)];
    }
    const text = chars.join("").slice(0, chars.length - random(8));
    const document = parseXml(text, "f.xml");
    assert.equal(document.root === undefined, document.diagnostics.length > 0, text);
  }
});
