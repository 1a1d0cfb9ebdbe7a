/**
 * SPARC V8 trap types, their names and priorities (SPARC V8 manual, §7.4,
 * Table 7-1), as LEON3 raises them.
 *
 * @module
 */

/** Trap types (the tt field of %tbr). Interrupt level n is `INTERRUPT_BASE + n`; Ticc n is `TRAP_INSTRUCTION + n`. */
export const TT = {
  RESET: 0x00,
  INSTRUCTION_ACCESS_EXCEPTION: 0x01,
  ILLEGAL_INSTRUCTION: 0x02,
  PRIVILEGED_INSTRUCTION: 0x03,
  FP_DISABLED: 0x04,
  WINDOW_OVERFLOW: 0x05,
  WINDOW_UNDERFLOW: 0x06,
  MEM_ADDRESS_NOT_ALIGNED: 0x07,
  FP_EXCEPTION: 0x08,
  DATA_ACCESS_EXCEPTION: 0x09,
  TAG_OVERFLOW: 0x0a,
  WATCHPOINT_DETECTED: 0x0b,
  INTERRUPT_BASE: 0x10,
  R_REGISTER_ACCESS_ERROR: 0x20,
  INSTRUCTION_ACCESS_ERROR: 0x21,
  CP_DISABLED: 0x24,
  UNIMPLEMENTED_FLUSH: 0x25,
  CP_EXCEPTION: 0x28,
  DATA_ACCESS_ERROR: 0x29,
  DIVISION_BY_ZERO: 0x2a,
  DATA_STORE_ERROR: 0x2b,
  DATA_ACCESS_MMU_MISS: 0x2c,
  INSTRUCTION_ACCESS_MMU_MISS: 0x3c,
  TRAP_INSTRUCTION: 0x80,
} as const;

/** A trap type: 0-255. */
export type TrapType = number;

const NAMES: Record<number, string> = {
  0x00: "reset",
  0x01: "instruction_access_exception",
  0x02: "illegal_instruction",
  0x03: "privileged_instruction",
  0x04: "fp_disabled",
  0x05: "window_overflow",
  0x06: "window_underflow",
  0x07: "mem_address_not_aligned",
  0x08: "fp_exception",
  0x09: "data_access_exception",
  0x0a: "tag_overflow",
  0x0b: "watchpoint_detected",
  0x20: "r_register_access_error",
  0x21: "instruction_access_error",
  0x24: "cp_disabled",
  0x25: "unimplemented_FLUSH",
  0x28: "cp_exception",
  0x29: "data_access_error",
  0x2a: "division_by_zero",
  0x2b: "data_store_error",
  0x2c: "data_access_MMU_miss",
  0x3c: "instruction_access_MMU_miss",
};

/**
 * The name of a trap type as the SPARC V8 manual writes it.
 *
 * @param tt The trap type.
 * @returns e.g. `"window_overflow"`, `"interrupt_level_10"`, `"trap_instruction_0x05"`.
 */
export function trapName(tt: TrapType): string {
  if (tt >= 0x80) return `trap_instruction_0x${(tt - 0x80).toString(16).padStart(2, "0")}`;
  if (tt > 0x10 && tt < 0x20) return `interrupt_level_${tt - 0x10}`;
  return NAMES[tt] ?? `implementation_dependent_0x${tt.toString(16).padStart(2, "0")}`;
}

const PRIORITIES: Record<number, number> = {
  0x00: 1,
  0x2b: 2,
  0x3c: 2,
  0x21: 3,
  0x20: 4,
  0x01: 5,
  0x03: 6,
  0x02: 7,
  0x04: 8,
  0x24: 8,
  0x0b: 8,
  0x05: 9,
  0x06: 9,
  0x07: 10,
  0x08: 11,
  0x28: 11,
  0x29: 12,
  0x2c: 12,
  0x09: 13,
  0x0a: 14,
  0x2a: 15,
};

/**
 * The priority of a trap type (1 is the highest), per SPARC V8 Table 7-1:
 * Ticc 16, interrupt level n 32 - n.
 *
 * @param tt The trap type.
 * @returns Its priority.
 */
export function trapPriority(tt: TrapType): number {
  if (tt >= 0x80) return 16;
  if (tt > 0x10 && tt < 0x20) return 32 - (tt - 0x10);
  return PRIORITIES[tt] ?? 16;
}
