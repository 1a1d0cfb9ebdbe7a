/**
 * The xmbench extension's board overrides (`xmb:Board@nwindows`, `@fpu`,
 * `@timers`) and program sources (`xmb:Assembly`, `xmb:CSources`): their
 * exact XML, the round trip through the reader and writer, the reader's
 * errors for bad values, and the kernel building the board with the
 * overrides applied (`withBoardOverrides`).
 */
import assert from "node:assert/strict";
import type { SystemConfig } from "../../../src/image/config.ts";
import { readConfigXml } from "../../../src/image/xml/read.ts";
import { writeConfigXml } from "../../../src/image/xml/write.ts";
import { formatDiagnostic } from "../../../src/image/diagnostic.ts";
import { withBoardOverrides } from "../../../src/kernel/kernel.ts";
import { LEON3_GRLIB, QEMU_LEON3_GENERIC } from "../../../src/cpu/board/boards.ts";

const BASE: SystemConfig = {
  version: "1.0.0",
  name: "x",
  hardware: {
    memoryRegions: [{ type: "sdram", start: 0x40000000, size: 1024 * 1024 }],
    processors: [{
      id: 0,
      features: [],
      plans: [{
        id: 0,
        majorFrame: 1000,
        slots: [{ id: 0, start: 0, duration: 1000, partitionId: 0, vCpuId: 0, flags: [] }],
      }],
    }],
    devices: [],
  },
  hypervisor: { memoryArea: { size: 64 * 1024, flags: [] }, healthMonitor: [] },
  partitions: [0, 1, 2].map((id) => ({
    id,
    flags: [],
    entryPoint: 0x40010000 + id * 0x10000,
    memoryAreas: [{ start: 0x40010000 + id * 0x10000, size: 4096, flags: [] }],
    healthMonitor: [],
    ioPorts: [],
    interrupts: [],
    ports: [],
  })),
  channels: [],
  xmbench: { programs: [], costs: {} },
};

const ASM = "\t.section .text\n\t.global start\nstart:\n\tta 0 ! a 'comment' & <more>\n";

const EXTENDED: SystemConfig = {
  ...BASE,
  xmbench: {
    board: "leon3-grlib",
    boardOverrides: { nwindows: 16, fpu: false, timers: 4, memoryFromLayout: true },
    programs: [
      { partitionId: 0, file: "p0.elf", format: "elf" },
      { partitionId: 1, file: "P1.elf", format: "elf", source: { kind: "assembly", text: ASM } },
      {
        partitionId: 2,
        file: "p2.elf",
        format: "elf",
        source: { kind: "c", files: ["a.c", "lib/b.S"] },
      },
    ],
    costs: {},
  },
};

Deno.test("extension: board overrides and program sources, exactly", () => {
  const xml = writeConfigXml(EXTENDED);
  const tail = xml.slice(xml.indexOf("    <xmb:Board"));
  assert.equal(
    tail,
    `    <xmb:Board name="leon3-grlib" nwindows="16" fpu="no" timers="4" memoryFromLayout="yes"/>
    <xmb:Programs>
        <xmb:Program partitionId="0" file="p0.elf" format="elf"/>
        <xmb:Program partitionId="1" file="P1.elf" format="elf">
            <xmb:Assembly text="&#9;.section .text&#10;&#9;.global start&#10;start:&#10;&#9;ta 0 ! a &apos;comment&apos; &amp; &lt;more&gt;&#10;"/>
        </xmb:Program>
        <xmb:Program partitionId="2" file="p2.elf" format="elf">
            <xmb:CSources files="a.c lib/b.S"/>
        </xmb:Program>
    </xmb:Programs>
</SystemDescription>
`,
  );
});

