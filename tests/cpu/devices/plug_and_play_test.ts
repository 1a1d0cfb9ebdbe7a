/**
 * Plug&play: the word encoders against amba.vhd's layout and QEMU 7.2's
 * measured words, the two areas' layouts, empty slots, and a GRLIB template.
 */
import assert from "node:assert/strict";
import { Bus } from "../../../src/cpu/bus.ts";
import {
  ahbIoBar,
  ahbMemoryBar,
  AhbPlugAndPlay,
  apbIoBar,
  ApbPlugAndPlay,
  pnpIdWord,
} from "../../../src/cpu/devices/plug_and_play.ts";
import { LEON3_GRLIB, QEMU_LEON3_GENERIC } from "../../../src/cpu/board/boards.ts";
import { buildMachine } from "../../../src/cpu/board/machine.ts";
import type { BoardSpec } from "../../../src/cpu/board/board_spec.ts";

/** The bus of a board, built as the bare runner builds it. */
function bus(board: BoardSpec): Bus {
  return buildMachine(board, { uart: () => {} }).cpu.bus;
}

/** Every non-zero word of both areas, as QEMU's probe program printed them. */
function nonZero(b: Bus): [number, number][] {
  const out: [number, number][] = [];
  for (const [from, to] of [[0xfffff000, 0x100000000], [0x800ff000, 0x80100000]]) {
    for (let a = from!; a < to!; a += 4) {
      const v = b.read(a >>> 0, 4) >>> 0;
      if (v !== 0) out.push([a >>> 0, v]);
    }
  }
  return out;
}

Deno.test("identification word: vendor, device, version, irq as amba.vhd packs them", () => {
  assert.equal(pnpIdWord({ vendor: 0x01, device: 0x003, version: 0, irq: 0 }), 0x01003000);
  assert.equal(pnpIdWord({ vendor: 0x01, device: 0x00d, version: 2, irq: 0 }), 0x0100d040);
  assert.equal(pnpIdWord({ vendor: 0x01, device: 0x011, version: 0, irq: 6 }), 0x01011006);
  assert.equal(pnpIdWord({ vendor: 0x01, device: 0x00c, version: 1, irq: 3 }), 0x0100c023);
  assert.equal(pnpIdWord({ vendor: 0xff, device: 0xfff, version: 31, irq: 31 }), 0xfffff3ff);
  assert.equal(pnpIdWord({ vendor: 0x04, device: 0x00f, version: 1, irq: 0 }), 0x0400f020);
  // interrupts 32-127: bits 6:5 in word bits 11:10
  assert.equal(pnpIdWord({ vendor: 0, device: 0, version: 0, irq: 0x45 }), (2 << 10) | 5);
  assert.throws(() => pnpIdWord({ vendor: 256, device: 0, version: 0, irq: 0 }), RangeError);
  assert.throws(() => pnpIdWord({ vendor: 1, device: 0x1000, version: 0, irq: 0 }), RangeError);
  assert.throws(() => pnpIdWord({ vendor: 1, device: 1, version: 32, irq: 0 }), RangeError);
  assert.throws(() => pnpIdWord({ vendor: 1, device: 1, version: 0, irq: 128 }), RangeError);
});

Deno.test("BARs: AHB memory (type 2, P, C), AHB I/O (type 3), APB I/O (type 1)", () => {
  assert.equal(ahbMemoryBar({ address: 0x800, mask: 0xfff }), 0x8000fff2);
  assert.equal(
    ahbMemoryBar({ address: 0x400, mask: 0xc00, prefetchable: true, cacheable: true }),
    0x4003c002,
  );
  assert.equal(ahbMemoryBar({ address: 0x000, mask: 0xe00, prefetchable: true }), 0x0002e002);
  assert.equal(ahbIoBar({ address: 0xfff, mask: 0xfff }), 0xfff0fff3);
  assert.equal(apbIoBar({ address: 2, mask: 0xfff }), 0x0020fff1);
  assert.equal(apbIoBar({ address: 3, mask: 0xfff }), 0x0030fff1);
  assert.equal(apbIoBar({ address: 1, mask: 0xfff }), 0x0010fff1);
  assert.throws(() => apbIoBar({ address: 0x1000, mask: 0 }), RangeError);
  assert.throws(() => ahbMemoryBar({ address: 0, mask: -1 }), RangeError);
});

