/**
 * What the kernel does at boot besides building its state (see
 * `kernel.ts`): the memory layout of the hypervisor's area (page tables in
 * its last {@linkcode TABLES_WINDOW} bytes, one {@linkcode PCT_PAGE} per
 * partition below them, in id order), loading each payload (ELF segments
 * at their physical addresses, each inside one of the partition's areas,
 * the rest of `memSize` zeroed; raw bytes at the first area), and
 * XtratuM's boot log.
 *
 * @module
 */
import type { Leon3 } from "../cpu/leon3.ts";
import { readElf } from "../asm/elf.ts";
import type { Image } from "../image/image.ts";
import { XM_VERSION } from "./abi.ts";
import { hex, KernelError } from "./kernel_error.ts";
import type { Partition } from "./partition.ts";

/** The size of the page-table window at the top of the hypervisor's area. */
export const TABLES_WINDOW = 0x10000;

/** Each partition's PCT page (PCT, memory map). */
export const PCT_PAGE = 0x1000;

/** Loads partition `p`'s payload into memory. */
export function loadPayload(cpu: Leon3, p: Partition, payload: Image["payloads"][number]): void {
  const id = p.id;
  const areas = p.config.memoryAreas;
  const inside = (addr: number, size: number) =>
    areas.some((a) => addr >= a.start && addr + size <= a.start + a.size);
  const put = (addr: number, bytes: Uint8Array) => {
    if (!inside(addr, bytes.length)) {
      throw new KernelError(
        `partition ${id}: ${bytes.length} bytes at 0x${hex(addr)} are outside its memory areas`,
      );
    }
    cpu.loadBytes(addr, bytes);
  };
  if (payload.format === "raw") {
    const first = areas[0];
    if (first === undefined) throw new KernelError(`partition ${id} has no memory area`);
    put(first.start, payload.bytes);
    return;
  }
  const elf = readElf(payload.bytes, `partition ${id}`);
  for (const seg of elf.segments) {
    const bytes = new Uint8Array(seg.memSize);
    bytes.set(seg.data);
    put(seg.paddr >>> 0, bytes);
  }
}

/**
 * XtratuM's boot log (research §7, §5.3; XM-Q's setup.c and the 3.2 manual's
 * example output): the version banner, the detected frequency, the clock and
 * timer, the scheduler, and each partition with its flags, entry point and
 * areas.
 */
export function bootLog(hz: number, partitions: readonly Partition[]): string {
  const khz = Math.round(hz / 1000);
  const hex8 = (n: number) => `0x${hex(n)}`;
  const lines = [
    `XM Hypervisor (${(XM_VERSION >>> 16) & 0xff}.${(XM_VERSION >>> 8) & 0xff} r${
      XM_VERSION & 0xff
    })`,
    `Detected ${Math.floor(khz / 1000)}.${Math.floor((khz % 1000) / 100)}MHz processor.`,
    ">> HWClocks [LEON clock (1000Khz)]",
    "[CPU:0] >> HwTimer [LEON timer (1000Khz)]",
    "[CPU:0] [sched] using cyclic scheduler",
    `${partitions.length} Partition(s) created`,
  ];
  for (const p of partitions) {
    const flags = [
      ...(p.system ? ["SYSTEM"] : []),
      ...(p.config.flags.includes("fp") ? ["FP"] : []),
      ...(p.config.flags.includes("boot") ? [`BOOT (${hex8(p.config.entryPoint)})`] : []),
    ];
    lines.push(`P${p.id} ("${p.config.name ?? ""}":${p.id}) flags: [ ${flags.join(" ")} ]:`);
    for (const a of p.config.memoryAreas) {
      lines.push(`    [${hex8(a.start)} - ${hex8(a.start + a.size - 1)}]`);
    }
  }
  return lines.join("\n") + "\n";
}
