/**
 * APBUART: registers, transmitter and receiver timing and status in both line
 * timings, FIFOs (full, overrun), interrupts (RI, TI, SI pulses; TF and RF
 * levels), loopback, FIFO debug mode, notices.
 */
import assert from "node:assert/strict";
import {
  ApbUart,
  APBUART_CTRL as C,
  APBUART_REG as R,
  APBUART_STATUS as S,
  type ApbUartOptions,
} from "../../../src/cpu/devices/apbuart.ts";
import { ManualClock } from "../../../src/cpu/devices/device_clock.ts";
import { Irqmp, IRQMP_REG } from "../../../src/cpu/devices/irqmp.ts";

type Options = Omit<ApbUartOptions, "clock" | "sink" | "base">;

function make(options: Options = {}) {
  const clock = new ManualClock();
  const sent: [number, number][] = []; // [cycle, byte]
  const pulses: number[] = []; // cycles of interrupt pulses
  const levels: [number, boolean][] = [];
  const notices: string[] = [];
  const uart = new ApbUart({
    base: 0x80000100,
    clock,
    sink: (b) => sent.push([clock.now(), b]),
    interrupts: {
      raise: (irq) => {
        assert.equal(irq, options.irq ?? 2);
        pulses.push(clock.now());
      },
      drive: (_irq, high) => levels.push([clock.now(), high]),
    },
    notice: (m) => notices.push(m),
    ...options,
  });
  return { clock, uart, sent, pulses, levels, notices };
}

const cnt = (status: number) => ({ tcnt: (status >>> 20) & 63, rcnt: status >>> 26 });

// --- Registers ------------------------------------------------------------------------------

Deno.test("reset: holding registers read TS|TE; FIFOs add TH and control.FA", () => {
  const one = make().uart;
  assert.equal(one.read(R.STATUS), S.TS | S.TE);
  assert.equal(one.read(R.CONTROL), 0);
  const fifo = make({ fifoSize: 8 }).uart;
  assert.equal(fifo.read(R.STATUS), S.TS | S.TE | S.TH);
  assert.equal(fifo.read(R.CONTROL), C.FA >>> 0);
  assert.equal(fifo.read(R.SCALER), 0);
});

Deno.test("control keeps bits 14:0, FA is read-only; scaler is sbits wide", () => {
  const { uart } = make({ fifoSize: 4, sbits: 12 });
  uart.write(R.CONTROL, 0xffffffff);
  assert.equal(uart.read(R.CONTROL), (0x7fff | C.FA) >>> 0);
  uart.write(R.CONTROL, 0);
  assert.equal(uart.read(R.CONTROL), C.FA >>> 0);
  uart.write(R.SCALER, 0xffffffff);
  assert.equal(uart.read(R.SCALER), 0xfff);
  const wide = make({ sbits: 20 }).uart;
  wide.write(R.SCALER, 0xffffffff);
  assert.equal(wide.read(R.SCALER), 0xfffff);
});

Deno.test("status: BR, OV, PE, FE are written directly (0 clears; QEMU ignores, §4b 22)", () => {
  const { uart } = make({ fifoSize: 2 });
  uart.write(R.STATUS, 0xffffffff);
  assert.equal(uart.read(R.STATUS), S.TS | S.TE | S.TH | S.BR | S.OV | S.PE | S.FE);
  uart.write(R.STATUS, S.OV);
  assert.equal(uart.read(R.STATUS), S.TS | S.TE | S.TH | S.OV);
  uart.write(R.STATUS, 0);
  assert.equal(uart.read(R.STATUS), S.TS | S.TE | S.TH);
});

Deno.test("undecoded offsets read 0 and ignore writes; the debug register needs DB", () => {
  const { uart } = make({ fifoSize: 4 });
  for (const off of [0x14, 0x18, 0x1c, 0x80, 0xfc]) {
    uart.write(off, 0xffffffff);
    assert.equal(uart.read(off), 0);
  }
  uart.write(R.DEBUG, 0x41);
  assert.equal(uart.read(R.STATUS) & S.DR, 0, "without DB the debug write does nothing");
});

