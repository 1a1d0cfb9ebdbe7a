/**
 * GPTIMER: register behaviour, and the lazy model against a naive reference
 * that steps every clock (seeded random configurations: scaler reloads,
 * reloads, RS on and off, chaining, SI on and off, writes at arbitrary
 * cycles), comparing every register read and every interrupt cycle.
 */
import assert from "node:assert/strict";
import { ManualClock } from "../../../src/cpu/devices/device_clock.ts";
import {
  Gptimer,
  GPTIMER_CTRL as C,
  GPTIMER_REG as R,
  type GptimerOptions,
} from "../../../src/cpu/devices/gptimer.ts";

/** A seeded generator (mulberry32): deterministic across runs and machines. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

type Options = Omit<GptimerOptions, "clock" | "interrupts" | "base">;

function make(options: Options = {}) {
  const clock = new ManualClock();
  const irqs: [number, number][] = [];
  const notices: string[] = [];
  const timer = new Gptimer({
    base: 0x80000300,
    clock,
    interrupts: { raise: (irq) => irqs.push([clock.now(), irq]), drive: () => {} },
    notice: (m) => notices.push(m),
    ...options,
  });
  return { clock, timer, irqs, notices };
}

const T = (n: number, reg: number) => 0x10 * n + reg;

// --- The reference: every clock edge, as the module documentation states it ----------------

interface RefTimer {
  value: number;
  reload: number;
  en: boolean;
  rs: boolean;
  ie: boolean;
  ip: boolean;
  ch: boolean;
}

class Reference {
  cycle = 0;
  scaler: number;
  scalerReload: number;
  df = false;
  readonly timers: RefTimer[];
  readonly irqs: [number, number][] = [];
  readonly vmask: number;
  readonly smask: number;

  constructor(
    readonly ntimers: number,
    readonly firstIrq: number,
    readonly si: boolean,
    nbits: number,
    sbits: number,
  ) {
    this.vmask = nbits === 32 ? 0xffffffff : 2 ** nbits - 1;
    this.smask = sbits === 32 ? 0xffffffff : 2 ** sbits - 1;
    this.scaler = this.scalerReload = this.smask;
    this.timers = Array.from({ length: ntimers }, () => ({
      value: 0,
      reload: 0,
      en: false,
      rs: false,
      ie: false,
      ip: false,
      ch: false,
    }));
  }

  /** Runs the edges of cycles up to `c`. */
  runTo(c: number): void {
    while (this.cycle < c) this.edge();
  }

  edge(): void {
    this.cycle++;
    if (!this.timers.some((t) => t.en)) return;
    let tick = false;
    if (this.scaler === 0) {
      this.scaler = this.scalerReload;
      tick = true;
    } else {
      this.scaler--;
    }
    if (!tick) return;
    let prevUnderflow = false;
    const fired = new Set<number>();
    this.timers.forEach((t, k) => {
      const input = t.ch ? k > 0 && prevUnderflow : true;
      let underflow = false;
      if (t.en && input) {
        if (t.value === 0) {
          underflow = true;
          if (t.ie) {
            t.ip = true;
            fired.add(this.si ? this.firstIrq + k : this.firstIrq);
          }
          if (t.rs) t.value = t.reload;
          else {
            t.value = this.vmask;
            t.en = false;
          }
        } else {
          t.value--;
        }
      }
      prevUnderflow = underflow;
    });
    for (const irq of fired) this.irqs.push([this.cycle, irq]);
  }

  read(off: number): number {
    if (off === 0) return this.scaler;
    if (off === 4) return this.scalerReload;
    if (off === 8) {
      return this.ntimers | (this.firstIrq << 3) | (this.si ? 0x100 : 0) | (this.df ? 0x200 : 0);
    }
    const n = off >> 4;
    const t = this.timers[n - 1];
    if (!t || off >= 0x80) return 0;
    switch (off & 0xc) {
      case 0:
        return t.value;
      case 4:
        return t.reload;
      case 8:
        return (t.en ? 1 : 0) | (t.rs ? 2 : 0) | (t.ie ? 8 : 0) | (t.ip ? 16 : 0) | (t.ch ? 32 : 0);
    }
    return 0;
  }

  write(off: number, v: number): void {
    v >>>= 0;
    if (off === 0) this.scaler = v & this.smask;
    else if (off === 4) this.scaler = this.scalerReload = (v & this.smask) >>> 0;
    else if (off === 8) this.df = (v & 0x200) !== 0;
    else {
      const t = this.timers[(off >> 4) - 1];
      if (!t || off >= 0x80) return;
      switch (off & 0xc) {
        case 0:
          t.value = (v & this.vmask) >>> 0;
          break;
        case 4:
          t.reload = (v & this.vmask) >>> 0;
          break;
        case 8:
          t.en = (v & 1) !== 0;
          t.rs = (v & 2) !== 0;
          t.ie = (v & 8) !== 0;
          t.ch = (v & 32) !== 0;
          if (v & 16) t.ip = false;
          if (v & 4) t.value = t.reload;
      }
    }
  }
}

