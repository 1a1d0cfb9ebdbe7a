/**
 * The emulated LEON3 (SPARC V8): processor, bus, memories, devices, opcode
 * table, decoder and disassembler.
 *
 * @example
 * ```ts
 * import { Leon3 } from "./mod.ts";
 * const cpu = new Leon3({
 *   memories: [{ name: "ram", base: 0x40000000, size: 1 << 20, writable: true }],
 * });
 * cpu.writePhysical(0x40000000, 4, 0x91d02000); // ta 0
 * cpu.state.pc = 0x40000000;
 * cpu.state.npc = 0x40000004;
 * cpu.run(1000); // ta 0 with traps disabled: error mode
 * ```
 *
 * @module
 */
export { Leon3, type RunResult } from "./leon3.ts";
export {
  type HaltReason,
  type InterruptAcknowledge,
  type MemorySpec,
  Processor,
  type ProcessorOptions,
} from "./processor.ts";
export { CpuState, PSR_IMPL_VER } from "./state.ts";
export { type AccessWidth, Bus, type Device } from "./bus.ts";
export { MemoryRegion } from "./memory.ts";
export { type EventAction, type EventHandle, EventQueue } from "./events.ts";
export type { TrapCpu, TrapHandler } from "./trap_handler.ts";
export { trapName, trapPriority, type TrapType, TT } from "./traps.ts";
export {
  ASR17_WRITABLE,
  type Asr17Fields,
  type CpuModel,
  LEON3,
  leon3Asr17,
  leon3WithWindows,
  QEMU_LEON3,
} from "./model.ts";
export { type Cycles, cyclesOf, TIMING_MODEL } from "./timing.ts";
export {
  CCC_CONDS,
  FCC_CONDS,
  ICC_CONDS,
  lookupOpcode,
  Op,
  OPCODES,
  type OpcodeSpec,
  type RegFile,
  reservedBitsOf,
  type Syntax,
} from "./opcodes.ts";
export {
  type FieldValues,
  matchesSynthetic,
  printedSynthetic,
  type Synthetic,
  type SyntheticOperand,
  SYNTHETICS,
} from "./synthetic.ts";
export { ASI_NAMES } from "./asi_names.ts";
export {
  disassemble,
  disassembleWord,
  type InsnWord,
  type ReadWord,
  type Symbolizer,
} from "./disasm.ts";
export { G0_SINK, Insn } from "./insn.ts";
export { decode } from "./decode.ts";
export { readWindowRegister, setCwp, writeWindowRegister } from "./windows.ts";
export { ApbUartTx } from "./devices/apbuart.ts";