Deno.test("generics are checked", () => {
  assert.throws(() => make({ fifoSize: 3 }), RangeError);
  assert.throws(() => make({ fifoSize: 64 }), RangeError);
  assert.throws(() => make({ sbits: 8 }), RangeError);
  assert.throws(() => make({ irq: 32 }), RangeError);
});

Deno.test("control bits that are not modelled are reported once each", () => {
  const { uart, notices } = make();
  uart.write(R.CONTROL, C.RE | C.TE | C.LB | C.PE | C.DB | C.SI);
  assert.equal(notices.length, 0);
  uart.write(R.CONTROL, C.FL | C.EC | C.BI | C.DI | (1 << 20));
  uart.write(R.CONTROL, C.FL | C.EC | C.BI | C.DI | (1 << 20));
  assert.equal(notices.length, 5);
  assert.ok(notices.includes(
    "apbuart0: control.FL (flow control (CTS/RTS)) is not modelled; " +
      "CTS is taken as always asserted; the bit is kept but has no effect",
  ));
  assert.ok(notices.some((n) => n.startsWith("apbuart0: control[30:15] is not modelled")));
  assert.equal(uart.read(R.CONTROL), C.FL | C.EC | C.BI | C.DI, "kept, reserved bits dropped");
});

// --- Transmitter ----------------------------------------------------------------------------

Deno.test("instant: a byte reaches the sink at the write; status stays TS|TE", () => {
  const { uart, sent, clock } = make({ lineTiming: "instant" });
  uart.write(R.CONTROL, C.TE);
  clock.advanceTo(10);
  uart.write(R.DATA, 0x141);
  assert.deepEqual(sent, [[10, 0x41]]);
  assert.equal(uart.read(R.STATUS), S.TS | S.TE);
});

Deno.test("data written with TE = 0 waits (holding register overwritten) until TE is set", () => {
  const { uart, sent, clock } = make({ lineTiming: "instant" });
  uart.write(R.DATA, 0x41);
  uart.write(R.DATA, 0x42);
  assert.equal(uart.read(R.STATUS), S.TS, "holding register full: TE clear");
  assert.deepEqual(sent, []);
  clock.advanceTo(5);
  uart.write(R.CONTROL, C.TE);
  assert.deepEqual(sent, [[5, 0x42]]);
  assert.equal(uart.read(R.STATUS), S.TS | S.TE);
});

Deno.test("scaler: frames take 10*8*(scaler+1) cycles; status follows FIFO and shift register", () => {
  const { uart, sent, clock } = make({ fifoSize: 8 });
  uart.write(R.SCALER, 1); // 160 cycles a frame
  uart.write(R.CONTROL, C.TE);
  assert.equal(uart.frameCycles, 160);
  for (const b of [1, 2, 3]) uart.write(R.DATA, b);
  let s = uart.read(R.STATUS);
  assert.equal(s & (S.TS | S.TE | S.TH | S.TF), S.TH, "shift register busy, 2 in the FIFO");
  assert.equal(cnt(s).tcnt, 2);
  clock.advanceTo(159);
  assert.deepEqual(sent, []);
  clock.advanceTo(160);
  assert.deepEqual(sent, [[160, 1]]);
  assert.equal(cnt(uart.read(R.STATUS)).tcnt, 1);
  clock.advanceTo(479);
  s = uart.read(R.STATUS);
  assert.equal(s & (S.TS | S.TE), S.TE, "last byte in the shift register");
  clock.advanceTo(480);
  assert.deepEqual(sent, [[160, 1], [320, 2], [480, 3]]);
  assert.equal(uart.read(R.STATUS), S.TS | S.TE | S.TH);
  assert.equal(clock.events.size, 0);
});

