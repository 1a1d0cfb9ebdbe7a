import assert from "node:assert/strict";
import { type ElfImage, type ElfSymbol, readElf } from "../../src/asm/elf.ts";
import { objdumpSymbols, symbolAt, SymbolLookup } from "../../src/asm/elf_symbols.ts";

const hello = readElf(
  Deno.readFileSync(new URL("../fixtures/elf/hello.elf", import.meta.url)),
  "hello.elf",
);

const label = (image: ElfImage, addr: number) => symbolAt(image, addr)?.label;

Deno.test("symbolAt names addresses in hello.elf as function+offset", () => {
  assert.equal(label(hello, 0x4000_0000), "_start");
  assert.equal(label(hello, 0x4000_0008), "_start+0x8");
  // `halt` is a label inside _start: the nearest symbol below wins, as in objdump.
  assert.equal(label(hello, 0x4000_0010), "halt");
  assert.equal(label(hello, 0x4000_0014), "halt+0x4");
  assert.equal(label(hello, 0x4000_0018), "puts");
  assert.equal(label(hello, 0x4000_0040), "done+0x4");
  const hit = symbolAt(hello, 0x4000_001c);
  assert.equal(hit?.symbol.name, "puts");
  assert.equal(hit?.offset, 0x4);
});

Deno.test("symbolAt finds nothing outside code", () => {
  assert.equal(symbolAt(hello, 0x3fff_fffc), undefined);
  assert.equal(symbolAt(hello, 0x4000_0044), undefined); // just past .text
  assert.equal(symbolAt(hello, 0x4000_0100), undefined); // msg: an object, not code
  assert.equal(symbolAt(hello, 0xffff_ffff), undefined);
});

function image(symbols: ElfSymbol[], withSections = true): ElfImage {
  return {
    entry: 0x4000_0000,
    segments: [{
      vaddr: 0x4000_0000,
      paddr: 0x4000_0000,
      data: new Uint8Array(0x100),
      memSize: 0x100,
      flags: 5,
    }],
    sections: withSections
      ? [
        { name: "", addr: 0, size: 0, offset: 0, type: 0, flags: 0 },
        { name: ".text", addr: 0x4000_0000, size: 0x80, offset: 0x100, type: 1, flags: 6 },
        { name: ".rodata", addr: 0x4000_0080, size: 0x80, offset: 0x180, type: 1, flags: 2 },
      ]
      : [],
    symbols: symbols.sort((a, b) => a.value - b.value),
  };
}

const sym = (
  name: string,
  value: number,
  size = 0,
  type: ElfSymbol["type"] = "func",
  binding: ElfSymbol["binding"] = "global",
): ElfSymbol => ({ name, value, size, type, binding });

Deno.test("Unsized labels cover up to the next code symbol or the end of their section", () => {
  const img = image([
    sym("trap_table", 0x4000_0000, 0, "notype", "local"),
    sym("reset", 0x4000_0040, 0, "func"),
    sym("table_end", 0x4000_0080, 0, "notype"), // in .rodata: not code
  ]);
  assert.equal(label(img, 0x4000_0000), "trap_table");
  assert.equal(label(img, 0x4000_003c), "trap_table+0x3c");
  assert.equal(label(img, 0x4000_0040), "reset");
  assert.equal(label(img, 0x4000_007c), "reset+0x3c");
  assert.equal(label(img, 0x4000_0080), undefined);
});

Deno.test("The nearest symbol below wins; at one address objdump's order decides", () => {
  const img = image([
    sym("outer", 0x4000_0000, 0x40),
    sym("inner", 0x4000_0010, 0x10),
    sym("loop", 0x4000_0014, 0, "notype", "local"),
    sym("alias_weak", 0x4000_0040, 8, "func", "weak"),
    sym("alias_local", 0x4000_0040, 8, "func", "local"),
    sym("alias", 0x4000_0040, 8, "func", "global"),
  ]);
  assert.equal(label(img, 0x4000_0008), "outer+0x8");
  assert.equal(label(img, 0x4000_0010), "inner");
  assert.equal(label(img, 0x4000_0018), "loop+0x4");
  // `loop` has no size: it reaches to the next symbol
  assert.equal(label(img, 0x4000_0020), "loop+0xc");
  assert.equal(label(img, 0x4000_0044), "alias+0x4");
  // Past every sized function: the label `loop` would have ended at the next symbol.
  assert.equal(label(img, 0x4000_0048), undefined);
});

Deno.test("Without section headers, executable segments decide what is code", () => {
  const img = image([sym("start", 0x4000_0000, 0, "notype"), sym("_end", 0x5000_0000)], false);
  assert.equal(label(img, 0x4000_00fc), "start+0xfc");
  assert.equal(label(img, 0x4000_0100), undefined);
});

Deno.test("SymbolLookup can be built once and queried directly", () => {
  const lookup = new SymbolLookup(hello);
  assert.equal(lookup.at(0x4000_001c)?.label, "puts+0x4");
  assert.equal(lookup.at(0), undefined);
  assert.equal(new SymbolLookup(image([])).at(0x4000_0000), undefined);
});

Deno.test("objdumpSymbols names any address as objdump does, negative offsets included", () => {
  const at = objdumpSymbols(image([
    sym("_start", 0x4000_0000, 0, "notype"),
    sym("_trap_table", 0x4000_0000, 0, "notype"),
    sym("main", 0x4000_1000, 0x20),
    sym("counter", 0x4000_5000, 4, "object", "local"),
  ]));
  assert.equal(at(0x0000_0001)?.label, "_start-0x3fffffff");
  assert.equal(at(0x4000_0000)?.label, "_start", "same address: names in byte order");
  assert.equal(at(0x4000_1040)?.label, "main+0x40", "past main's size, still main");
  assert.equal(at(0x4000_5000)?.label, "counter", "data symbols count too");
  assert.equal(at(0x8000_0104)?.label, "counter+0x3fffb104");
  assert.equal(objdumpSymbols(image([]))(0x4000_0000), undefined);
});
