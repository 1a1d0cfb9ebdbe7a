/**
 * What the kernel does at boot besides building its state (see
 * `kernel.ts`): the memory layout of the hypervisor's area (page tables in
 * its last {@linkcode TABLES_WINDOW} bytes, one {@linkcode PCT_PAGE} per
 * partition below them, in id order), loading each payload (ELF segments
 * at their physical addresses, each inside one of the partition's areas,
 * the rest of `memSize` zeroed; raw bytes at the first area; custom files
 * where the ELF's image header says), and XtratuM's boot log.
 *
 * @module
 */
import type { Leon3 } from "../cpu/leon3.ts";
import { type ElfImage, readElf } from "../asm/elf.ts";
import type { Image } from "../image/image.ts";
import { CORE_CONFIG, IMAGE_HDR_LAYOUT, XEF_CONSTANTS, XM_VERSION } from "./abi.ts";
import { hex, KernelError } from "./kernel_error.ts";
import type { Partition } from "./partition.ts";

/** The size of the page-table window at the top of the hypervisor's area. */
export const TABLES_WINDOW = 0x10000;

/** Each partition's PCT page (PCT, memory map). */
export const PCT_PAGE = 0x1000;

/** The partition image header's section (research §4, §5.2). */
export const IMAGE_HDR_SECTION = ".xmImageHdr";

/**
 * The custom-file table of a partition ELF's image header (`struct
 * xmImageHdr`, research §4, §5.2): the 44 bytes at the start of the ELF's
 * {@linkcode IMAGE_HDR_SECTION} section. A partition that declares custom
 * files puts its own header in that section; XAL's default one (no custom
 * files) follows it there, as the partition's objects are linked first.
 *
 * @param elf The partition's ELF.
 * @param bytes The ELF file's bytes.
 * @param id The partition's id, for messages.
 * @returns Each declared file's address and maximum size, or `undefined`
 * when the ELF has no such section.
 * @throws {KernelError} The section is too short or its signatures are not
 * `XMEF_PARTITION_MAGIC`, or it declares more than CONFIG_MAX_NO_CUSTOMFILES.
 */
export function customFileTable(
  elf: ElfImage,
  bytes: Uint8Array,
  id: number,
): { sAddr: number; size: number }[] | undefined {
  const section = elf.sections.find((s) => s.name === IMAGE_HDR_SECTION);
  if (section === undefined) return undefined;
  const where = `partition ${id}: the image header (section ${IMAGE_HDR_SECTION})`;
  if (section.size < IMAGE_HDR_SIZE || section.offset + IMAGE_HDR_SIZE > bytes.length) {
    throw new KernelError(`${where} has ${section.size} bytes, expected ${IMAGE_HDR_SIZE}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + section.offset, IMAGE_HDR_SIZE);
  const magic = XEF_CONSTANTS.XMEF_PARTITION_MAGIC;
  for (const at of [0, IMAGE_HDR_SIZE - 4]) {
    if (view.getUint32(at) !== magic) {
      throw new KernelError(
        `${where}: expected the signature 0x${hex(magic)} ("$XMi") at byte ${at}, found 0x${
          hex(view.getUint32(at))
        }`,
      );
    }
  }
  const count = view.getUint32(12);
  if (count > MAX_CUSTOM_FILES) {
    throw new KernelError(
      `${where} declares ${count} custom files, at most ${MAX_CUSTOM_FILES} (CONFIG_MAX_NO_CUSTOMFILES)`,
    );
  }
  return Array.from({ length: count }, (_, i) => ({
    sAddr: view.getUint32(16 + 8 * i),
    size: view.getUint32(20 + 8 * i),
  }));
}

/** `sizeof(struct xmImageHdr)` (research §10.3). */
const IMAGE_HDR_SIZE = IMAGE_HDR_LAYOUT.size;
/** CONFIG_MAX_NO_CUSTOMFILES (research §10.4). */
const MAX_CUSTOM_FILES = CORE_CONFIG.CONFIG_MAX_NO_CUSTOMFILES as number;

/**
 * Loads partition `p`'s payload into memory; then its custom files, file i
 * at `customFileTab[i].sAddr` of the ELF's image header (a virtual address,
 * translated through the partition's areas).
 * When there are custom files, their number must be the header's
 * `noCustomFiles`, and each must fit its entry's `size` (0: no limit), lie inside one
 * of the partition's areas and not overlap the program's segments; without them, the
 * header is not read.
 *
 * @throws {KernelError} Naming what does not fit.
 */
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
  const files = payload.customFiles ?? [];
  if (files.length === 0) return;
  const table = customFileTable(elf, payload.bytes, id) ?? [];
  if (table.length !== files.length) {
    throw new KernelError(
      `partition ${id}: ${files.length} custom file${files.length === 1 ? "" : "s"} given, ` +
        `but its image header (section ${IMAGE_HDR_SECTION}) declares ${table.length}`,
    );
  }
  for (const [i, file] of files.entries()) {
    const { sAddr, size } = table[i];
    if (size !== 0 && file.length > size) { // 0: no limit declared
      throw new KernelError(
        `partition ${id}: custom file ${i} has ${file.length} bytes, more than the ${size} ` +
          `its image header declares at 0x${hex(sAddr)}`,
      );
    }
    const area = areas.find((a) => {
      const virt = a.mappedAt ?? a.start;
      return sAddr >= virt && sAddr + file.length <= virt + a.size;
    });
    if (area === undefined) {
      throw new KernelError(
        `partition ${id}: custom file ${i} (${file.length} bytes at 0x${
          hex(sAddr)
        }, from its image header) is outside its memory areas`,
      );
    }
    const pa = area.start + (sAddr - (area.mappedAt ?? area.start));
    const over = elf.segments.find((seg) => {
      const from = seg.paddr >>> 0;
      return seg.memSize > 0 && pa < from + seg.memSize && from < pa + file.length;
    });
    if (over !== undefined) {
      throw new KernelError(
        `partition ${id}: custom file ${i} (${file.length} bytes at 0x${hex(sAddr)}) would ` +
          `overwrite its program (a segment at 0x${hex(over.paddr >>> 0)}, ${over.memSize} bytes)`,
      );
    }
    cpu.loadBytes(pa, file);
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