// --- Registers ------------------------------------------------------------------------------

Deno.test("reset values: scaler and reload all ones, config from the generics, timers 0", () => {
  const { timer } = make({ ntimers: 3, firstIrq: 6, separateIrqs: true, sbits: 10 });
  assert.equal(timer.read(R.SCALER), 0x3ff);
  assert.equal(timer.read(R.SCALER_RELOAD), 0x3ff);
  assert.equal(timer.read(R.CONFIG), 3 | (6 << 3) | 0x100);
  for (let n = 1; n <= 3; n++) {
    for (const r of [R.COUNTER, R.RELOAD, R.CONTROL, R.LATCH]) assert.equal(timer.read(T(n, r)), 0);
  }
  assert.equal(make({ separateIrqs: false }).timer.read(R.CONFIG), 2 | (8 << 3));
});

Deno.test("config: only DF is writable (GRLIB resets it to 0; QEMU hard-wires 1, §4b 13)", () => {
  const { timer, notices } = make({ ntimers: 2, firstIrq: 6 });
  timer.write(R.CONFIG, 0x200);
  assert.equal(timer.read(R.CONFIG), 0x332);
  timer.write(R.CONFIG, 0);
  assert.equal(timer.read(R.CONFIG), 0x132);
  assert.equal(notices.length, 0);
  timer.write(R.CONFIG, 0xffff0000);
  assert.equal(timer.read(R.CONFIG), 0x132);
  assert.equal(notices.length, 1);
  assert.match(notices[0]!, /^gptimer0: config\[31:10\] is not modelled; /);
});

Deno.test("counter and reload are nbits wide; scaler registers sbits wide", () => {
  const { timer } = make({ nbits: 12, sbits: 8 });
  timer.write(T(1, R.COUNTER), 0xffffffff);
  timer.write(T(1, R.RELOAD), 0x12345);
  assert.equal(timer.read(T(1, R.COUNTER)), 0xfff);
  assert.equal(timer.read(T(1, R.RELOAD)), 0x345);
  timer.write(R.SCALER, 0x1ff);
  assert.equal(timer.read(R.SCALER), 0xff);
});

Deno.test("writing the scaler reload also loads the scaler (GRLIB; QEMU does not, §4b 14)", () => {
  const { timer } = make();
  timer.write(R.SCALER, 100);
  timer.write(R.SCALER_RELOAD, 39);
  assert.equal(timer.read(R.SCALER), 39);
  timer.write(R.SCALER, 7);
  assert.equal(timer.read(R.SCALER_RELOAD), 39);
  assert.equal(timer.read(R.SCALER), 7);
});

Deno.test("control reads bits 6:0 only; LD loads the reload and reads 0 (§4b 10, 15); IP is W1C", () => {
  const { timer, clock } = make();
  timer.write(T(1, R.RELOAD), 5);
  timer.write(T(1, R.CONTROL), 0xffffffff & ~C.EN);
  assert.equal(timer.read(T(1, R.CONTROL)), C.RS | C.IE | C.CH, "LD, IP and DH read 0");
  assert.equal(timer.read(T(1, R.COUNTER)), 5, "LD loaded the counter");
  // make IP set: timer 1 with reload 0 underflows on the first tick
  timer.write(R.SCALER_RELOAD, 0);
  timer.write(T(1, R.RELOAD), 0);
  timer.write(T(1, R.CONTROL), C.EN | C.RS | C.LD | C.IE);
  clock.advanceBy(1);
  assert.equal(timer.read(T(1, R.CONTROL)) & C.IP, C.IP);
  timer.write(T(1, R.CONTROL), C.RS | C.IE); // IP written 0: stays set
  assert.equal(timer.read(T(1, R.CONTROL)) & C.IP, C.IP);
  timer.write(T(1, R.CONTROL), C.RS | C.IE | C.IP); // IP written 1: cleared
  assert.equal(timer.read(T(1, R.CONTROL)) & C.IP, 0);
});

