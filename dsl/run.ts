/**
 * Running an image: {@linkcode runImage} boots it, runs it for a time or
 * until a condition holds, and returns a {@linkcode Run}, everything the
 * assertions of `dsl/expect/` look at: the kernel's event trace, the UART
 * text, each partition's console, partition states over time, the HM log,
 * port traffic, the final memory, and when and why it stopped. For
 * scenarios that act on a running system (inject a fault after looking at
 * the trace), {@linkcode Session} runs it step by step.
 *
 * ```ts ignore
 * import { runImage } from "./run.ts";
 * import { fault } from "./fault.ts";
 * const run = runImage(image, {
 *   for: "100ms",
 *   until: (r) => r.console(1).includes("done"),
 *   faults: [fault.overrun({ at: "11ms", partition: 1, for: "8ms" })],
 * });
 * console.log(run.stopReason, run.endUs, run.console(1));
 * ```
 *
 * **Determinism.** A run depends only on the image and the options: the
 * same image and options give the same trace, byte for byte
 * (`run.toJsonLines()`), on any machine. No wall clock, no randomness.
 *
 * **`until` granularity.** The condition is checked at fixed points of
 * emulated time: when the run starts, then every `step` (default 100 µs)
 * from boot — at 100 µs, 200 µs, … — and at the end. The run stops at the first such point where
 * it holds, so `endUs` is a multiple of `step` (or the end). Running in
 * steps does not change what happens: the kernel resumes exactly where it
 * stopped, and the trace of a run stopped early is a prefix of the trace of
 * the same run left to go on (tested in `tests/dsl/run_test.ts`).
 *
 * @module
 */
import type { Image } from "../src/image/image.ts";
import type { PartitionConfig, SystemConfig } from "../src/image/config.ts";
import { DEFAULT_COSTS, type KernelCosts, withOverrides } from "../src/kernel/costs.ts";
import { type HmLogRecord, Kernel, KernelError } from "../src/kernel/kernel.ts";
import type {
  EventOf,
  KernelEvent,
  PartitionState,
  TraceHmEvent,
  TracePort,
} from "../src/kernel/trace.ts";
import type { Trace } from "../src/kernel/trace_container.ts";
import { DslError } from "./errors.ts";
import type { Fault } from "./fault.ts";
import { type Time, toMicroseconds } from "./units.ts";

export type { Fault } from "./fault.ts";
export type { Time } from "./units.ts";
// the types a Run's API names, so that this module documents itself completely
export type { Image } from "../src/image/image.ts";
export type { PartitionConfig, SystemConfig } from "../src/image/config.ts";
export type { KernelCosts } from "../src/kernel/costs.ts";
export { type HmLogRecord, Kernel, KernelError } from "../src/kernel/kernel.ts";
export type {
  EventKind,
  EventOf,
  KernelEvent,
  PartitionState,
  TraceHmEvent,
  TracePort,
} from "../src/kernel/trace.ts";
export { Trace } from "../src/kernel/trace_container.ts";

/** Why a run stopped. */
export type StopReason =
  /** It ran the time it was given (`for`). */
  | "time-limit"
  /** The `until` condition held. */
  | "until"
  /** The system halted (`XM_halt_system`, an HM action). */
  | "system-halted";

/** Options of {@linkcode runImage}. */
export interface RunOptions {
  /** How long to run, in emulated time (`"100ms"`, or µs). */
  readonly for: Time;
  /**
   * Stop as soon as this holds, checked every `step` of emulated time (see
   * the module documentation).
   */
  readonly until?: (run: RunView) => boolean;
  /** How often `until` is checked, in emulated time (default 100 µs). */
  readonly step?: Time;
  /** Whether the kernel prints XtratuM's own console lines (default true). */
  readonly kernelLog?: boolean;
  /** Cost model entries to override, in cycles (over the image's `xmb:Costs`). */
  readonly costs?: Partial<KernelCosts>;
  /** Faults to inject (see `fault.ts`). */
  readonly faults?: readonly Fault[];
}

/** Options of {@linkcode Session.start}: a run's options but its length and condition. */
export type SessionOptions = Omit<RunOptions, "for" | "until" | "step">;

