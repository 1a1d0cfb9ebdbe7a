/**
 * Toolchain-free partitions: a fluent builder of XtratuM partition programs
 * that emits SPARC assembly linked with an XAL runtime written in assembly,
 * assembled by xmbench's own assembler. No C compiler, no binutils.
 *
 * ```ts
 * import { addressOf, dword, partitionProgram, self } from "./program.ts";
 *
 * const { elf, source } = partitionProgram()
 *   .buffer("now", 8)
 *   .printf("[P%d] Hello World!\n", self())
 *   .hypercall("XM_get_time", "XM_HW_CLOCK", addressOf("now"))
 *   .expectResult("XM_OK")
 *   .printf("[P%d] time %lld\n", self(), dword("now"))
 *   .build({ origin: 0x40100000 });
 * // elf: an ELF32 SPARC executable to load as the partition's "elf" payload
 * ```
 *
 * **The runtime** (`program/runtime.ts`) is XAL's start-up in assembly: the
 * 4 KiB-aligned virtual trap table `_traptab` at the origin (256 entries of
 * 16 bytes, entry 0 branching to `start`), BSS zeroed, a stack (8 KiB by
 * default), the PCT pointer kept from `%g1`, `sparc_write_tbr` to
 * `_traptab`, extended interrupt n routed to vector 224 + n as XAL's
 * `SetupIrqs`, the program's steps, then the partition halts itself
 * (`XM_halt_partition(self)`) if they end. A common trap entry saves the
 * context (XAL's `trapCtxt_t`), calls the handler installed for the vector
 * (a step list compiled to a routine), restores, and returns with
 * `sparc_ctrl_winflow` + `sparc_iret`; the default handler prints
 * `[P<id>] Unexpected trap 0x<vector> (pc: 0x<pc>)` as XAL's. Console
 * output is line-buffered as XAL's `printf`: one `XM_write_console` per
 * line, so a program and its C twin make the same hypercalls.
 *
 * **Steps** (methods of {@linkcode Steps}): print text, `printf` (`%d %i %u
 * %x %c %s`, `ll` for 64 bits, `%0Nx` zero padding) with
 * {@linkcode Operand}s (constants, ABI constant names, the last result,
 * the partition's id, words in buffers or memory, PCT fields, the trap
 * context in handlers); compute for N cycles (a calibrated loop, exact on
 * the modelled LEON3: see `program/compile.ts`); read / write / execute an
 * address; a software trap; any hypercall or libxm wrapper by name with its
 * arguments (64-bit ones split high/low as the ABI says) and a check of its
 * result; loops; idling to the next slot; handlers for trap and interrupt
 * vectors; timers; ports; halting.
 *
 * **Calls** ({@linkcode CALLS}): every normal hypercall (by libxm or kernel
 * name), the assembly hypercalls but `sparc_iret`, and libxm's wrappers over
 * the object interface with their client-side checks (`XM_write_console`,
 * the port calls including `XM_get_*_port_info`, `XM_hm_*`, `XM_trace_*`,
 * `XM_get_*_status`, `XM_memory_copy`), `XM_enable_irqs`/`XM_disable_irqs`
 * and the PCT accessors. Not provided: the XEF functions and the
 * declared-only `XM_mask_irq`, `XM_unmask_irq`, `XM_override_trap_hndl`.
 *
 * Bad input (an unknown hypercall, a wrong argument count, an unknown
 * vector, constant or buffer) is a {@linkcode ProgramError} at build time,
 * naming the step.
 *
 * @module
 */
import type { AsmProgram } from "../asm/assembler.ts";
import { assembleSource } from "./program/assemble.ts";
import { compile } from "./program/compile.ts";
import { DataLayout } from "./program/data.ts";
import { ProgramError } from "./program/errors.ts";
import { addressOf, type Operand, word } from "./program/operands.ts";
import { DEFAULT_STACK_SIZE } from "./program/runtime.ts";
import type { NumberFormat, Step, Vector } from "./program/steps.ts";