Deno.test("board qemu-leon3-generic: exactly the words QEMU 7.2's P&P areas return (measured)", () => {
  assert.deepEqual(nonZero(bus(QEMU_LEON3_GENERIC)), [
    [0xfffff000, 0x01003000],
    [0xfffff800, 0x01006000],
    [0xfffff810, 0x8000fff2],
    [0x800ff000, 0x0100d040],
    [0x800ff004, 0x0020fff1],
    [0x800ff008, 0x01011006],
    [0x800ff00c, 0x0030fff1],
    [0x800ff010, 0x0100c023],
    [0x800ff014, 0x0010fff1],
  ]);
});

Deno.test("board leon3-grlib: LEON3 master, MCTRL and APB bridge slaves, three APB slaves", () => {
  assert.deepEqual(nonZero(bus(LEON3_GRLIB)), [
    [0xfffff000, 0x01003000], // LEON3, master 0
    [0xfffff800, 0x0400f020], // ESA MCTRL, version 1, slave 0
    [0xfffff810, 0x0003e002], // PROM 0x00000000, 512 MiB, prefetchable, cacheable
    [0xfffff814, 0x2000e002], // I/O 0x20000000, 512 MiB
    [0xfffff818, 0x4003c002], // RAM 0x40000000, 1 GiB, prefetchable, cacheable
    [0xfffff820, 0x01006000], // APBMST, slave 1
    [0xfffff830, 0x8000fff2], // 0x80000000, 1 MiB
    [0x800ff000, 0x0100c022], // APBUART, IRQ 2, at 0x80000100
    [0x800ff004, 0x0010fff1],
    [0x800ff008, 0x0100d060], // IRQMP, version 3, at 0x80000200
    [0x800ff00c, 0x0020fff1],
    [0x800ff010, 0x01011028], // GPTIMER, version 1, IRQ 8, at 0x80000300
    [0x800ff014, 0x0030fff1],
  ]);
});

Deno.test("ahbctrl's build word reads at 0xFFFFFFF0 when given", () => {
  const b = new Bus();
  b.attachDevice(new AhbPlugAndPlay({ masters: [], slaves: [], buildWord: 0x07e40000 }));
  assert.equal(b.read(0xfffffff0, 4) >>> 0, 0x07e40000);
});

Deno.test("AHB entries: user words 1-3, four BARs, slots by index, empty slots 0; writes ignored", () => {
  const e = {
    vendor: 1,
    device: 2,
    version: 3,
    irq: 4,
    bars: [1, 2, 3, 4],
    user: [0xa, 0xb, 0xc],
  };
  const ahb = new AhbPlugAndPlay({ masters: [undefined, e], slaves: [undefined, undefined, e] });
  assert.equal(ahb.size, 0x1000);
  assert.equal(ahb.base, 0xfffff000);
  assert.deepEqual(
    Array.from({ length: 8 }, (_, i) => ahb.read(0x20 + 4 * i)),
    [pnpIdWord(e), 0xa, 0xb, 0xc, 1, 2, 3, 4],
  );
  assert.equal(ahb.read(0x800 + 0x40), pnpIdWord(e));
  assert.equal(ahb.read(0x0), 0);
  ahb.write(0x20, 0);
  assert.equal(ahb.read(0x20), pnpIdWord(e));
  assert.throws(() =>
    new AhbPlugAndPlay({ masters: [{ ...e, bars: [1, 2, 3, 4, 5] }], slaves: [] })
  );
  assert.throws(() => new AhbPlugAndPlay({ masters: [{ ...e, user: [1, 2, 3, 4] }], slaves: [] }));
  assert.throws(() => new AhbPlugAndPlay({ masters: new Array(65).fill(undefined), slaves: [] }));
  assert.throws(() => new ApbPlugAndPlay({ slaves: [{ ...e, bars: [1, 2] }] }));
});

Deno.test("APB area at another bridge base", () => {
  const apb = new ApbPlugAndPlay({
    base: 0x900ff000,
    slaves: [undefined, { vendor: 1, device: 0xc, version: 1, irq: 2, bars: [0x0010fff1] }],
  });
  assert.equal(apb.base, 0x900ff000);
  assert.equal(apb.read(0x8), 0x0100c022);
  assert.equal(apb.read(0xc), 0x0010fff1);
  assert.equal(apb.read(0x0), 0);
  assert.equal(apb.read(0xffc), 0);
});
