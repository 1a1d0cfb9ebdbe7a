/**
 * The partition builder: `partition(id, name)`, its memory areas, console,
 * flags, temporal requirements, health-monitor table, hardware interrupts
 * and I/O ports, port table and program.
 *
 * A partition starts as a user partition with the `boot` flag (XtratuM
 * starts it at boot); `.system()` makes it a system partition and changes
 * its type, so that its program may make the system-only calls:
 *
 * ```ts ignore
 * partition(1, "P1").user().area(0x40100000, "64KB").program((p) =>
 *   p.print("hello\n").hypercall("XM_halt_system") // does not compile: system-only
 * );
 * ```
 *
 * @module
 */
import type {
  AreaFlag,
  HmEntryConfig,
  IoPortConfig,
  MemoryAreaConfig,
  PartitionFlag,
  PortConfig,
} from "../src/image/config.ts";
import { AREA_FLAGS, PARTITION_FLAGS } from "../src/image/config.ts";
import { HW_IRQ_LINES } from "../src/image/check.ts";
import type { PartitionKind } from "../src/xal/program.ts";
import { PartitionProgram, type Step, SYSTEM_ONLY_CALLS } from "../src/xal/program.ts";
import { DslError, recordError, recordInsteadOfThrowing } from "./errors.ts";
import { type HmActionName, hmEntry, type HmEventName, type HmOptions } from "./hm.ts";
import { type ProgramInput, programLabel } from "./program_source.ts";
import {
  type Addr,
  show,
  type Size,
  type Time,
  toAddress,
  toBytes,
  toCount,
  toMicroseconds,
} from "./units.ts";

/** Options of a memory area. */
export interface AreaOptions {
  /** The area's flags (default none). */
  readonly flags?: readonly AreaFlag[];
  /** Its name. */
  readonly name?: string;
  /** The virtual address the partition sees it at (default: identity-mapped). */
  readonly mappedAt?: Addr;
}

/** Options of a port in the partition's port table. */
export interface PortOptions {
  /** `FIFO` or `PRIORITY` (queuing ports), when given. */
  readonly discipline?: "FIFO" | "PRIORITY";
}

/** What a partition builder holds: the configuration's fields, parsed. */
export interface PartitionDraft {
  /** `id`. */
  readonly id: number;
  /** `name`. */
  readonly name: string | undefined;
  /** `console`: a device name, `null` for none, `undefined` for the board's first UART. */
  console: string | null | undefined;
  /** `flags`. */
  flags: PartitionFlag[];
  /** `entryPoint` (default: the first area's start). */
  entryPoint: number | undefined;
  /** `PhysicalMemoryAreas`. */
  readonly areas: MemoryAreaConfig[];
  /** `TemporalRequirements`. */
  temporal: { period: number; duration: number } | undefined;
  /** `HealthMonitor`. */
  readonly hm: HmEntryConfig[];
  /** `HwResources/IoPorts`. */
  readonly ioPorts: IoPortConfig[];
  /** `HwResources/Interrupts`. */
  readonly interrupts: number[];
  /** `PortTable`. */
  readonly ports: PortConfig[];
  /** The program, when given. */
  program: ProgramInput<PartitionKind> | undefined;
  /** The call that gave the program, for errors. */
  programCall: string | undefined;
  /** The program's file name in the configuration, when read from one (else derived). */
  programFile: string | undefined;
  /** When the program was given, relative to other partitions' (the order of `xmb:Programs`). */
  programSeq: number;
  /** Whether the program was given while the partition was a system partition (typed for one). */
  programForSystem?: boolean;
}

let programCounter = 0;

/** The next program sequence number (the order programs were given in). */
export function nextProgramSeq(): number {
  return ++programCounter;
}

/**
 * Builds one partition (see the module documentation). `K` is its kind:
 * `"user"` until `.system()`.
 */
export class PartitionBuilder<K extends PartitionKind = "user"> {
  /** The partition's fields so far (read by the system builder). */
  readonly draft: PartitionDraft;
  /** The kind, at the type level only (never set). */
  declare readonly kind?: K;
  #prefix = "";