export { ProgramError } from "./program/errors.ts";
export {
  addressOf,
  type AddressOperand,
  dword,
  type DwordOperand,
  NAMED_CONSTANTS,
  type Operand,
  pctField,
  type PctOperand,
  result,
  type ResultOperand,
  type RuntimeOperand,
  self,
  type SelfOperand,
  trapContext,
  type TrapContextOperand,
  word,
  type WordOperand,
} from "./program/operands.ts";
export type { CArg } from "../kernel/abi.ts";
export type { NumberFormat, Step, Vector } from "./program/steps.ts";
export { CALLS, type CallSpec } from "./program/calls.ts";
export { COMPUTE_CYCLES_PER_ITERATION } from "./program/compile.ts";
export type { AsmProgram } from "../asm/assembler.ts";

/**
 * The kind of partition a program is for: XtratuM's `system` partitions may
 * make every call; `user` partitions are refused the system-only ones
 * ({@linkcode SYSTEM_ONLY_CALLS}) with `XM_PERM_ERROR`, and a program typed
 * for a user partition does not compile when it names one.
 */
export type PartitionKind = "system" | "user";

/**
 * The calls only a system partition may make, by libxm and kernel name: the
 * normal hypercalls whose access is `system` in the ABI
 * (`resume_partition`, `halt_system`, `reset_system`, `switch_sched_plan`,
 * `reload_watchdog`) and the system-only libxm services over the object
 * interface (`XM_hm_read`, `XM_get_system_status`).
 */
export const SYSTEM_ONLY_CALLS = [
  "XM_resume_partition",
  "resume_partition",
  "XM_halt_system",
  "halt_system",
  "XM_reset_system",
  "reset_system",
  "XM_switch_sched_plan",
  "switch_sched_plan",
  "XM_reload_watchdog",
  "reload_watchdog",
  "XM_hm_read",
  "XM_get_system_status",
] as const;

/** A call only a system partition may make. */
export type SystemOnlyCall = typeof SYSTEM_ONLY_CALLS[number];

/**
 * The call names a program for a partition of kind `K` accepts: any name
 * for a system partition; for a user partition, any name but a
 * {@linkcode SystemOnlyCall} (which becomes `never`, a compile error). A
 * name whose type is only `string` (known at run time) is accepted: the
 * kernel then answers `XM_PERM_ERROR`, as XtratuM does.
 */
export type CallName<K extends PartitionKind, N extends string> = N extends SystemOnlyCall
  ? (K extends "user" ? never : N)
  : N;

/** A body of steps: a function that adds them to the builder it is given. */
export type Body<K extends PartitionKind = "system"> = (steps: Steps<K>) => unknown;

/**
 * An ordered list of steps, built fluently; bodies of loops and handlers are
 * `Steps` too. `K` is the kind of partition the steps are for (see
 * {@linkcode PartitionKind}); the default, `"system"`, accepts every call.
 */
export class Steps<K extends PartitionKind = "system"> {
  /**
   * The partition kind, at the type level only (never set): it makes a
   * program for a system partition a different type from one for a user
   * partition.
   */
  declare readonly partitionKind?: K;
  /** The steps so far. */
  protected readonly list: Step[] = [];

  /** The steps recorded so far (a copy). */
  get steps(): readonly Step[] {
    return [...this.list];
  }

  /** Adds a step (the typed methods below are the usual way). */
  add(step: Step): this {
    this.list.push(step);
    return this;
  }