/** What a run shows, while it runs (`until`) and after. */
export interface RunView {
  /** The configuration. */
  readonly config: SystemConfig;
  /** The processor frequency in Hz. */
  readonly hz: number;
  /** The cost model the kernel charged. */
  readonly costs: KernelCosts;
  /** The kernel's event trace. */
  readonly trace: Trace;
  /** Microseconds since boot. */
  readonly nowUs: number;
  /** Cycles since boot. */
  readonly cycle: number;
  /** Everything the console UART transmitted (Latin-1 bytes as characters). */
  readonly uart: string;
  /**
   * The text a partition (or `"hypervisor"`: the kernel's own lines) wrote
   * to the console, from the trace's console events.
   */
  console(source: number | "hypervisor"): string;
  /** A partition's state at a time (`"halted"` before boot). */
  stateAt(partition: number, at: Time): PartitionState;
  /** A partition's state now. */
  stateOf(partition: number): PartitionState;
}

/** The console text of one source, from a trace. */
function consoleText(trace: Trace, source: number | "hypervisor"): string {
  let out = "";
  for (const e of trace.ofKind("console")) if (e.source === source) out += e.text;
  return out;
}

/** A partition's state at `us`, from a trace's `partition-state` events. */
function stateFromTrace(trace: Trace, partition: number, us: number): PartitionState {
  let state: PartitionState = "halted";
  for (const e of trace.ofKind("partition-state")) {
    if (e.us > us) break;
    if (e.partition === partition) state = e.to;
  }
  return state;
}

function partitionConfig(config: SystemConfig, id: number, call: string): PartitionConfig {
  const p = config.partitions.find((q) => q.id === id);
  if (p === undefined) {
    throw new DslError(
      call,
      `no partition ${id}: the system's partitions are: ${
        config.partitions.map((q) => q.id).join(", ")
      }`,
    );
  }
  return p;
}

/** What a {@linkcode Session} and a {@linkcode Run} show alike, read from their kernel. */
export abstract class KernelView {
  /** The kernel (for what the views do not show). */
  abstract readonly kernel: Kernel;
  /** How calls are named in messages (`""` or `"run."`). */
  protected abstract readonly callPrefix: string;

  /** The configuration. */
  get config(): SystemConfig {
    return this.kernel.config;
  }

  /** The processor frequency in Hz. */
  get hz(): number {
    return this.kernel.hz;
  }

  /** The cost model the kernel charged. */
  get costs(): KernelCosts {
    return this.kernel.costs;
  }

  /** The kernel's event trace. */
  get trace(): Trace {
    return this.kernel.trace;
  }

  /** See {@linkcode RunView.console}. */
  console(source: number | "hypervisor"): string {
    return consoleText(this.trace, source);
  }

  /** See {@linkcode RunView.stateAt}. */
  stateAt(partition: number, at: Time): PartitionState {
    const call = `${this.callPrefix}stateAt`;
    partitionConfig(this.config, partition, `${call}(${partition})`);
    return stateFromTrace(this.trace, partition, toMicroseconds(call, "at", at));
  }

  /** Checks that `partition` exists, for `stateOf`. */
  protected checkPartition(partition: number): void {
    partitionConfig(this.config, partition, `${this.callPrefix}stateOf(${partition})`);
  }
}

/**
 * A running system, advanced step by step: run for a time, run until a
 * condition holds, inject faults between steps. {@linkcode runImage} is a
 * session run once; {@linkcode Session.finish} gives the {@linkcode Run}.
 */
export class Session extends KernelView implements RunView {
  /** The kernel (for what the views do not show). */
  readonly kernel: Kernel;
  /** The image. */
  readonly image: Image;
  readonly #uart: number[] = [];
  #uartText = "";
  #stop: StopReason | undefined;
  #finished = false;
  /** Calls are named as written on a session (`stateAt(1)`). */
  protected readonly callPrefix = "";

  private constructor(image: Image, options: SessionOptions) {
    super();
    this.image = image;
    const costs = options.costs === undefined ? undefined : {
      ...withOverrides(image.config.xmbench.costs),
      ...options.costs,
    };
    try {
      this.kernel = Kernel.boot(image, {
        uart: (b) => this.#uart.push(b),
        kernelLog: options.kernelLog ?? true,
        ...(costs === undefined ? {} : { costs }),
      });
    } catch (e) {
      if (e instanceof KernelError) throw new DslError("runImage(image)", e.message);
      throw e;
    }
    for (const f of options.faults ?? []) this.inject(f);
  }

  /**
   * Boots an image.
   *
   * @param image The image.
   * @param options The kernel log, costs and faults.
   * @returns The session, at cycle 0.
   * @throws {DslError} When the kernel cannot boot the image (saying why).
   */
  static start(image: Image, options: SessionOptions = {}): Session {
    return new Session(image, options);
  }