  /**
   * Starts a partition; `partition(id, name)` is the usual way.
   *
   * @param id The partition's id (0, 1, ... in table order).
   * @param name Its name.
   */
  constructor(id: number, name?: string) {
    const label = `partition(${show(id)}${name === undefined ? "" : `, ${show(name)}`})`;
    let checkedId = id;
    try {
      checkedId = toCount(label, "id", id);
    } catch (e) {
      if (!(e instanceof DslError)) throw e;
      recordError(this, e);
    }
    this.draft = {
      id: checkedId,
      name,
      console: undefined,
      flags: ["boot"],
      entryPoint: undefined,
      areas: [],
      temporal: undefined,
      hm: [],
      ioPorts: [],
      interrupts: [],
      ports: [],
      program: undefined,
      programCall: undefined,
      programFile: undefined,
      programSeq: 0,
    };
  }

  /** The builder call that made this partition, e.g. `system("demo").partition(1, "P1")`. */
  get label(): string {
    const { id, name } = this.draft;
    return `${this.#prefix}partition(${id}${name === undefined ? "" : `, ${show(name)}`})`;
  }

  /**
   * Sets what the partition's label starts with (the system builder does,
   * when the partition is added to it).
   *
   * @param prefix E.g. `system("demo").`.
   */
  attachTo(prefix: string): void {
    this.#prefix = prefix;
  }