Deno.test("scaler: parity adds a bit; the frame length is fixed when the frame starts", () => {
  const { uart, sent, clock } = make();
  uart.write(R.CONTROL, C.TE | C.PE);
  uart.write(R.SCALER, 0);
  assert.equal(uart.frameCycles, 88);
  uart.write(R.DATA, 7);
  clock.advanceTo(10);
  uart.write(R.SCALER, 100); // does not stretch the frame in flight
  clock.advanceTo(88);
  assert.deepEqual(sent, [[88, 7]]);
});

Deno.test("transmitter FIFO full: TF, TCNT = size, further bytes dropped; TE stops/starts sending", () => {
  const { uart, sent, clock } = make({ fifoSize: 4 });
  for (let b = 0; b < 6; b++) uart.write(R.DATA, b);
  const s = uart.read(R.STATUS);
  assert.equal(s & (S.TF | S.TE | S.TH | S.TS), S.TF | S.TS);
  assert.equal(cnt(s).tcnt, 4);
  uart.write(R.CONTROL, C.TE);
  clock.advanceTo(80); // scaler 0: 80 cycles a frame
  assert.deepEqual(sent, [[80, 0]]);
  uart.write(R.CONTROL, 0); // the frame in flight completes, no new one starts
  clock.advanceTo(1000);
  assert.deepEqual(sent, [[80, 0], [160, 1]]);
  assert.equal(cnt(uart.read(R.STATUS)).tcnt, 2);
  uart.write(R.CONTROL, C.TE);
  clock.advanceTo(2000);
  assert.deepEqual(sent.map(([, b]) => b), [0, 1, 2, 3]);
  assert.deepEqual(sent.slice(2).map(([c]) => c), [1080, 1160]);
});

Deno.test("TI pulses when a byte enters the shift register, SI when it empties with nothing left", () => {
  const { uart, pulses, clock } = make({ fifoSize: 4 });
  uart.write(R.CONTROL, C.TE | C.TI);
  uart.write(R.DATA, 1);
  uart.write(R.DATA, 2);
  clock.advanceTo(500);
  assert.deepEqual(pulses, [0, 80]);
  uart.write(R.CONTROL, C.TE | C.SI);
  uart.write(R.DATA, 3);
  uart.write(R.DATA, 4);
  clock.advanceTo(1000);
  assert.deepEqual(pulses, [0, 80, 660]);
  const instant = make({ lineTiming: "instant" });
  instant.uart.write(R.CONTROL, C.TE | C.TI | C.SI);
  instant.uart.write(R.DATA, 1);
  assert.deepEqual(instant.pulses, [0, 0]);
});

Deno.test("TF holds the interrupt line while the transmitter FIFO is less than half full", () => {
  const { uart, levels, clock } = make({ fifoSize: 4 });
  uart.write(R.CONTROL, C.TF);
  assert.deepEqual(levels, [[0, true]], "empty FIFO: below half");
  uart.write(R.DATA, 1);
  uart.write(R.DATA, 2);
  assert.deepEqual(levels, [[0, true], [0, false]]);
  uart.write(R.CONTROL, C.TF | C.TE);
  assert.deepEqual(levels, [[0, true], [0, false], [0, true]], "one moved to the shift register");
  clock.advanceTo(160);
  assert.deepEqual(levels.length, 3, "the line stays high while the FIFO drains");
  const none = make({ fifoSize: 1 });
  none.uart.write(R.CONTROL, C.TF | C.RF);
  assert.deepEqual(none.levels, [], "no FIFO, no FIFO interrupts");
});

Deno.test("TF level through the IRQMP: the pending bit stays set until the FIFO fills", () => {
  const clock = new ManualClock();
  const irqmp = new Irqmp({ base: 0x80000200, setLevel: () => {} });
  const uart = new ApbUart({
    base: 0x80000100,
    clock,
    sink: () => {},
    interrupts: irqmp,
    fifoSize: 2,
    irq: 2,
  });
  irqmp.write(IRQMP_REG.MASK0, 1 << 2);
  uart.write(R.CONTROL, C.TF);
  assert.equal(irqmp.level, 2);
  irqmp.acknowledge(2);
  assert.equal(irqmp.level, 2);
  uart.write(R.DATA, 1);
  irqmp.acknowledge(2);
  assert.equal(irqmp.level, 0);
});

