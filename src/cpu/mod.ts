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
export {
  AccessType,
  FaultType,
  MmuRegister,
  Srmmu,
  type SrmmuOptions,
  type WalkMemory,
} from "./srmmu.ts";
export { FlushType, LEVEL_MASK, Tlb, type TlbEntry } from "./tlb.ts";
export { MapKind, PageMaps } from "./page_maps.ts";
export {
  ApbUart,
  APBUART_CTRL,
  APBUART_PNP,
  APBUART_REG,
  APBUART_STATUS,
  type ApbUartOptions,
  type LineTiming,
  type RxBurst,
} from "./devices/apbuart.ts";
export {
  Gptimer,
  GPTIMER_CTRL,
  GPTIMER_PNP,
  GPTIMER_REG,
  type GptimerOptions,
} from "./devices/gptimer.ts";
export { Irqmp, IRQMP_PNP, IRQMP_REG, type IrqmpOptions } from "./devices/irqmp.ts";
export {
  type AhbBarFields,
  ahbIoBar,
  ahbMemoryBar,
  type AhbMemoryBarFields,
  AhbPlugAndPlay,
  type AhbPlugAndPlayOptions,
  apbIoBar,
  ApbPlugAndPlay,
  type ApbPlugAndPlayOptions,
  type PnpEntry,
  type PnpIdentity,
  pnpIdWord,
} from "./devices/plug_and_play.ts";
export { ApbBridge, type ApbBridgeOptions } from "./devices/apb_bridge.ts";
export {
  type ClockSource,
  type DeviceClock,
  ManualClock,
  processorClock,
} from "./devices/device_clock.ts";
export { type InterruptSink, NO_INTERRUPTS } from "./devices/interrupt_sink.ts";
export {
  type FieldAccess,
  type FieldSpec,
  type Notice,
  RegisterMap,
  type RegisterSpec,
} from "./devices/register_map.ts";
export type {
  ApbDeviceSpec,
  BoardSpec,
  BootWrite,
  CoreVersion,
  GptimerSpec,
  Hertz,
  IrqmpSpec,
  UartSpec,
} from "./board/board_spec.ts";
export { BOARDS, DEFAULT_BOARD, LEON3_GRLIB, QEMU_LEON3_GENERIC } from "./board/boards.ts";
export { buildMachine, type Machine, type MachineOptions } from "./board/machine.ts";
export {
  FCC_TAKEN,
  FpInsn,
  type FpInsnKind,
  Fpu,
  FpuMode,
  type FpuModeValue,
  type FpuOptions,
} from "./fpu/fpu.ts";
