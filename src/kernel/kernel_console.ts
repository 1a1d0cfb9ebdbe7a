/**
 * The console (see `kernel.ts`): partition and kernel writes go to the
 * board's first UART byte by byte, waiting in emulated time for FIFO room,
 * and into the trace; kernel lines (with `kernelLog`) go the same way; the
 * UART can be drained so the last lines get out.
 *
 * @module
 */
import type { PartitionOrHypervisor } from "./trace.ts";
import { type KernelState, now, push } from "./kernel_state.ts";

/** Writes `bytes` from `source` to the console UART and the trace. */
export function consoleWrite(
  k: KernelState,
  source: PartitionOrHypervisor,
  bytes: Uint8Array,
): void {
  push(k, {
    kind: "console",
    ...now(k),
    source,
    text: String.fromCharCode(...bytes),
  });
  const base = k.uartData;
  if (base === undefined) return;
  const cpu = k.machine.cpu;
  for (const b of bytes) {
    // wait (in emulated time) for room in the transmitter
    for (;;) {
      const status = cpu.readPhysical(base + 4, 4) ?? 0;
      const full = k.uartFifo > 1 ? (status & (1 << 9)) !== 0 : (status & 4) === 0;
      if (!full) break;
      const next = cpu.events.nextAt;
      if (next === Infinity) break;
      cpu.cycle = Math.max(cpu.cycle, next);
      cpu.events.runDue(cpu.cycle);
    }
    cpu.writePhysical(base, 4, b);
  }
}

/** A kernel console line (with `kernelLog`), through the UART like a partition's. */
export function kernelLine(k: KernelState, text: string): void {
  if (!k.kernelLog) return;
  consoleWrite(k, "hypervisor", new Uint8Array([...text + "\n"].map((c) => c.charCodeAt(0))));
}

/** Lets the UART send what it holds (emulated time passes), so the last lines get out. */
export function drainUart(k: KernelState): void {
  const base = k.uartData;
  if (base === undefined) return;
  const cpu = k.machine.cpu;
  while (((cpu.readPhysical(base + 4, 4) ?? 6) & 6) !== 6) {
    const next = cpu.events.nextAt;
    if (next === Infinity) break;
    cpu.cycle = Math.max(cpu.cycle, next);
    cpu.events.runDue(cpu.cycle);
  }
}

/**
 * XtratuM's boot lines (with `kernelLog`), at boot and after each system
 * reset: what the UART still holds is sent first, then the lines go
 * straight to its output in no emulated time (XtratuM's boot time is not
 * modelled), and into the trace.
 */
export function bootLines(k: KernelState, text: string): void {
  if (!k.kernelLog) return;
  drainUart(k);
  push(k, { kind: "console", ...now(k), source: "hypervisor", text });
  for (let i = 0; i < text.length; i++) k.uartSink(text.charCodeAt(i));
}