  #call(method: string, ...args: unknown[]): string {
    return `${this.label}.${method}(${args.map(show).join(", ")})`;
  }

  #flag(flag: PartitionFlag, on: boolean): void {
    const has = this.draft.flags.includes(flag);
    if (on && !has) this.draft.flags = canonical([...this.draft.flags, flag], PARTITION_FLAGS);
    if (!on && has) this.draft.flags.splice(this.draft.flags.indexOf(flag), 1);
  }

  /**
   * Makes it a system partition (`flags="system"`): it may manage other
   * partitions, read the HM log, switch plans, halt or reset the system.
   * Its program may make the system-only calls.
   */
  system(): PartitionBuilder<"system"> {
    this.#flag("system", true);
    return this as unknown as PartitionBuilder<"system">;
  }

  /**
   * Makes it a user partition (the default): a system-only call answers
   * `XM_PERM_ERROR`, and its program may not name one (compile error).
   */
  user(): PartitionBuilder<"user"> {
    this.#flag("system", false);
    return this as unknown as PartitionBuilder<"user">;
  }

  /** Whether XtratuM starts it at boot (`flags="boot"`, on by default); without, it stays halted until resumed. */
  boot(on = true): this {
    this.#flag("boot", on);
    return this;
  }

  /** Whether it may use the FPU (`flags="fp"`). */
  fp(on = true): this {
    this.#flag("fp", on);
    return this;
  }

  /**
   * Sets the flags exactly (in any order), e.g. `flags("system", "boot")`:
   * with `"system"` it is a system partition (as after `.system()`), else a
   * user partition (as after `.user()`).
   *
   * @param flags XM_CF's partition flags.
   */
  flags<const F extends readonly PartitionFlag[]>(
    ...flags: [...F]
  ): PartitionBuilder<"system" extends F[number] ? "system" : "user">;
  flags(...flags: PartitionFlag[]): unknown {
    const call = this.#call("flags", ...flags);
    for (const f of flags) {
      if (!(PARTITION_FLAGS as readonly string[]).includes(f)) {
        throw new DslError(
          call,
          `flag: expected one of ${PARTITION_FLAGS.join(", ")}, found ${show(f)}`,
        );
      }
    }
    this.draft.flags = canonical(flags, PARTITION_FLAGS);
    return this;
  }

  /**
   * Grants a memory area (`PhysicalMemoryAreas/Area`). The first area is
   * where programs are linked and, by default, the entry point.
   *
   * @param start Its physical address (4 KiB aligned).
   * @param size Its size (`"64KB"`; a multiple of 4 KiB).
   * @param options Flags, name, virtual address.
   */
  area(start: Addr, size: Size, options: AreaOptions = {}): this {
    const call = this.#call("area", start, size, ...(Object.keys(options).length ? [options] : []));
    this.draft.areas.push(areaConfig(call, start, size, options));
    return this;
  }

  /** Sets the device it prints on (a UART's or memory block's name); `null` for none. Default: the board's first UART. */
  console(device: string | null): this {
    this.draft.console = device;
    return this;
  }

  /** Sets the entry point (default: the start of its first area). */
  entryPoint(address: Addr): this {
    this.draft.entryPoint = toAddress(this.#call("entryPoint", address), "address", address);
    return this;
  }

  /**
   * Records its temporal requirements (`TemporalRequirements`): the
   * validator warns when the plan does not give it `duration` every `period`.
   */
  temporal(period: Time, duration: Time): this {
    const call = this.#call("temporal", period, duration);
    this.draft.temporal = {
      period: toMicroseconds(call, "period", period),
      duration: toMicroseconds(call, "duration", duration),
    };
    return this;
  }

  /**
   * Adds an entry to its HM table: what happens when `event` is raised
   * while it runs.
   *
   * @param event The event's XM-Q name.
   * @param action The action's XM-Q name.
   * @param options Logging (default logged).
   */
  hm(event: HmEventName, action: HmActionName, options: HmOptions = {}): this {
    const call = this.#call("hm", event, action);
    this.draft.hm.push(hmEntry(call, event, action, options));
    return this;
  }

  /**
   * Grants hardware interrupt lines (`HwResources/Interrupts`): they reach
   * the partition as extended interrupts.
   */
  interrupts(...lines: number[]): this {
    const call = this.#call("interrupts", ...lines);
    for (const l of lines) this.draft.interrupts.push(toCount(call, "line", l, HW_IRQ_LINES - 1));
    return this;
  }

  /** Grants `count` consecutive 4-byte I/O ports from `base` (`IoPorts/Range`), for `XM_sparc_inport`/`outport`. */
  ioRange(base: Addr, count: number): this {
    const call = this.#call("ioRange", base, count);
    this.draft.ioPorts.push({
      kind: "range",
      base: toAddress(call, "base", base),
      count: toCount(call, "count", count),
    });
    return this;
  }

  /** Grants one I/O port where only the bits of `mask` may be written (`IoPorts/Restricted`). */
  ioRestricted(address: Addr, mask: Addr = 0): this {
    const call = this.#call("ioRestricted", address, mask);
    this.draft.ioPorts.push({
      kind: "restricted",
      address: toAddress(call, "address", address),
      mask: toAddress(call, "mask", mask),
    });
    return this;
  }

  /**
   * Declares a port in its port table (`PortTable/Port`). Channels declare
   * the ports they name when the partition has not.
   */
  port(
    name: string,
    type: "sampling" | "queuing",
    direction: "source" | "destination",
    options: PortOptions = {},
  ): this {
    const call = this.#call("port", name, type, direction);
    if (name === "") throw new DslError(call, "name: expected a non-empty port name");
    this.draft.ports.push({
      name,
      direction,
      type,
      ...(options.discipline === undefined ? {} : { discipline: options.discipline }),
    });
    return this;
  }

  /**
   * Gives the partition its program: a program builder (or a function that
   * adds steps to a fresh one typed for this partition's kind), `elf(...)`,
   * `raw(...)`, `cSources(...)` or `assembly(...)`.
   *
   * @example
   * ```ts ignore
   * partition(0, "P0").area(0x40100000, "64KB").program((p) => p.print("hi\n").halt())
   * ```
   */
  program(program: ProgramInput<K>): this {
    const call = `${this.label}.program(${programLabel(program)})`;
    if (typeof program === "function") {
      const p = new PartitionProgram<K>();
      program(p);
      this.draft.program = p as PartitionProgram<PartitionKind>;
    } else if (program instanceof PartitionProgram) {
      this.draft.program = program as PartitionProgram<PartitionKind>;
    } else if (
      program === null || typeof program !== "object" ||
      !["file", "c", "assembly"].includes((program as { kind?: string }).kind ?? "")
    ) {
      throw new DslError(
        call,
        "expected a partitionProgram(), a function of one, elf(...), raw(...), cSources(...) or assembly(...)",
      );
    } else {
      if (program.kind === "c" && program.files.length === 0) {
        throw new DslError(call, "cSources: expected at least one source file");
      }
      this.draft.program = program;
    }
    this.draft.programCall = call;
    this.draft.programForSystem = this.draft.flags.includes("system");
    this.draft.programFile = undefined;
    this.draft.programSeq = nextProgramSeq();
    return this;
  }
}