Deno.test("one-shot expiry clears EN and leaves the counter at all ones (GRLIB; §4b 12)", () => {
  const { timer, clock, irqs } = make({ firstIrq: 8 });
  timer.write(R.SCALER_RELOAD, 3);
  timer.write(T(1, R.RELOAD), 2);
  timer.write(T(1, R.CONTROL), C.EN | C.LD | C.IE);
  // ticks at cycles 4, 8, 12, 16: 2 -> 1 -> 0 -> underflow at 12
  clock.advanceTo(11);
  assert.equal(timer.read(T(1, R.COUNTER)), 0);
  clock.advanceTo(12);
  assert.deepEqual(irqs, [[12, 8]]);
  assert.equal(timer.read(T(1, R.COUNTER)), 0xffffffff);
  assert.equal(timer.read(T(1, R.CONTROL)), C.IE | C.IP);
  const scaler = timer.read(R.SCALER);
  clock.advanceTo(1000);
  assert.equal(timer.read(R.SCALER), scaler, "the scaler stops when every timer is disabled");
  assert.deepEqual(irqs, [[12, 8]]);
});

Deno.test("QEMU's boot set-up: scaler 39, timer 0 reload 0xFFFFFFFE, EN|RS: read far in the future", () => {
  const { timer, clock, irqs } = make({ firstIrq: 6 });
  timer.write(R.SCALER_RELOAD, 39);
  timer.write(T(1, R.RELOAD), 0xfffffffe);
  timer.write(T(1, R.CONTROL), C.EN | C.RS); // counter 0: underflows on the first tick
  const at = 2 ** 45 + 12345;
  clock.advanceTo(at);
  const ticks = Math.floor((at - 40) / 40) + 1; // first tick at cycle 40
  const expected = 0xfffffffe - ((ticks - 1) % 0xffffffff);
  assert.equal(timer.read(T(1, R.COUNTER)), expected);
  assert.equal(timer.read(R.SCALER), 39 - ((at - 40) % 40));
  assert.deepEqual(irqs, [], "IE is off: no interrupt, no event");
  assert.equal(clock.events.size, 0);
});

Deno.test("periodic interrupts: one event per interrupt, on the exact cycles", () => {
  const { timer, clock, irqs } = make({ firstIrq: 8, separateIrqs: true });
  timer.write(R.SCALER_RELOAD, 39);
  timer.write(T(2, R.RELOAD), 99);
  timer.write(T(2, R.CONTROL), C.EN | C.RS | C.LD | C.IE);
  clock.advanceTo(40 * 100 * 1000);
  assert.equal(irqs.length, 1000);
  irqs.forEach(([cycle, irq], i) => {
    assert.equal(irq, 9, "timer 2 with SI: first IRQ + 1");
    assert.equal(cycle, 40 * 100 * (i + 1));
  });
  assert.equal(clock.events.size, 1);
});

Deno.test("chained timers: timer 2 counts timer 1's underflows; the first timer's CH stops it", () => {
  const { timer, clock, irqs } = make({ firstIrq: 8, separateIrqs: false });
  timer.write(R.SCALER_RELOAD, 0);
  timer.write(T(1, R.RELOAD), 9);
  timer.write(T(1, R.CONTROL), C.EN | C.RS | C.LD);
  timer.write(T(2, R.RELOAD), 4);
  timer.write(T(2, R.CONTROL), C.EN | C.RS | C.LD | C.IE | C.CH);
  clock.advanceTo(200);
  // timer 1 underflows every 10 ticks (cycles 10, 20, ...); timer 2 every 5 of those
  assert.deepEqual(irqs, [[50, 8], [100, 8], [150, 8], [200, 8]]);
  timer.write(T(1, R.CONTROL), C.EN | C.RS | C.CH);
  const v = timer.read(T(1, R.COUNTER));
  clock.advanceTo(1000);
  assert.equal(timer.read(T(1, R.COUNTER)), v, "timer 1 chained to nothing does not count");
  assert.equal(irqs.length, 4);
});