// --- Receiver -------------------------------------------------------------------------------

Deno.test("scaler: received bytes take a frame each and enter the FIFO at its end", () => {
  const { uart, clock, pulses } = make({ fifoSize: 4 });
  uart.write(R.CONTROL, C.RE | C.RI);
  uart.write(R.SCALER, 1);
  uart.receive("AB", 100);
  clock.advanceTo(259);
  assert.equal(uart.read(R.STATUS) & S.DR, 0);
  clock.advanceTo(260);
  let s = uart.read(R.STATUS);
  assert.equal(s & S.DR, S.DR);
  assert.equal(cnt(s).rcnt, 1);
  clock.advanceTo(420);
  s = uart.read(R.STATUS);
  assert.equal(cnt(s).rcnt, 2);
  assert.equal(s & S.RH, S.RH, "half of 4");
  assert.deepEqual(pulses, [260, 420]);
  assert.equal(uart.read(R.DATA), 0x41);
  assert.equal(uart.read(R.DATA), 0x42);
  assert.equal(uart.read(R.STATUS) & (S.DR | S.RH), 0);
  assert.equal(uart.read(R.DATA), 0, "empty: the FIFO memory at the read pointer (never written)");
});

Deno.test("bytes arriving with RE = 0 are lost; RE is sampled when a frame starts", () => {
  const { uart, clock } = make({ fifoSize: 4 });
  uart.receive([1, 2, 3], 0); // frames 0-80, 80-160, 160-240
  clock.advanceTo(79);
  uart.write(R.CONTROL, C.RE); // too late for byte 1
  clock.advanceTo(170);
  uart.write(R.CONTROL, 0); // byte 3 has started: still received
  clock.advanceTo(1000);
  assert.equal(cnt(uart.read(R.STATUS)).rcnt, 2);
  assert.equal(uart.read(R.DATA), 2);
  assert.equal(uart.read(R.DATA), 3);
});

Deno.test("receiver overrun: a full FIFO drops the byte and sets OV; RF shows full", () => {
  const { uart, clock, pulses } = make({ fifoSize: 2 });
  uart.write(R.CONTROL, C.RE | C.RI);
  uart.receive([1, 2, 3], 0);
  clock.advanceTo(240);
  const s = uart.read(R.STATUS);
  assert.equal(s & (S.OV | S.RF | S.RH | S.DR), S.OV | S.RF | S.RH | S.DR);
  assert.equal(cnt(s).rcnt, 2);
  assert.deepEqual(pulses, [80, 160, 240], "RI on every frame received, the lost one too");
  assert.equal(uart.read(R.DATA), 1);
  assert.equal(uart.read(R.DATA), 2);
  const hold = make();
  hold.uart.write(R.CONTROL, C.RE);
  hold.uart.receive([7, 8], 0);
  hold.clock.advanceTo(160);
  assert.equal(hold.uart.read(R.STATUS), S.TS | S.TE | S.DR | S.OV);
  assert.equal(hold.uart.read(R.DATA), 7, "the holding register keeps the first byte");
  assert.equal(hold.uart.read(R.DATA), 7, "and reads it again once empty (stale)");
  assert.equal(hold.uart.read(R.STATUS) & S.DR, 0);
});

Deno.test("RF holds the line while the receiver FIFO is at least half full", () => {
  const { uart, clock, levels } = make({ fifoSize: 4 });
  uart.write(R.CONTROL, C.RE | C.RF);
  uart.receive([1, 2], 0);
  clock.advanceTo(160);
  assert.deepEqual(levels, [[160, true]]);
  uart.read(R.DATA);
  assert.deepEqual(levels, [[160, true], [160, false]]);
});

