/**
 * IRQMP: registers, priority between classes and levels, force, clear, mask,
 * acknowledge with GRLIB's semantics (and the cases where QEMU differs,
 * research/leon3.md §4b 17-19), held lines, extended interrupts, notices.
 */
import assert from "node:assert/strict";
import { Irqmp, IRQMP_REG } from "../../../src/cpu/devices/irqmp.ts";

function make(eirq = 0, pwd = false) {
  const levels: number[] = [];
  const notices: string[] = [];
  const irqmp = new Irqmp({
    base: 0x80000200,
    eirq,
    setLevel: (l) => levels.push(l),
    cpuPowerDown: () => pwd,
    notice: (m) => notices.push(m),
  });
  return { irqmp, levels, notices };
}

const R = IRQMP_REG;

Deno.test("reset: everything 0, level 0, MP status shows one CPU and the EIRQ field", () => {
  const { irqmp, levels } = make();
  for (const off of [R.LEVEL, R.PENDING, R.FORCE, R.CLEAR, R.MP_STATUS, R.MASK0, R.FORCE0]) {
    assert.equal(irqmp.read(off), 0);
  }
  assert.equal(irqmp.level, 0);
  assert.deepEqual(levels, []);
  assert.equal(make(12).irqmp.read(R.MP_STATUS), 12 << 16);
  assert.equal(make(0, true).irqmp.read(R.MP_STATUS), 1, "power-down status of CPU 0");
});

Deno.test("a raised interrupt is pending; it reaches the processor only when unmasked", () => {
  const { irqmp, levels } = make();
  irqmp.raise(5);
  assert.equal(irqmp.read(R.PENDING), 1 << 5);
  assert.equal(irqmp.level, 0);
  irqmp.write(R.MASK0, 1 << 5);
  assert.equal(irqmp.level, 5);
  assert.deepEqual(levels, [5]);
  irqmp.write(R.MASK0, 0);
  assert.equal(irqmp.level, 0);
  assert.deepEqual(levels, [5, 0]);
});

Deno.test("priority: highest number in the level-1 class, else highest in the level-0 class", () => {
  const { irqmp } = make();
  irqmp.write(R.MASK0, 0xfffe);
  irqmp.raise(3);
  irqmp.raise(9);
  irqmp.raise(12);
  assert.equal(irqmp.level, 12);
  irqmp.write(R.LEVEL, 1 << 3);
  assert.equal(irqmp.level, 3, "a level-1 interrupt beats any level-0 one");
  irqmp.write(R.LEVEL, (1 << 3) | (1 << 9));
  assert.equal(irqmp.level, 9);
  irqmp.write(R.MASK0, 0xfffe & ~((1 << 3) | (1 << 9)));
  assert.equal(irqmp.level, 12, "masked level-1 interrupts do not count");
  irqmp.write(R.CLEAR, 1 << 12);
  assert.equal(irqmp.level, 0);
  assert.equal(irqmp.read(R.PENDING), (1 << 3) | (1 << 9));
});

Deno.test("interrupt 15 and line 0: 15 is an ordinary level here; line 0 does not exist", () => {
  const { irqmp } = make();
  irqmp.write(R.MASK0, 0xffffffff);
  assert.equal(irqmp.read(R.MASK0), 0xfffe, "bit 0 and the extended half are reserved");
  irqmp.raise(0);
  assert.equal(irqmp.read(R.PENDING), 0);
  irqmp.raise(16); // no extended interrupts configured
  assert.equal(irqmp.read(R.PENDING), 0);
  irqmp.raise(15);
  assert.equal(irqmp.level, 15);
  assert.throws(() => irqmp.raise(32), RangeError);
  assert.throws(() => irqmp.raise(-1), RangeError);
});

Deno.test("pending register is writable (GRLIB; QEMU ignores the write, §4b 19)", () => {
  const { irqmp } = make();
  irqmp.write(R.MASK0, 0xfffe);
  irqmp.write(R.PENDING, 0xffffffff);
  assert.equal(irqmp.read(R.PENDING), 0xfffe);
  assert.equal(irqmp.level, 15);
  irqmp.write(R.PENDING, 1 << 4);
  assert.equal(irqmp.read(R.PENDING), 1 << 4);
  assert.equal(irqmp.level, 4);
});

Deno.test("clear register clears pending bits only, not force bits (GRLIB; QEMU both, §4b 18)", () => {
  const { irqmp } = make();
  irqmp.write(R.MASK0, 0xfffe);
  irqmp.raise(6);
  irqmp.write(R.FORCE, 1 << 6);
  irqmp.write(R.CLEAR, 0xffffffff);
  assert.equal(irqmp.read(R.PENDING), 0);
  assert.equal(irqmp.read(R.FORCE), 1 << 6);
  assert.equal(irqmp.level, 6);
  assert.equal(irqmp.read(R.CLEAR), 0, "the clear register reads 0");
});

Deno.test("acknowledge clears the force bit if set, else the pending bit (GRLIB; QEMU both, §4b 17)", () => {
  const { irqmp, levels } = make();
  irqmp.write(R.MASK0, 1 << 7);
  irqmp.raise(7);
  irqmp.write(R.FORCE0, 1 << 7);
  assert.equal(irqmp.level, 7);
  irqmp.acknowledge(7);
  assert.equal(irqmp.read(R.FORCE0), 0, "force bit cleared");
  assert.equal(irqmp.read(R.PENDING), 1 << 7, "pending bit kept: a second interrupt follows");
  assert.equal(irqmp.level, 7);
  irqmp.acknowledge(7);
  assert.equal(irqmp.read(R.PENDING), 0);
  assert.equal(irqmp.level, 0);
  assert.deepEqual(levels, [7, 0]);
});