Deno.test("extension: write → read gives the configuration; write → read → write the bytes", () => {
  for (
    const config of [
      EXTENDED,
      {
        ...BASE,
        xmbench: {
          board: "qemu-leon3-generic",
          boardOverrides: { fpu: true },
          programs: [],
          costs: {},
        },
      },
      {
        ...BASE,
        xmbench: { board: "leon3-grlib", boardOverrides: { nwindows: 2 }, programs: [], costs: {} },
      },
    ] satisfies SystemConfig[]
  ) {
    const xml = writeConfigXml(config);
    const r = readConfigXml(xml, "x.xml");
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.config, config);
    assert.equal(writeConfigXml(r.config!), xml);
  }
});

Deno.test("extension: the writer refuses overrides without a board name", () => {
  assert.throws(
    () =>
      writeConfigXml({
        ...BASE,
        xmbench: { boardOverrides: { fpu: true }, programs: [], costs: {} },
      }),
    {
      name: "RangeError",
      message: "cannot write xmb:Board@name: expected a board name with board overrides",
    },
  );
});

Deno.test("extension: the reader's errors for bad overrides and sources", () => {
  const xml = writeConfigXml(BASE).replace(
    "</SystemDescription>",
    `    <xmb:Board xmlns:xmb="https://xmbench.dev/xm-cf-extension/1" name="leon3-grlib" nwindows="33" fpu="maybe" timers="0"/>
    <xmb:Programs xmlns:xmb="https://xmbench.dev/xm-cf-extension/1">
        <xmb:Program partitionId="1" file="p.elf">
            <xmb:CSources files=" "/>
            <xmb:Assembly/>
        </xmb:Program>
    </xmb:Programs>
</SystemDescription>`,
  );
  const r = readConfigXml(xml, "x.xml");
  assert.equal(r.config, undefined);
  const lines = r.diagnostics.map(formatDiagnostic);
  assert.equal(lines.length, 5, lines.join("\n"));
  assert.match(lines[0], /xmb:Board@nwindows: bad window count "33": expected 2 to 32/);
  assert.match(lines[1], /xmb:Board@fpu: bad boolean "maybe"/);
  assert.match(lines[2], /xmb:Board@timers: bad timer count "0": expected 1 to 7/);
  assert.match(lines[3], /xmb:CSources@files: bad file list " ": expected one or more file names/);
  assert.match(lines[4], /xmb:Assembly: missing attribute text/);
});

Deno.test("kernel: withBoardOverrides changes windows, FPU (with %asr17) and timers", () => {
  assert.equal(withBoardOverrides(LEON3_GRLIB), LEON3_GRLIB);
  const b = withBoardOverrides(LEON3_GRLIB, { nwindows: 16, fpu: false, timers: 4 });
  assert.equal(b.cpu.nwindows, 16);
  assert.equal(b.cpu.fpu, false);
  assert.equal(b.cpu.asr17 & 0x1f, 15);
  assert.equal((b.cpu.asr17 >>> 10) & 3, 0);
  assert.equal(b.cpu.asr17 & ~0xc1f, LEON3_GRLIB.cpu.asr17 & ~0xc1f);
  const timer = b.apb.find((d) => d.kind === "gptimer");
  assert.equal(timer?.kind === "gptimer" ? timer.timers : -1, 4);
  assert.equal(b.memories, LEON3_GRLIB.memories);
  const layout = withBoardOverrides(LEON3_GRLIB, { memoryFromLayout: true }, [
    { type: "rom", start: 0, size: 0x100000 },
    { type: "sdram", start: 0x40000000, size: 0x1000000 },
  ]);
  assert.deepEqual(layout.memories, [
    { name: "rom0", base: 0, size: 0x100000, writable: false },
    { name: "sdram1", base: 0x40000000, size: 0x1000000, writable: true },
  ]);
  const q = withBoardOverrides(QEMU_LEON3_GENERIC, { fpu: true });
  assert.equal((q.cpu.asr17 >>> 10) & 3, 1);
  assert.equal(q.cpu.nwindows, 8);
});