  #body(body: Body<K>): Step[] {
    const s = new Steps<K>();
    body(s);
    return s.list;
  }

  /** Prints text on the partition's console (line-buffered: written at each `\n`). */
  print(text: string): this {
    return this.add({ kind: "print", text });
  }

  /**
   * Prints a C-style format: `%d %i %u %x %c %s %%`, `ll` for 64-bit values
   * (`%lld %llu %llx`), `%0Nu`/`%0Nx` zero padding. `%s` takes a string
   * constant or a pointer operand (`addressOf("msg")`).
   */
  printf(format: string, ...args: Operand[]): this {
    return this.add({ kind: "printf", format, args });
  }

  /** Prints one number (default signed decimal). */
  printNumber(value: Operand, format: NumberFormat = "d"): this {
    return this.printf(`%${format}`, value);
  }

  /** Prints the NUL-terminated text in a buffer (e.g. a received message). */
  printString(buffer: string, offset = 0): this {
    return this.add({ kind: "print-string", buffer, offset });
  }

  /** Writes out what the console line holds (output is otherwise written at each `\n`). */
  flush(): this {
    return this.add({ kind: "flush" });
  }

  /**
   * Computes for exactly `cycles` processor cycles (a calibrated loop: 3
   * cycles per iteration on the modelled LEON3, see `COMPUTE_CYCLES_PER_ITERATION`),
   * unless interrupted.
   */
  compute(cycles: number): this {
    return this.add({ kind: "compute", cycles });
  }

  /** Loads the word at `address` (the last result becomes the value read). */
  read(address: Operand): this {
    return this.add({ kind: "read", address });
  }

  /** Stores `value` (a word) at `address`. */
  write(address: Operand, value: Operand = 0): this {
    return this.add({ kind: "write", address, value });
  }

  /** Jumps to `address` (as a call: a handler that returns comes back here). */
  execute(address: Operand): this {
    return this.add({ kind: "execute", address });
  }

  /** `ta n` (0..127, not the hypercall traps): the kernel delivers vector 0x80 + n. */
  softwareTrap(n: number): this {
    return this.add({ kind: "software-trap", n });
  }

  /**
   * Makes a hypercall or libxm call by name (`"XM_get_time"` or `"get_time"`)
   * with its arguments, as libxm's wrapper does; its result becomes the last
   * result. 64-bit arguments (`xmTime_t`) take a number, bigint or
   * `dword(...)`; pointer arguments take `addressOf(buffer)` or, for text,
   * a string; other arguments take numbers, ABI constant names or run-time
   * operands. In a program for a user partition (`K` = `"user"`), the
   * system-only calls ({@linkcode SYSTEM_ONLY_CALLS}) do not compile.
   */
  hypercall<N extends string>(name: N & CallName<K, N>, ...args: Operand[]): this {
    return this.add({ kind: "call", name, args });
  }

  /**
   * Checks the last result: on a mismatch, prints
   * `[P<id>] <call>: expected <name> (<value>), got <result>` and goes on.
   */
  expectResult(expected: Operand, label?: string): this {
    return this.add({ kind: "expect", expected, ...(label === undefined ? {} : { label }) });
  }

  /** Stores the last result in a buffer word. */
  storeResult(buffer: string, offset = 0): this {
    return this.store({ kind: "result" }, buffer, offset);
  }

  /** Stores a 32-bit value in a buffer word. */
  store(value: Operand, buffer: string, offset = 0): this {
    return this.add({ kind: "store", value, buffer, offset });
  }

  /** Adds `amount` to a buffer word (a counter a handler bumps). */
  increment(buffer: string, offset = 0, amount = 1): this {
    return this.add({ kind: "add", buffer, offset, amount });
  }

  /** Spins until a (signed) value is at least `atLeast`, e.g. a counter handlers increment. */
  waitUntil(value: Operand, atLeast: number): this {
    return this.add({ kind: "wait-until", value, atLeast });
  }

  /** Runs a body `count` times. */
  repeat(count: number, body: Body<K>): this {
    return this.add({ kind: "repeat", count, body: this.#body(body) });
  }

  /** Runs a body forever. */
  forever(body: Body<K>): this {
    return this.add({ kind: "forever", body: this.#body(body) });
  }

  /** Waits for the partition's next slot (`XM_idle_self`). */
  idle(): this {
    return this.hypercall("XM_idle_self");
  }

  /**
   * Installs a handler for a vector of the virtual trap table (1..255, a
   * trap name such as `"DIVISION_BY_ZERO"`, or `"XM_VT_EXT_HW_TIMER"` for
   * vector 224), as XAL's `InstallTrapHandler`: its body runs on each
   * delivery, then the interrupted code resumes at the saved pc (use
   * `skipTrappedInstruction()` after a `ta` or a fault).
   */
  onTrap(vector: Vector, body: Body<K>): this {
    return this.add({ kind: "install", vector, body: this.#body(body) });
  }

  /** Installs a handler for extended interrupt `irq` (0..31 or an `XM_VT_EXT_*` name): vector 224 + n. */
  onInterrupt(irq: number | string, body: Body<K>): this {
    return this.add({ kind: "install", vector: irq, extended: true, body: this.#body(body) });
  }

  /** In a handler: returns past the trapped instruction (pc = nPc, nPc += 4). */
  skipTrappedInstruction(): this {
    return this.add({ kind: "skip-trapped" });
  }

  /** `XM_set_timer(clock, absTime, interval)` (µs; clock `"XM_HW_CLOCK"` or `"XM_EXEC_CLOCK"`). */
  setTimer(clock: Operand, absTime: Operand, interval: Operand = 0): this {
    return this.hypercall("XM_set_timer", clock, absTime, interval);
  }

  /**
   * Enables virtual interrupts for extended interrupts `irqs` (numbers or
   * `XM_VT_EXT_*` names): `XM_clear_irqmask(0, mask)` then `XM_enable_irqs()`.
   */
  enableInterrupts(...irqs: (number | string)[]): this {
    return this.add({ kind: "enable-interrupts", irqs });
  }

  /** Creates a sampling port; its descriptor is stored in word `descBuffer`. */
  createSamplingPort(
    descBuffer: string,
    name: string,
    maxMsgSize: number,
    direction: "XM_SOURCE_PORT" | "XM_DESTINATION_PORT",
    refreshPeriod: Operand = 0,
  ): this {
    return this.hypercall("XM_create_sampling_port", name, maxMsgSize, direction, refreshPeriod)
      .storeResult(descBuffer);
  }

  /** Creates a queuing port; its descriptor is stored in word `descBuffer`. */
  createQueuingPort(
    descBuffer: string,
    name: string,
    maxNoMsgs: number,
    maxMsgSize: number,
    direction: "XM_SOURCE_PORT" | "XM_DESTINATION_PORT",
  ): this {
    return this.hypercall("XM_create_queuing_port", name, maxNoMsgs, maxMsgSize, direction)
      .storeResult(descBuffer);
  }

  /** Writes `message` (its bytes, no NUL) to the sampling port whose descriptor is in `descBuffer`. */
  writeSamplingMessage(descBuffer: string, message: string): this {
    return this.hypercall(
      "XM_write_sampling_message",
      word(descBuffer),
      message,
      new TextEncoder().encode(message).length,
    );
  }

  /** Reads the sampling port's message into `into` (`size` bytes at most; flags to `flagsBuffer` if given). */
  readSamplingMessage(descBuffer: string, into: string, size: number, flagsBuffer?: string): this {
    return this.hypercall(
      "XM_read_sampling_message",
      word(descBuffer),
      addressOf(into),
      size,
      flagsBuffer === undefined ? 0 : addressOf(flagsBuffer),
    );
  }

  /** Sends `message` (its bytes, no NUL) through the queuing port whose descriptor is in `descBuffer`. */
  sendQueuingMessage(descBuffer: string, message: string): this {
    return this.hypercall(
      "XM_send_queuing_message",
      word(descBuffer),
      message,
      new TextEncoder().encode(message).length,
    );
  }

  /** Receives a queuing message into `into` (`size` bytes at most). */
  receiveQueuingMessage(descBuffer: string, into: string, size: number): this {
    return this.hypercall("XM_receive_queuing_message", word(descBuffer), addressOf(into), size);
  }

  /** Flushes the console line and halts the partition (`XM_halt_partition(self)`). */
  halt(): this {
    return this.add({ kind: "halt" });
  }
}

/** Options of {@linkcode PartitionProgram.build}. */
export interface ProgramBuildOptions {
  /** Where the program is linked: the start of the partition's first memory area (4 KiB aligned). */
  readonly origin: number;
}

/** A built program. */
export interface ProgramBuild {
  /** The ELF32 SPARC executable (the partition's `"elf"` payload). */
  readonly elf: Uint8Array;
  /** The assembled image (bytes, symbols, BSS). */
  readonly program: AsmProgram;
  /** The assembly source, runtime included, for reading. */
  readonly source: string;
}

/** Options of a buffer. */
export interface BufferOptions {
  /** Alignment in bytes (default 8). */
  readonly align?: number;
  /** Initial contents (text is stored as UTF-8 bytes); default zeroes. */
  readonly init?: string | Uint8Array;
}

/**
 * A partition program: its buffers and steps (see the module documentation).
 * `K` is the kind of partition it is for ({@linkcode PartitionKind}).
 */
export class PartitionProgram<K extends PartitionKind = "system"> extends Steps<K> {
  readonly #buffers: { name: string; size: number; options: BufferOptions }[] = [];
  #stackSize = DEFAULT_STACK_SIZE;

  /**
   * Declares a named buffer (zeroed at start-up unless `init` is given):
   * hypercall out-parameters, messages, counters.
   */
  buffer(name: string, size: number, options: BufferOptions = {}): this {
    this.#buffers.push({ name, size, options });
    return this;
  }

  /** Sets the stack size in bytes (default 8 KiB, XAL's). */
  stackSize(bytes: number): this {
    this.#stackSize = bytes;
    return this;
  }

  /**
   * The program's assembly source (the runtime, the steps, the data); needs
   * no assembler.
   *
   * @throws {ProgramError} For bad input, naming the step.
   */
  source(): string {
    const data = new DataLayout();
    for (const b of this.#buffers) {
      const init = typeof b.options.init === "string"
        ? new TextEncoder().encode(b.options.init)
        : b.options.init;
      data.declare({
        name: b.name,
        size: b.size,
        align: b.options.align ?? 8,
        ...(init === undefined ? {} : { init }),
      });
    }
    if (!Number.isInteger(this.#stackSize) || this.#stackSize < 1024 || this.#stackSize % 8) {
      throw new ProgramError(
        "program",
        `stack size ${this.#stackSize}: expected a multiple of 8, at least 1024`,
      );
    }
    return compile({ steps: this.list, data, stackSize: this.#stackSize });
  }

  /**
   * Builds the program at `origin` with xmbench's assembler.
   *
   * @throws {ProgramError} For bad input (naming the step) or a bad origin.
   */
  build(options: ProgramBuildOptions): ProgramBuild {
    const { origin } = options;
    if (!Number.isInteger(origin) || origin < 0 || origin > 0xffffffff || origin % 4096 !== 0) {
      throw new ProgramError(
        "program",
        `origin ${origin}: expected the partition's first area start, a 32-bit multiple of 4096`,
      );
    }
    const source = this.source();
    const { program, elf } = assembleSource(source, origin);
    return { elf, program, source };
  }
}

/**
 * Starts a partition program. Without a type argument it is one for a user
 * partition (the least privileged kind, which every partition accepts): its
 * `.hypercall(...)` does not accept the system-only calls.
 * `partitionProgram<"system">()` is one for a system partition.
 */
export function partitionProgram<K extends PartitionKind = "user">(): PartitionProgram<K> {
  return new PartitionProgram<K>();
}
