/**
 * Register maps: well-formedness of every device's map under several
 * configurations, the field helpers, the once-per-field notices, and, for
 * every device, that registers read their reset value, that read-write
 * fields read back and that reserved bits read 0.
 */
import assert from "node:assert/strict";
import type { Device } from "../../../src/cpu/bus.ts";
import { ApbUart, apbuartRegisters } from "../../../src/cpu/devices/apbuart.ts";
import { ManualClock } from "../../../src/cpu/devices/device_clock.ts";
import { Gptimer, gptimerRegisters } from "../../../src/cpu/devices/gptimer.ts";
import { NO_INTERRUPTS } from "../../../src/cpu/devices/interrupt_sink.ts";
import { Irqmp, irqmpRegisters } from "../../../src/cpu/devices/irqmp.ts";
import {
  bit,
  field,
  fieldMask,
  fieldValue,
  readableMask,
  readWriteMask,
  RegisterMap,
  registerProblems,
  type RegisterSpec,
  reserved,
} from "../../../src/cpu/devices/register_map.ts";

Deno.test("field helpers: masks and values, including full-width and high fields", () => {
  assert.equal(fieldMask(field("A", 31, 0, "read-write", "a")), 0xffffffff);
  assert.equal(fieldMask(field("B", 31, 26, "read-only", "b")), 0xfc000000);
  assert.equal(fieldMask(bit("C", 31, "read-only", "c")), 0x80000000);
  assert.equal(fieldMask(field("D", 15, 1, "read-write", "d")), 0xfffe);
  assert.equal(fieldValue(0xfc000000, field("B", 31, 26, "read-only", "b")), 63);
  assert.equal(fieldValue(0x80000000, bit("C", 31, "read-only", "c")), 1);
  assert.throws(() => field("X", 3, 4, "read-write", "x"), RangeError);
  assert.throws(() => field("X", 32, 0, "read-write", "x"), RangeError);
});

Deno.test("registerProblems finds holes, overlaps and reset bits in reserved fields", () => {
  const good: RegisterSpec = {
    offset: 0,
    name: "r",
    reset: 1,
    fields: [reserved(31, 1), bit("A", 0, "read-write", "a")],
  };
  assert.deepEqual(registerProblems(good), []);
  assert.deepEqual(
    registerProblems({ ...good, fields: [reserved(31, 2), bit("A", 0, "read-write", "a")] }),
    ["r.A: expected msb 1, got 0"],
  );
  assert.deepEqual(registerProblems({ ...good, fields: [reserved(31, 1)] }), [
    "r: bits 0:0 are not named",
  ]);
  assert.deepEqual(registerProblems({ ...good, reset: 2 }), [
    "r.RESERVED: the reset value sets bits that read 0",
  ]);
  assert.throws(() => new RegisterMap("d", [good, good]), /two registers at offset 0x0/);
  assert.throws(() => new RegisterMap("d", [{ ...good, fields: [] }]), /not named/);
});

Deno.test("RegisterMap reports a non-modelled field once, on non-zero writes and meaningful reads", () => {
  const notices: string[] = [];
  const map = new RegisterMap("dev0", [{
    offset: 8,
    name: "control",
    reset: 0,
    fields: [
      reserved(31, 8, { modelled: false, note: "newer cores use them" }),
      bit("LB", 7, "read-write", "loopback", { modelled: false }),
      reserved(6, 1),
      bit("EN", 0, "read-write", "enable"),
    ],
  }, {
    offset: 12,
    name: "latch",
    reset: 0,
    fields: [
      field("LATCH", 31, 0, "read-only", "latched value", { modelled: false, note: "reads 0" }),
    ],
  }], (m) => notices.push(m));
  map.noteWrite(8, 0x01); // EN only: modelled
  map.noteWrite(8, 0x7e); // reserved but modelled-as-reserved bits: silent
  assert.equal(notices.length, 0);
  map.noteWrite(8, 0x80);
  map.noteWrite(8, 0x81);
  assert.deepEqual(notices, [
    "dev0: control.LB (loopback) is not modelled; writes are kept but have no effect",
  ]);
  map.noteWrite(8, 0x100);
  assert.equal(notices[1], "dev0: control[31:8] is not modelled; newer cores use them");
  map.noteRead(12);
  map.noteRead(12);
  map.noteRead(8); // LB is read-write: reading it says nothing new
  assert.equal(notices.length, 3);
  assert.equal(notices[2], "dev0: latch.LATCH (latched value) is not modelled; reads 0");
  assert.equal(map.named("latch").offset, 12);
  assert.throws(() => map.named("nope"), RangeError);
  assert.equal(map.at(4), undefined);
});