  /** Microseconds since boot. */
  get nowUs(): number {
    return this.kernel.nowUs;
  }

  /** Cycles since boot. */
  get cycle(): number {
    return this.kernel.cycle;
  }

  /** Everything the UART transmitted. */
  get uart(): string {
    if (this.#uartText.length < this.#uart.length) {
      this.#uartText += String.fromCharCode(...this.#uart.slice(this.#uartText.length));
    }
    return this.#uartText;
  }

  /** Why the last step stopped, if it stopped early or the system halted. */
  get stopReason(): StopReason | undefined {
    return this.#stop;
  }

  /** See {@linkcode RunView.stateOf}. */
  stateOf(partition: number): PartitionState {
    this.checkPartition(partition);
    return this.kernel.partitions.get(partition)!.state;
  }

  #checkOpen(call: string): void {
    if (this.#finished) throw new DslError(call, "the session is finished");
  }

  /**
   * Injects a fault at its time (now if its time has passed, never before
   * the current cycle).
   *
   * @param f The fault.
   * @returns This session.
   * @throws {DslError} For a malformed fault or a time already passed.
   */
  inject(f: Fault): this {
    this.#checkOpen(f.label);
    const k = this.kernel;
    const cycle = "cycle" in f.at ? f.at.cycle : k.cycleOf(f.at.us);
    if (cycle < k.cycle) {
      throw new DslError(
        f.label,
        `its time (cycle ${cycle}) has passed: the session is at ${k.nowUs} us (cycle ${k.cycle})`,
      );
    }
    try {
      k.inject(f.injection(k.hz), cycle);
    } catch (e) {
      if (e instanceof KernelError) throw new DslError(f.label, e.message);
      throw e;
    }
    return this;
  }

  /**
   * Runs until a time since boot (or until the system halts).
   *
   * @param to The time.
   * @returns This session.
   */
  runTo(to: Time): this {
    this.#checkOpen("runTo");
    const us = toMicroseconds("runTo", "to", to);
    if (this.kernel.run(us).kind === "system-halted") this.#stop = "system-halted";
    return this;
  }

  /**
   * Runs for a time from now.
   *
   * @param time How long.
   * @returns This session.
   */
  runFor(time: Time): this {
    return this.runTo(this.nowUs + toMicroseconds("runFor", "time", time));
  }