Deno.test("undecoded offsets read 0 and ignore writes; latch reads are noticed", () => {
  const { timer, notices } = make({ ntimers: 2 });
  for (const off of [0x30, 0x34, 0x38, 0x70, 0x80, 0x90, 0xfc]) {
    timer.write(off, 0xffffffff);
    assert.equal(timer.read(off), 0, `offset 0x${off.toString(16)}`);
  }
  timer.read(T(1, R.LATCH));
  timer.write(R.LATCH_CONFIG, 1);
  assert.equal(timer.read(R.LATCH_CONFIG), 0);
  assert.equal(notices.length, 2);
  assert.match(notices[0]!, /timer1\.latch\.LATCH/);
  assert.match(notices[1]!, /latchconfig\.LATCHSEL/);
});

Deno.test("generics are checked", () => {
  assert.throws(() => make({ ntimers: 0 }), RangeError);
  assert.throws(() => make({ ntimers: 8 }), RangeError);
  assert.throws(() => make({ nbits: 33 }), RangeError);
  assert.throws(() => make({ ntimers: 7, firstIrq: 26 }), /past line 31/);
});

// --- The lazy model against the reference ---------------------------------------------------

function randomScenario(seed: number, horizon = 4000, spread = 1): void {
  const r = rng(seed);
  const ntimers = 1 + r(4);
  const si = r(2) === 0;
  const firstIrq = 1 + r(8);
  const nbits = [32, 8, 5][r(3)]!;
  const sbits = [16, 3][r(2)]!;
  const { timer, clock, irqs } = make({ ntimers, firstIrq, separateIrqs: si, nbits, sbits });
  const ref = new Reference(ntimers, firstIrq, si, nbits, sbits);
  const small = () => [0, 1, 2, 3, r(8), r(40 * spread)][r(6)]!;
  let cycle = 0;
  let reads = 0;
  while (cycle < horizon) {
    cycle += [0, 1, 2, r(10), r(60), r(300 * spread)][r(6)]!;
    clock.advanceTo(cycle);
    ref.runTo(cycle);
    const n = 1 + r(ntimers);
    const choice = r(12);
    let off: number, value = 0, write = true;
    if (choice < 3) {
      off = T(n, R.CONTROL);
      value = (r(4) ? C.EN : 0) | (r(2) ? C.RS : 0) | (r(3) === 0 ? C.LD : 0) |
        (r(2) ? C.IE : 0) | (r(3) === 0 ? C.IP : 0) | (r(3) === 0 ? C.CH : 0);
    } else if (choice < 5) {
      off = T(n, [R.COUNTER, R.RELOAD][r(2)]!);
      value = r(10) === 0 ? 0xffffffff : small();
    } else if (choice < 6) {
      off = [R.SCALER, R.SCALER_RELOAD][r(2)]!;
      value = r(8) === 0 ? 0xffff : [0, 1, 2, 3, 5, r(4 * spread)][r(6)]!;
    } else {
      write = false;
      off = [R.SCALER, T(n, R.COUNTER), T(n, R.CONTROL), R.CONFIG][r(4)]!;
    }
    if (write) {
      timer.write(off, value);
      ref.write(off, value);
    } else {
      reads++;
      assert.equal(
        timer.read(off),
        ref.read(off) >>> 0,
        `seed ${seed}: read 0x${off.toString(16)} at cycle ${cycle}`,
      );
    }
  }
  clock.advanceTo(cycle + 2000);
  ref.runTo(cycle + 2000);
  for (let off = 0; off < 0x10 * (ntimers + 1); off += 4) {
    assert.equal(timer.read(off), ref.read(off) >>> 0, `seed ${seed}: final 0x${off.toString(16)}`);
  }
  assert.deepEqual(irqs, ref.irqs, `seed ${seed}: interrupt cycles`);
  assert.ok(reads > 0);
}

Deno.test("the lazy model matches a per-cycle reference on 300 seeded random scenarios", () => {
  for (let seed = 1; seed <= 300; seed++) randomScenario(seed);
});

Deno.test("the lazy model matches the reference over long gaps and larger reloads (40 scenarios)", () => {
  for (let seed = 1001; seed <= 1040; seed++) randomScenario(seed, 60_000, 20);
});