/** Every device configuration the tests build, with its map. */
function configurations(): { label: string; regs: RegisterSpec[]; device: Device }[] {
  const out: { label: string; regs: RegisterSpec[]; device: Device }[] = [];
  const clock = new ManualClock();
  for (const eirq of [0, 12]) {
    out.push({
      label: `irqmp eirq=${eirq}`,
      regs: irqmpRegisters(eirq),
      device: new Irqmp({ base: 0x80000200, eirq, setLevel: () => {} }),
    });
  }
  for (
    const [ntimers, firstIrq, si, nbits, sbits] of [[2, 8, true, 32, 16], [7, 3, false, 20, 8], [
      1,
      31,
      true,
      32,
      32,
    ]] as const
  ) {
    out.push({
      label: `gptimer ntimers=${ntimers} nbits=${nbits} sbits=${sbits}`,
      regs: gptimerRegisters(ntimers, firstIrq, si, nbits, sbits),
      device: new Gptimer({
        base: 0x80000300,
        ntimers,
        firstIrq,
        separateIrqs: si,
        nbits,
        sbits,
        clock,
        interrupts: NO_INTERRUPTS,
      }),
    });
  }
  for (const [fifoSize, sbits] of [[1, 12], [8, 16], [32, 32]] as const) {
    out.push({
      label: `apbuart fifo=${fifoSize} sbits=${sbits}`,
      regs: apbuartRegisters(fifoSize, sbits),
      device: new ApbUart({ base: 0x80000100, fifoSize, sbits, clock, sink: () => {} }),
    });
  }
  return out;
}

Deno.test("every register of every device names each of its 32 bits exactly once", () => {
  for (const { label, regs } of configurations()) {
    for (const reg of regs) assert.deepEqual(registerProblems(reg), [], `${label} ${reg.name}`);
  }
});

Deno.test("every register reads its reset value after construction", () => {
  for (const { label, regs, device } of configurations()) {
    for (const reg of regs) {
      assert.equal(device.read(reg.offset) >>> 0, reg.reset >>> 0, `${label} ${reg.name}`);
    }
  }
});

Deno.test("read-write fields read back, reserved and write-only bits read 0", () => {
  // Registers whose writes have side effects beyond the field (data, clear,
  // pending, force0, the UART's debug and data registers) are tested per device.
  const plain = new Set([
    "level",
    "force",
    "mask0",
    "scaler",
    "scalerreload",
    "config",
    "control",
  ]);
  for (const { label, regs, device } of configurations()) {
    for (const reg of regs) {
      const name = reg.name.replace(/^timer\d\./, "");
      if (!plain.has(name) && !/^timer\d\.(counter|reload)$/.test(reg.name)) continue;
      const rw = readWriteMask(reg);
      const ro = (readableMask(reg) & ~rw) >>> 0;
      device.write(reg.offset, 0xffffffff);
      const ones = device.read(reg.offset) >>> 0;
      assert.equal((ones & rw) >>> 0, rw, `${label} ${reg.name}: rw bits after writing ones`);
      assert.equal((ones & ~readableMask(reg)) >>> 0, 0, `${label} ${reg.name}: reserved bits`);
      device.write(reg.offset, 0);
      const zeros = device.read(reg.offset) >>> 0;
      assert.equal((zeros & rw) >>> 0, 0, `${label} ${reg.name}: rw bits after writing zeros`);
      // read-only fields are unchanged by writes
      assert.equal((ones & ro) >>> 0, (zeros & ro) >>> 0, `${label} ${reg.name}: read-only bits`);
    }
  }
});