  /**
   * Runs until `condition` holds, checked every `step` of emulated time
   * from boot (see the module documentation), or until `limit` (a time
   * since boot), or until the system halts.
   *
   * @param condition The condition.
   * @param options The time limit since boot; the step (default 100 µs).
   * @returns Whether the condition held.
   */
  runUntil(
    condition: (run: RunView) => boolean,
    options: { readonly limit: Time; readonly step?: Time },
  ): boolean {
    this.#checkOpen("runUntil");
    const limit = toMicroseconds("runUntil", "limit", options.limit);
    const step = toMicroseconds("runUntil", "step", options.step ?? 100);
    if (step === 0) throw new DslError("runUntil", "step: expected a time > 0");
    if (condition(this)) return (this.#stop = "until", true);
    while (this.nowUs < limit && this.#stop !== "system-halted") {
      const next = Math.min(limit, (Math.floor(this.nowUs / step) + 1) * step);
      this.runTo(next);
      if (condition(this)) return (this.#stop = "until", true);
    }
    return false;
  }

  /**
   * Ends the session.
   *
   * @returns The run: what happened, and the final memory.
   */
  finish(): Run {
    this.#checkOpen("finish");
    this.#finished = true;
    return new Run(this, this.#stop ?? "time-limit");
  }
}

/**
 * Boots an image and runs it (see the module documentation).
 *
 * @param image The image.
 * @param options How long, until what, the kernel log, costs and faults.
 * @returns The run.
 * @throws {DslError} When the kernel cannot boot the image, or for a bad option.
 */
export function runImage(image: Image, options: RunOptions): Run {
  const limit = toMicroseconds("runImage", "for", options.for);
  for (const f of options.faults ?? []) {
    // a fault the run would never reach is a mistake in the scenario, not a silent no-op
    if ("us" in f.at && f.at.us >= limit) {
      throw new DslError(
        f.label,
        `it is due at ${f.at.us} us, at or after the run's end (${limit} us): it would never apply`,
      );
    }
  }
  const s = Session.start(image, options);
  if (options.until === undefined) s.runTo(limit);
  else {s.runUntil(options.until, {
      limit,
      ...(options.step === undefined ? {} : { step: options.step }),
    });}
  return s.finish();
}

/** The result of a run: everything that happened, and the final memory. */
export class Run extends KernelView implements RunView {
  /** The image run. */
  readonly image: Image;
  /** The kernel, stopped (for what the views do not show). */
  readonly kernel: Kernel;
  /** Why it stopped. */
  readonly stopReason: StopReason;
  /** When it stopped, in µs since boot. */
  readonly endUs: number;
  /** When it stopped, in cycles. */
  readonly endCycle: number;
  /** Everything the UART transmitted. */
  readonly uart: string;
  /** The HM log records the kernel held at the end (those not read by `XM_hm_read`). */
  readonly hmLog: readonly HmLogRecord[];
  /** The partitions' states at the end, by id. */
  readonly finalStates: ReadonlyMap<number, PartitionState>;
  /** Calls are named as on a run (`run.stateAt(1)`). */
  protected readonly callPrefix = "run.";

  /**
   * The run of a finished session (use {@linkcode Session.finish}).
   *
   * @param session The session.
   * @param stopReason Why it stopped.
   */
  constructor(session: Session, stopReason: StopReason) {
    super();
    this.image = session.image;
    this.kernel = session.kernel;
    this.stopReason = stopReason;
    this.endUs = session.nowUs;
    this.endCycle = session.cycle;
    this.uart = session.uart;
    this.hmLog = Object.freeze([...this.kernel.hmLog]);
    this.finalStates = new Map(
      [...this.kernel.partitions.values()].map((p) => [p.id, p.state] as const),
    );
  }

  /** Same as {@linkcode Run.endUs}. */
  get nowUs(): number {
    return this.endUs;
  }

  /** Same as {@linkcode Run.endCycle}. */
  get cycle(): number {
    return this.endCycle;
  }

  /** A source's console text split in lines (a last line without `\n` included). */
  consoleLines(source: number | "hypervisor"): string[] {
    const lines = this.console(source).split("\n");
    if (lines.at(-1) === "") lines.pop();
    return lines;
  }

  /** See {@linkcode RunView.stateOf}: the state at the end. */
  stateOf(partition: number): PartitionState {
    this.checkPartition(partition);
    return this.finalStates.get(partition)!;
  }

  /** The events of some kinds (`run.events("fault", "hm-event")`). */
  events<K extends KernelEvent["kind"]>(...kinds: [K, ...K[]]): EventOf<K>[] {
    return this.trace.ofKind(...kinds);
  }

  /** Every HM event the health monitor handled (logged or not), from the trace. */
  get hmEvents(): TraceHmEvent[] {
    return this.trace.ofKind("hm-event");
  }

  /** Port traffic: every port operation, optionally of one port (by name). */
  portTraffic(port?: string): TracePort[] {
    return this.trace.ofKind("port").filter((e) => port === undefined || e.port === port);
  }

  /**
   * Reads a partition's memory at a virtual address, through its own MMU
   * context with its own (user) read rights, as it is at the end of the run.
   *
   * @param partition The partition id.
   * @param address The virtual address.
   * @param size The number of bytes.
   * @returns The bytes, or undefined when the partition could not read them all.
   */
  readMemory(partition: number, address: number, size: number): Uint8Array | undefined {
    partitionConfig(this.config, partition, `run.readMemory(${partition})`);
    return this.kernel.readPartitionMemory(partition, address, size);
  }

  /**
   * Reads physical memory as it is at the end of the run.
   *
   * @param address The physical address.
   * @param size The number of bytes.
   * @returns The bytes, or undefined when an address reaches no memory.
   */
  readPhysical(address: number, size: number): Uint8Array | undefined {
    return this.kernel.readPhysicalMemory(address, size);
  }

  /**
   * A partition's memory at the end: each of its areas' bytes, read
   * physically, in configuration order.
   *
   * @param partition The partition id.
   * @returns One entry per area: its physical start and bytes.
   */
  memoryOf(partition: number): { readonly start: number; readonly bytes: Uint8Array }[] {
    const p = partitionConfig(this.config, partition, `run.memoryOf(${partition})`);
    return p.memoryAreas.map((a) => ({
      start: a.start,
      bytes: this.kernel.readPhysicalMemory(a.start, a.size) ?? new Uint8Array(0),
    }));
  }

  /** The trace in its canonical JSON-lines form (identical runs give identical bytes). */
  toJsonLines(): string {
    return this.trace.toJsonLines();
  }
}

export { DEFAULT_COSTS };
