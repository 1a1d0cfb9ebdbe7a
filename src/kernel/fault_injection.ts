/**
 * Fault injection for test scenarios: what a test may do to a running
 * system from outside, each applied at an exact cycle and traced as a
 * `fault-injected` event (`trace.ts`), so that reports show the cause next
 * to its effects. The partitions and the kernel never inject faults; this
 * is the test bench's hand.
 *
 * - **memory-bit-flip**: one bit of one byte, at a physical address, or at
 *   a partition's virtual address translated through that partition's own
 *   MMU context (supervisor rights: a read-only area can be hit, as a
 *   radiation upset would). Code pages are invalidated as for any write.
 * - **register-bit-flip**: one bit of a register of a partition's context:
 *   `%g0`-`%i7` of its current window, `pc`, `npc`, `y`. When the partition
 *   is on the processor its live registers are changed, else its saved
 *   context. Flipping `pc` alone leaves `npc`: the next instruction is
 *   fetched from the flipped address, then execution goes on at `npc`.
 * - **extended-interrupt** / **hardware-interrupt**: marks virtual extended
 *   interrupt `n` (`XM_VT_EXT_*` are 0-31) or hardware line `n` (1-15)
 *   pending for a partition, as the kernel does when it routes a device
 *   interrupt to it (the kernel does not route device lines itself: see
 *   `kernel.ts`). Delivery follows the virtual-trap rules: at once when the
 *   partition runs with them enabled and unmasked, else when it does.
 * - **port-bit-flip**: one bit of the message a channel holds, named by
 *   any of its ports: the sampling channel's last message, or the oldest
 *   message of a queuing channel. No effect when nothing is buffered.
 * - **overrun**: the partition stalls for `cycles` processor cycles: it
 *   keeps the processor but executes nothing, as if stuck in a loop. The
 *   stall is preemptible like any instruction stream: it consumes the
 *   partition's slots (and execution clock) until it is used up, and never
 *   delays a slot boundary — the demonstration of temporal isolation: the
 *   overrunning partition loses its own time, the others start on time.
 *   Overruns add up; a stall outlives a reset of its partition (it is
 *   time lost, whatever the partition then runs).
 *
 * An injection that cannot take effect (an unmapped address, a halted
 * partition for an interrupt or an overrun, an empty channel) is still
 * traced, with `applied: false`.
 *
 * @module
 */
import { AccessType } from "../cpu/srmmu.ts";
import type { Cycles } from "../cpu/timing.ts";
import { type KernelState, now, push, stopRunning } from "./kernel_state.ts";
import type { Partition } from "./partition.ts";
import { syncPct } from "./pct.ts";
import type { InjectedFault } from "./trace.ts";
import { inContextOf } from "./user_memory.ts";

/** A register of a partition's context that {@linkcode FaultInjection} can flip. */
export type RegisterName =
  | `g${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7}`
  | `o${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7}`
  | `l${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7}`
  | `i${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7}`
  | "pc"
  | "npc"
  | "y";

/** A fault to inject (see the module documentation). */
export type FaultInjection =
  | {
    /** Discriminant. */
    readonly kind: "memory-bit-flip";
    /** The partition whose virtual address `address` is; absent for a physical address. */
    readonly partition?: number;
    /** The byte's address. */
    readonly address: number;
    /** The bit, 0 (least significant) to 7. */
    readonly bit: number;
  }
  | {
    /** Discriminant. */
    readonly kind: "register-bit-flip";
    /** The partition. */
    readonly partition: number;
    /** The register. */
    readonly register: RegisterName;
    /** The bit, 0 to 31. */
    readonly bit: number;
  }
  | {
    /** Discriminant. */
    readonly kind: "port-bit-flip";
    /** The partition owning the port that names the channel. */
    readonly partition: number;
    /** The port's configured name. */
    readonly port: string;
    /** The byte of the message. */
    readonly byte: number;
    /** The bit, 0 to 7. */
    readonly bit: number;
  }
  | {
    /** Discriminant. */
    readonly kind: "extended-interrupt";
    /** The partition. */
    readonly partition: number;
    /** The extended interrupt, 0-31 (`XM_VT_EXT_HW_TIMER` is 0). */
    readonly irq: number;
  }
  | {
    /** Discriminant. */
    readonly kind: "hardware-interrupt";
    /** The partition. */
    readonly partition: number;
    /** The interrupt line, 1-15. */
    readonly line: number;
  }
  | {
    /** Discriminant. */
    readonly kind: "overrun";
    /** The partition. */
    readonly partition: number;
    /** How long it stalls, in processor cycles (≥ 1). */
    readonly cycles: number;
  };