Deno.test("force register 0x08 is written whole; 0x80 sets bits 15:1 and clears bits 31:17", () => {
  const { irqmp } = make();
  irqmp.write(R.FORCE, 0xffffffff);
  assert.equal(irqmp.read(R.FORCE), 0xfffe);
  assert.equal(irqmp.read(R.FORCE0), 0xfffe, "0x08 and 0x80 are the same register with one CPU");
  irqmp.write(R.FORCE, 1 << 2);
  assert.equal(irqmp.read(R.FORCE), 1 << 2, "0x08 replaces the whole field");
  irqmp.write(R.FORCE0, (1 << 5) | (1 << 9));
  assert.equal(irqmp.read(R.FORCE0), (1 << 2) | (1 << 5) | (1 << 9), "0x80 only sets");
  irqmp.write(R.FORCE0, 1 << (16 + 5));
  assert.equal(irqmp.read(R.FORCE0), (1 << 2) | (1 << 9), "bit 16 + n clears force bit n");
  irqmp.write(R.FORCE0, (1 << 3) | (1 << (16 + 3)) | (1 << 16));
  assert.equal(irqmp.read(R.FORCE0), (1 << 2) | (1 << 9), "set and clear together: clear wins");
  irqmp.write(R.FORCE0, 0);
  assert.equal(irqmp.read(R.FORCE0), (1 << 2) | (1 << 9), "zeros change nothing");
});

Deno.test("forced interrupts take part in the priority like pending ones, gated by the mask", () => {
  const { irqmp } = make();
  irqmp.write(R.FORCE0, 1 << 10);
  assert.equal(irqmp.level, 0);
  irqmp.write(R.MASK0, 1 << 10);
  assert.equal(irqmp.level, 10);
  irqmp.acknowledge(10);
  assert.equal(irqmp.level, 0);
});

Deno.test("a held line keeps its pending bit set through clears and acknowledges", () => {
  const { irqmp } = make();
  irqmp.write(R.MASK0, 1 << 3);
  irqmp.drive(3, true);
  assert.equal(irqmp.level, 3);
  irqmp.acknowledge(3);
  assert.equal(irqmp.level, 3);
  irqmp.write(R.CLEAR, 1 << 3);
  assert.equal(irqmp.read(R.PENDING), 1 << 3);
  irqmp.drive(3, true); // a second source
  irqmp.drive(3, false);
  irqmp.write(R.CLEAR, 1 << 3);
  assert.equal(irqmp.read(R.PENDING), 1 << 3, "still held by the first source");
  irqmp.drive(3, false);
  assert.equal(irqmp.read(R.PENDING), 1 << 3, "releasing does not clear the pending bit");
  irqmp.write(R.CLEAR, 1 << 3);
  assert.equal(irqmp.level, 0);
  assert.throws(() => irqmp.drive(3, false), RangeError);
});

Deno.test("extended interrupts: signalled on eirq, acknowledged into the EID register", () => {
  const { irqmp } = make(12);
  irqmp.write(R.MASK0, 0xffff0000 | (1 << 12));
  assert.equal(irqmp.read(R.MASK0), 0xffff1000);
  irqmp.raise(20);
  irqmp.raise(17);
  assert.equal(irqmp.read(R.PENDING), ((1 << 20) | (1 << 17) | (1 << 12)) >>> 0);
  assert.equal(irqmp.level, 12);
  irqmp.acknowledge(12);
  assert.equal(irqmp.read(R.EXT_ACK0), 20, "the highest extended interrupt is taken first");
  assert.equal(irqmp.read(R.PENDING), ((1 << 17) | (1 << 12)) >>> 0, "17 still pending: 12 again");
  assert.equal(irqmp.level, 12);
  irqmp.acknowledge(12);
  assert.equal(irqmp.read(R.EXT_ACK0), 17);
  assert.equal(irqmp.read(R.PENDING), 0);
  assert.equal(irqmp.level, 0);
  // a masked extended interrupt stays pending and does not signal
  irqmp.write(R.MASK0, 1 << 12);
  irqmp.raise(25);
  assert.equal(irqmp.level, 0);
  assert.equal(irqmp.read(R.PENDING), (1 << 25) >>> 0);
  irqmp.write(R.CLEAR, 1 << 25);
  assert.equal(irqmp.read(R.PENDING), 0);
  irqmp.write(R.PENDING, 0xffffffff);
  assert.equal(irqmp.read(R.PENDING), 0xfffffffe);
});

Deno.test("0x14 reads the MP status with one CPU; MP status writes do nothing but notice restart", () => {
  const { irqmp, notices } = make(5);
  irqmp.write(R.BROADCAST, 0xffffffff);
  assert.equal(irqmp.read(R.BROADCAST), 5 << 16);
  irqmp.write(R.MP_STATUS, 0xfffffffe);
  assert.equal(notices.length, 0);
  irqmp.write(R.MP_STATUS, 1);
  irqmp.write(R.MP_STATUS, 1);
  assert.equal(notices.length, 1);
  assert.match(notices[0]!, /^irqmp0: mpstatus\.STATUS0 .* is not modelled; .*restart/);
  assert.equal(irqmp.read(R.MP_STATUS), 5 << 16);
});

Deno.test("undecoded offsets read 0 and ignore writes; no extended ack without eirq", () => {
  const { irqmp } = make();
  for (const off of [0x18, 0x1c, 0x20, 0x3c, 0x44, 0x7c, 0x84, 0xc0, 0xc4, 0xfc]) {
    irqmp.write(off, 0xffffffff);
    assert.equal(irqmp.read(off), 0, `offset 0x${off.toString(16)}`);
  }
  assert.equal(irqmp.level, 0);
  assert.throws(() => make(16), RangeError);
});