recordInsteadOfThrowing(PartitionBuilder.prototype, [
  "system",
  "user",
  "boot",
  "fp",
  "flags",
  "area",
  "console",
  "entryPoint",
  "temporal",
  "hm",
  "interrupts",
  "ioRange",
  "ioRestricted",
  "port",
  "program",
]);

/**
 * A partition made a user partition (`.user()`, `.flags(...)`) after it was
 * given, as a system partition, a program that makes system-only calls: the
 * mistake, else undefined.
 *
 * @param p The partition.
 * @returns The mistake, named by the program's call.
 */
export function kindMistake(p: AnyPartition): DslError | undefined {
  const d = p.draft;
  if (!d.programForSystem || d.flags.includes("system")) return undefined;
  if (!(d.program instanceof PartitionProgram)) return undefined;
  const call = systemOnlyCall(d.program.steps);
  if (call === undefined) return undefined;
  return new DslError(
    d.programCall ?? p.label,
    `the program makes the system-only call ${call}, but the partition is a user partition: ` +
      `call .user() (or .flags()) before .program(...), or keep it a system partition`,
  );
}

/** The first system-only call among steps (and their bodies). */
function systemOnlyCall(steps: readonly Step[]): string | undefined {
  for (const s of steps) {
    if (s.kind === "call" && (SYSTEM_ONLY_CALLS as readonly string[]).includes(s.name)) {
      return s.name;
    }
    if ("body" in s) {
      const inner = systemOnlyCall(s.body);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

/** A partition builder of either kind. */
export type AnyPartition = PartitionBuilder<"user"> | PartitionBuilder<"system">;

/**
 * Starts a partition builder (a user partition with the `boot` flag).
 *
 * @param id Its id: partitions are numbered 0, 1, ... in table order.
 * @param name Its name.
 * @returns The builder.
 */
export function partition(id: number, name?: string): PartitionBuilder<"user"> {
  return new PartitionBuilder<"user">(id, name);
}

/**
 * A memory area's configuration, its values checked.
 *
 * @param call The builder call, for errors.
 * @param start The start.
 * @param size The size.
 * @param options Flags, name, virtual address.
 * @returns The area.
 * @throws {DslError} For a bad value.
 */
export function areaConfig(
  call: string,
  start: Addr,
  size: Size,
  options: AreaOptions,
): MemoryAreaConfig {
  for (const f of options.flags ?? []) {
    if (!(AREA_FLAGS as readonly string[]).includes(f)) {
      throw new DslError(
        call,
        `flags: expected some of ${AREA_FLAGS.join(", ")}, found ${show(f)}`,
      );
    }
  }
  return {
    ...(options.name === undefined ? {} : { name: options.name }),
    start: toAddress(call, "start", start),
    size: toBytes(call, "size", size),
    flags: canonical(options.flags ?? [], AREA_FLAGS),
    ...(options.mappedAt === undefined
      ? {}
      : { mappedAt: toAddress(call, "mappedAt", options.mappedAt) }),
  };
}

/**
 * Flags in their schema order (as the XML writer writes them and the reader
 * reads them back), so that DSL → XML → DSL gives the same list.
 *
 * @param flags The flags, in any order.
 * @param order The schema's order.
 * @returns A sorted copy.
 */
export function canonical<F extends string>(flags: readonly F[], order: readonly F[]): F[] {
  return [...flags].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