const REGISTER_INDEX: Readonly<Record<string, number>> = (() => {
  const out: Record<string, number> = {};
  ["g", "o", "l", "i"].forEach((bank, b) => {
    for (let n = 0; n < 8; n++) out[`${bank}${n}`] = 8 * b + n;
  });
  return out;
})();

function hex8(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, "0")}`;
}

/**
 * Checks an injection's fields against the configuration.
 *
 * @returns A sentence saying what is wrong, or undefined when it is well formed.
 */
export function checkInjection(k: KernelState, f: FaultInjection): string | undefined {
  const bits = (max: number, bit: number) =>
    Number.isInteger(bit) && bit >= 0 && bit <= max
      ? undefined
      : `bit ${bit}: expected an integer in [0, ${max}]`;
  const partition = (id: number | undefined) =>
    id === undefined || k.partitions.has(id)
      ? undefined
      : `partition ${id}: expected one of ${[...k.partitions.keys()].join(", ")}`;
  switch (f.kind) {
    case "memory-bit-flip":
      return partition(f.partition) ?? bits(7, f.bit) ??
        (Number.isInteger(f.address) && f.address >= 0 && f.address <= 0xffffffff
          ? undefined
          : `address ${f.address}: expected a 32-bit address`);
    case "register-bit-flip":
      return partition(f.partition) ?? bits(31, f.bit) ??
        (f.register in REGISTER_INDEX || ["pc", "npc", "y"].includes(f.register)
          ? undefined
          : `register ${
            JSON.stringify(f.register)
          }: expected g0-g7, o0-o7, l0-l7, i0-i7, pc, npc or y`);
    case "port-bit-flip":
      return partition(f.partition) ?? bits(7, f.bit) ??
        (k.ports.find(f.partition, f.port) === undefined
          ? `port ${JSON.stringify(f.port)}: partition ${f.partition} has no port of that name`
          : Number.isInteger(f.byte) && f.byte >= 0
          ? undefined
          : `byte ${f.byte}: expected an integer ≥ 0`);
    case "extended-interrupt":
      return partition(f.partition) ??
        (Number.isInteger(f.irq) && f.irq >= 0 && f.irq <= 31
          ? undefined
          : `extended interrupt ${f.irq}: expected an integer in [0, 31]`);
    case "hardware-interrupt":
      return partition(f.partition) ??
        (Number.isInteger(f.line) && f.line >= 1 && f.line <= 15
          ? undefined
          : `hardware line ${f.line}: expected an integer in [1, 15]`);
    case "overrun":
      return partition(f.partition) ??
        (Number.isSafeInteger(f.cycles) && f.cycles >= 1
          ? undefined
          : `overrun of ${f.cycles} cycles: expected an integer ≥ 1`);
  }
}

/** The physical address of `va` in partition `id`'s context (supervisor rights), or undefined. */
export function physicalOf(k: KernelState, id: number, va: number): number | undefined {
  const mmu = k.machine.cpu.mmu!;
  return inContextOf(
    k,
    id,
    () => mmu.check(va >>> 0, AccessType.LOAD_SUPER_DATA) === 0 ? mmu.physical : undefined,
  );
}

/**
 * Reads `size` bytes of physical memory.
 *
 * @returns The bytes, or undefined when any address reaches no device or memory.
 */
export function readPhysicalMemory(
  k: KernelState,
  pa: number,
  size: number,
): Uint8Array | undefined {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const v = k.machine.cpu.readPhysical((pa + i) >>> 0, 1);
    if (v === undefined) return undefined;
    out[i] = v;
  }
  return out;
}

/** The stalls in progress: cycles left per partition. */
export type Stalls = Map<number, number>;

/**
 * Applies an injection now and traces it (see the module documentation).
 *
 * @param k The kernel's state.
 * @param stalls The stalls in progress (an overrun adds to its partition's).
 * @param f The injection, already checked by {@linkcode checkInjection}.
 */
export function applyInjection(k: KernelState, stalls: Stalls, f: FaultInjection): void {
  const cpu = k.machine.cpu;
  const p: Partition | undefined = f.kind === "memory-bit-flip" && f.partition === undefined
    ? undefined
    : k.partitions.get(f.partition!);
  let applied = true;
  let target: string;
  switch (f.kind) {
    case "memory-bit-flip": {
      const pa = p === undefined ? f.address >>> 0 : physicalOf(k, p.id, f.address);
      target = p === undefined
        ? `physical ${hex8(f.address)} bit ${f.bit}`
        : `${hex8(f.address)}${pa === undefined ? "" : ` (physical ${hex8(pa)})`} bit ${f.bit}`;
      const v = pa === undefined ? undefined : cpu.readPhysical(pa, 1);
      applied = v !== undefined && cpu.writePhysical(pa!, 1, v ^ (1 << f.bit));
      break;
    }
    case "register-bit-flip": {
      const mask = (1 << f.bit) | 0;
      target = `%${f.register} bit ${f.bit}`;
      const live = k.running === p;
      const s = live ? cpu.state : p!.context;
      if (f.register === "pc") s.pc ^= mask;
      else if (f.register === "npc") s.npc ^= mask;
      else if (f.register === "y") s.y ^= mask;
      else if (f.register !== "g0") s.r[REGISTER_INDEX[f.register]!] ^= mask;
      if (live) cpu.attention = true;
      break;
    }
    case "port-bit-flip": {
      const port = k.ports.find(f.partition, f.port)!;
      const ch = port.channel;
      const msg = ch === undefined
        ? undefined
        : ch.kind === "sampling"
        ? ch.message?.bytes
        : ch.queue[0];
      target = `${JSON.stringify(f.port)} byte ${f.byte} bit ${f.bit}`;
      applied = msg !== undefined && f.byte < msg.length;
      if (applied) msg![f.byte] ^= 1 << f.bit;
      break;
    }
    case "extended-interrupt":
    case "hardware-interrupt": {
      const extended = f.kind === "extended-interrupt";
      const n = extended ? f.irq : f.line;
      target = extended ? `extended interrupt ${n}` : `line ${n}`;
      applied = p!.state !== "halted";
      if (applied) {
        if (extended) p!.extIrqsPend = (p!.extIrqsPend | (1 << n)) >>> 0;
        else p!.hwIrqsPend = (p!.hwIrqsPend | (1 << n)) >>> 0;
        syncPct(k, p!);
      }
      break;
    }
    case "overrun":
      target = `${f.cycles} cycles`;
      applied = p!.state !== "halted";
      if (applied) stalls.set(p!.id, (stalls.get(p!.id) ?? 0) + f.cycles);
      break;
  }
  push(k, {
    kind: "fault-injected",
    ...now(k),
    fault: f.kind as InjectedFault,
    partition: p?.id ?? null,
    target,
    applied,
  });
  // a new pending interrupt or stall of the running partition: take a new decision now
  if (applied && p !== undefined && k.running === p && k.runStart !== undefined) {
    if (
      f.kind === "extended-interrupt" || f.kind === "hardware-interrupt" || f.kind === "overrun"
    ) {
      stopRunning(k);
    }
  }
}

/**
 * Spends the running partition's stall, up to `target` (and to each device
 * event on the way, run at its cycle).
 *
 * @returns The cycles spent.
 */
export function spendStall(k: KernelState, stalls: Stalls, p: Partition, target: Cycles): Cycles {
  const left = stalls.get(p.id) ?? 0;
  if (left === 0) return 0;
  const cpu = k.machine.cpu;
  const start = cpu.cycle;
  let rest = left;
  while (rest > 0 && cpu.cycle < target && !k.reschedule) {
    const step = Math.min(rest, target - cpu.cycle, Math.max(1, cpu.events.nextAt - cpu.cycle));
    cpu.cycle += step;
    rest -= step;
    cpu.events.runDue(cpu.cycle);
  }
  if (rest === 0) stalls.delete(p.id);
  else stalls.set(p.id, rest);
  return cpu.cycle - start;
}
