/**
 * The partition control table (PCT) as the kernel writes it into each
 * partition's PCT page: the identity and flags, the virtual interrupt state
 * (`iFlags`, pending and mask words, TBR, vectors), and the memory map
 * after the PCT (one 32-byte record per area: name, start, mapped-at,
 * size, flags), then the comm-port bitmap (`ports.ts`), rewritten with the
 * virtual interrupt state.
 *
 * @module
 */
import type { AreaFlag } from "../image/config.ts";
import {
  commPortBitmapOffset,
  PCT_CONSTANTS,
  PCT_LAYOUT,
  XM_VERSION,
  xmSetVersion,
} from "./abi.ts";
import { PCT_PAGE } from "./boot.ts";
import { KernelError } from "./kernel_error.ts";
import type { KernelState } from "./kernel_state.ts";
import type { Partition } from "./partition.ts";

/** Writes the whole PCT of `p` and its memory map. */
export function writePct(k: KernelState, p: Partition): void {
  const flags = (p.system ? PCT_CONSTANTS.PARTITION_SYSTEM_F : 0) |
    (p.config.flags.includes("fp") ? PCT_CONSTANTS.PARTITION_FP_F : 0) |
    (p.state === "halted" ? PCT_CONSTANTS.PARTITION_HALTED_F : 0) |
    (p.state === "suspended" ? PCT_CONSTANTS.PARTITION_SUSPENDED_F : 0) |
    (p.state === "ready" ? PCT_CONSTANTS.PARTITION_READY_F : 0);
  const w = (name: string, v: number) => writePctWord(k, p, name, v);
  w("magic", PCT_CONSTANTS.KTHREAD_MAGIC);
  w("xmVersion", XM_VERSION);
  w("xmAbiVersion", xmSetVersion(1, 0, 0));
  w("xmApiVersion", xmSetVersion(1, 0, 1));
  w("resetCounter", p.resetCounter);
  w("resetStatus", p.resetStatus);
  w("cpuKhz", Math.round(k.hz / 1000));
  w("id", p.id);
  w("flags", flags);
  w("imgStart", p.config.memoryAreas[0]?.start ?? 0);
  w("hwIrqs", p.config.interrupts.reduce((m, l) => m | (1 << l), 0));
  w("noPhysicalMemAreas", p.config.memoryAreas.length);
  w("noCommPorts", p.config.ports.length);
  const name = new TextEncoder().encode(p.config.name ?? "").slice(0, 15);
  const cpu = k.machine.cpu;
  const nameAt = pctField("name").offset;
  for (let i = 0; i < 16; i++) cpu.writePhysical(p.pctPhysical + nameAt + i, 1, name[i] ?? 0);
  syncPct(k, p);
  // the memory map after the PCT
  p.config.memoryAreas.forEach((a, i) => {
    const at = p.pctPhysical + PCT_LAYOUT.size + 32 * i;
    const n = new TextEncoder().encode(a.name ?? "").slice(0, 15);
    for (let j = 0; j < 16; j++) cpu.writePhysical(at + j, 1, n[j] ?? 0);
    cpu.writePhysical(at + 16, 4, a.start);
    cpu.writePhysical(at + 20, 4, a.mappedAt ?? a.start);
    cpu.writePhysical(at + 24, 4, a.size);
    cpu.writePhysical(at + 28, 4, areaFlags(a.flags));
  });
}

/** Writes the partition's virtual interrupt state into its PCT. */
export function syncPct(k: KernelState, p: Partition): void {
  const cpu = k.machine.cpu;
  const w = (name: string, v: number) => writePctWord(k, p, name, v);
  w("iFlags", p.iFlags);
  w("hwIrqsPend", p.hwIrqsPend);
  w("hwIrqsMask", p.hwIrqsMask);
  w("extIrqsPend", p.extIrqsPend);
  w("extIrqsMask", p.extIrqsMask);
  w("arch.tbr", p.tbr);
  const vec = (field: string, i: number, v: number) =>
    cpu.writePhysical(p.pctPhysical + pctField(field).offset + 2 * i, 2, v);
  p.trap2Vector.forEach((v, i) => vec("trap2Vector", i, v));
  p.hwIrq2Vector.forEach((v, i) => vec("hwIrq2Vector", i, v));
  p.extIrq2Vector.forEach((v, i) => vec("extIrq2Vector", i, v));
  writeCommPortBitmap(k, p);
}

/**
 * Writes the partition's comm-port bitmap (`ports.ts`) after its memory map,
 * where libxm's `XM_get_commport_bitmap` finds it (research §2.2, §10.2).
 *
 * @throws {KernelError} When the PCT, memory map and bitmap overflow the PCT page.
 */
function writeCommPortBitmap(k: KernelState, p: Partition): void {
  const words = k.ports.bitmap(p.id);
  const at = commPortBitmapOffset(p.config.memoryAreas.length);
  if (at + 4 * words.length > PCT_PAGE) {
    throw new KernelError(
      `partition ${p.id}: its PCT, ${p.config.memoryAreas.length} memory areas and ` +
        `${p.config.ports.length} ports' bitmap do not fit in the ${PCT_PAGE}-byte PCT page`,
    );
  }
  words.forEach((w, i) => k.machine.cpu.writePhysical(p.pctPhysical + at + 4 * i, 4, w));
}

/** Writes one 32-bit PCT field of `p`. */
export function writePctWord(k: KernelState, p: Partition, field: string, value: number): void {
  k.machine.cpu.writePhysical(p.pctPhysical + pctField(field).offset, 4, value >>> 0);
}

const AREA_FLAG_BITS: Readonly<Record<AreaFlag, number>> = {
  unmapped: 1 << 0,
  "read-only": 1 << 1,
  uncacheable: 1 << 2,
  rom: 1 << 3,
  flag0: 1 << 4,
  flag1: 1 << 5,
  flag2: 1 << 6,
  flag3: 1 << 7,
};

function areaFlags(flags: readonly AreaFlag[]): number {
  return flags.reduce((m, f) => m | AREA_FLAG_BITS[f], 0);
}

function pctField(name: string) {
  const f = PCT_LAYOUT.fields.find((x) => x.name === name);
  if (f === undefined) throw new KernelError(`no PCT field ${name}`);
  return f;
}