Deno.test("instant: received bytes all arrive at the given cycle; a script at construction", () => {
  const { uart, clock, pulses } = make({
    lineTiming: "instant",
    fifoSize: 8,
    rxScript: [{ at: 50, bytes: "hi" }, { at: 70, bytes: [0x21] }],
  });
  uart.write(R.CONTROL, C.RE | C.RI);
  clock.advanceTo(49);
  assert.equal(uart.read(R.STATUS) & S.DR, 0);
  clock.advanceTo(50);
  assert.equal(cnt(uart.read(R.STATUS)).rcnt, 2);
  clock.advanceTo(70);
  assert.deepEqual(pulses, [50, 50, 70]);
  assert.deepEqual([0, 1, 2].map(() => uart.read(R.DATA)), [0x68, 0x69, 0x21]);
});

Deno.test("instant without a FIFO: each byte waits until the last one is read, none overruns", () => {
  const { uart, clock } = make({ lineTiming: "instant" });
  uart.write(R.CONTROL, C.RE);
  uart.receive("abc", 10);
  clock.advanceTo(10);
  assert.equal(uart.read(R.STATUS) & (S.DR | S.OV), S.DR);
  const got: number[] = [];
  for (let k = 0; k < 3; k++) {
    clock.advanceTo(20 + k);
    assert.equal(uart.read(R.STATUS) & (S.DR | S.OV), S.DR, `byte ${k} waiting, no overrun`);
    got.push(uart.read(R.DATA));
  }
  assert.deepEqual(got, [0x61, 0x62, 0x63]);
  assert.equal(uart.read(R.STATUS) & S.DR, 0);
});

Deno.test("receive() in the past counts from now; bytes must be given in arrival order", () => {
  const { uart, clock } = make({ fifoSize: 4 });
  uart.write(R.CONTROL, C.RE);
  clock.advanceTo(1000);
  uart.receive([1], 10);
  clock.advanceTo(1079);
  assert.equal(uart.read(R.STATUS) & S.DR, 0);
  clock.advanceTo(1080);
  assert.equal(uart.read(R.STATUS) & S.DR, S.DR);
  uart.receive([2], 5000);
  assert.throws(() => uart.receive([3], 4000), RangeError);
});

// --- Loopback and debug mode -----------------------------------------------------------------

Deno.test("loopback: transmitted bytes are received at the end of their frame; the line is ignored", () => {
  const { uart, clock, sent } = make({ fifoSize: 4 });
  uart.write(R.CONTROL, C.RE | C.TE | C.LB);
  uart.write(R.DATA, 0x55);
  uart.receive([0x99], 0);
  clock.advanceTo(79);
  assert.equal(uart.read(R.STATUS) & S.DR, 0);
  clock.advanceTo(80);
  assert.deepEqual(sent, [[80, 0x55]], "TXD is still driven");
  clock.advanceTo(500);
  assert.equal(cnt(uart.read(R.STATUS)).rcnt, 1);
  assert.equal(uart.read(R.DATA), 0x55);
});

Deno.test("FIFO debug mode: the transmitter stops; 0x10 pops the TX FIFO and pushes the RX FIFO", () => {
  const { uart, clock, sent } = make({ fifoSize: 4 });
  uart.write(R.CONTROL, C.TE | C.DB);
  uart.write(R.DATA, 0x11);
  uart.write(R.DATA, 0x22);
  clock.advanceTo(1000);
  assert.deepEqual(sent, []);
  assert.equal(uart.read(R.DEBUG), 0x11);
  assert.equal(cnt(uart.read(R.STATUS)).tcnt, 1);
  uart.write(R.DEBUG, 0x33);
  assert.equal(cnt(uart.read(R.STATUS)).rcnt, 1);
  assert.equal(uart.read(R.DATA), 0x33);
  uart.write(R.CONTROL, C.TE);
  clock.advanceTo(1080);
  assert.deepEqual(sent, [[1080, 0x22]]);
});

// --- The first release's wrapper ------------------------------------------------------------
