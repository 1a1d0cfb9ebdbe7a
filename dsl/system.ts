/**
 * The system builder: `system(name)` and everything in an XtratuM
 * configuration, producing a {@linkcode SystemConfig} that goes through the
 * same validator as XML, an {@linkcode Image} (`compile()`), and XM_CF XML
 * (`toXml()`), and back (`system.fromXml`).
 *
 * ```ts
 * import { sampling, system } from "./mod.ts";
 *
 * const demo = system("demo")
 *   .board((b) => b.profile("leon3-grlib").frequency("50MHz"))
 *   .hypervisor((h) => h.memory("256KB").hm("XM_HM_EV_WATCHDOG_TIMER", "XM_HM_AC_IGNORE"))
 *   .partition(0, "P0", (p) =>
 *     p.system().area(0x40100000, "64KB").program((prog) => prog.print("P0 up\n").halt()))
 *   .partition(1, "P1", (p) =>
 *     p.area(0x40200000, "64KB").program((prog) => prog.print("P1 up\n").halt()))
 *   .plan(0, "20ms", (pl) => pl.slot("0ms", "10ms", "P0").slot("10ms", "10ms", "P1"))
 *   .channel(sampling("16B").from("P0", "OUT").to("P1", "IN"));
 *
 * const image = await demo.compile(); // the validator's errors throw, named by builder call
 * const xml = demo.toXml(); // XM_CF with the xmbench extension
 * ```
 *
 * Defaults (all overridable): version `1.0.0`; board `leon3-grlib` with its
 * clock, its PROM and RAM as the memory layout and one UART `Uart` at
 * 115200 baud; the hypervisor with 256 KB and the first UART as console;
 * partitions `boot`, user, with the first UART as console and the start of
 * their first area as entry point.
 *
 * @module
 */
import type { ChannelConfig, MemoryAreaConfig, SystemConfig } from "../src/image/config.ts";
import { writeConfigXml } from "../src/image/xml/write.ts";
import type { PartitionKind } from "../src/xal/program.ts";
import { PartitionProgram } from "../src/xal/program.ts";
import { BoardBuilder, type BoardName } from "./board.ts";
import { ChannelBuilder, ipvi, queuing, sampling } from "./channel.ts";
import { checkSystem, type CompiledImage, type CompileOptions, compileSystem } from "./compile.ts";
import {
  combineDslErrors,
  type DslDiagnostic,
  DslError,
  recordedErrors,
  recordError,
  recordInsteadOfThrowing,
} from "./errors.ts";
import { HypervisorBuilder } from "./hypervisor.ts";
import {
  type AnyPartition,
  areaConfig,
  type AreaOptions,
  kindMistake,
  nextProgramSeq,
  PartitionBuilder,
} from "./partition.ts";
import { assembleConfig } from "./assemble.ts";
import { type PartitionRef, PlanBuilder } from "./plan.ts";
import type { ProgramInput } from "./program_source.ts";
import { readSystemXml, readSystemXmlFile } from "./xml.ts";
import { dirname, relative, resolve } from "node:path";
import { type Addr, show, type Size, type Time, toCount } from "./units.ts";

export type { AnyPartition } from "./partition.ts";

/** Options of {@linkcode SystemBuilder.toXml}. */
export interface XmlOptions {
  /**
   * `"as-given"` (default): program paths as the builder holds them;
   * `"absolute"`: relative ones made absolute from the builder's base
   * directory (a program given as bytes is then an error).
   */
  readonly paths?: "as-given" | "absolute";
}

/** Builds a whole system (see the module documentation). */
export class SystemBuilder {
  readonly #name: string;
  #version = "1.0.0";
  #board: BoardBuilder;
  #hypervisor: HypervisorBuilder;
  readonly #partitions: AnyPartition[] = [];
  readonly #plans: PlanBuilder[] = [];
  readonly #channels: ChannelBuilder[] = [];
  readonly #costs: Record<string, number> = {};
  #resident: MemoryAreaConfig[] | undefined;
  #baseDir: string | undefined;

  /**
   * Starts a system; `system(name)` is the usual way.
   *
   * @param name The system's name.
   */
  constructor(name: string) {
    if (typeof name !== "string" || name === "") {
      recordError(
        this,
        new DslError(`system(${show(name)})`, "name: expected a non-empty system name"),
      );
    }
    this.#name = name;
    this.#board = new BoardBuilder(`${this.label}.board()`);
    this.#hypervisor = new HypervisorBuilder(`${this.label}.hypervisor()`);
  }

  /** The system's name. */
  get name(): string {
    return this.#name;
  }

  /** The call that made it: `system("demo")`. */
  get label(): string {
    return `system(${show(this.#name)})`;
  }

  /** Sets the configuration's version (`N.N.N`, default `1.0.0`). */
  version(version: string): this {
    if (!/^[0-9]+\.[0-9]+\.[0-9]+$/.test(version)) {
      throw new DslError(
        `${this.label}.version(${show(version)})`,
        `expected N.N.N (e.g. 1.0.0), found ${show(version)}`,
      );
    }
    this.#version = version;
    return this;
  }

  /**
   * Describes the board: `board("qemu-leon3-generic")`, `board((b) => ...)`
   * or both (see `board.ts`).
   */
  board(
    profile?: BoardName | ((b: BoardBuilder) => unknown),
    configure?: (b: BoardBuilder) => unknown,
  ): this {
    if (typeof profile === "string") this.#board.profile(profile);
    if (typeof profile === "function") profile(this.#board);
    if (configure !== undefined) configure(this.#board);
    return this;
  }

  /** Describes the hypervisor: its memory, console, HM table and watchdog (see `hypervisor.ts`). */
  hypervisor(configure: (h: HypervisorBuilder) => unknown): this {
    configure(this.#hypervisor);
    return this;
  }

  /**
   * Adds a partition: a builder made with `partition(id, name)`, or an id,
   * a name and a function that configures it.
   */
  partition(builder: AnyPartition): this;
  /**
   * Adds a partition: a builder made with `partition(id, name)`, or an id,
   * a name and a function that configures it.
   */
  partition(
    id: number,
    name?: string,
    configure?: (p: PartitionBuilder<"user">) => unknown,
  ): this;
  partition(
    a: AnyPartition | number,
    name?: string,
    configure?: (p: PartitionBuilder<"user">) => unknown,
  ): this {
    const p = a instanceof PartitionBuilder ? a : new PartitionBuilder<"user">(a, name);
    p.attachTo(`${this.label}.`);
    if (this.#partitions.some((q) => q.draft.id === p.draft.id)) {
      throw new DslError(p.label, `id: expected each partition id once, found ${p.draft.id} again`);
    }
    this.#partitions.push(p);
    if (configure !== undefined) configure(p as PartitionBuilder<"user">);
    return this;
  }

  /** Adds a cyclic plan: a builder made with `plan(id, majorFrame)`, or its id, major frame and slots. */
  plan(builder: PlanBuilder): this;
  /** Adds a cyclic plan: a builder made with `plan(id, majorFrame)`, or its id, major frame and slots. */
  plan(id: number, majorFrame: Time, configure?: (p: PlanBuilder) => unknown): this;
  plan(a: PlanBuilder | number, majorFrame?: Time, configure?: (p: PlanBuilder) => unknown): this {
    const p = a instanceof PlanBuilder ? a : new PlanBuilder(a, majorFrame ?? 0);
    p.attachTo(`${this.label}.`);
    this.#plans.push(p);
    if (configure !== undefined) configure(p);
    return this;
  }

  /** Adds a channel made with `sampling(...)`, `queuing(...)` or `ipvi(...)`. */
  channel(channel: ChannelBuilder): this {
    this.#channels.push(channel);
    return this;
  }

  /** Overrides an entry of the kernel's cost model, in cycles (`xmb:Costs`). */
  cost(name: string, cycles: number): this {
    this.#costs[name] = toCount(
      `${this.label}.cost(${show(name)}, ${show(cycles)})`,
      "cycles",
      cycles,
    );
    return this;
  }

  /** Adds a memory area of the resident software (`ResidentSw`). */
  residentArea(start: Addr, size: Size, options: AreaOptions = {}): this {
    const call = `${this.label}.residentArea(${show(start)}, ${show(size)})`;
    (this.#resident ??= []).push(areaConfig(call, start, size, options));
    return this;
  }

  /**
   * Sets the resident software's areas exactly as given (`systemFromConfig` does).
   *
   * @param areas The areas.
   */
  residentAreas(areas: readonly MemoryAreaConfig[]): this {
    this.#resident = areas.map((a) => ({ ...a, flags: [...a.flags] }));
    return this;
  }

  /**
   * Sets the directory relative program paths are read from (`fromXmlFile`
   * sets it to the XML file's directory). Default: the working directory.
   */
  baseDir(dir: string): this {
    this.#baseDir = dir;
    return this;
  }

  /**
   * A partition's builder, by id or name, to change it further.
   *
   * @param ref The partition's id or name.
   * @returns The builder, or undefined when there is no such partition.
   */
  getPartition(ref: PartitionRef): AnyPartition | undefined {
    return this.#partitions.find((p) =>
      typeof ref === "number" ? p.draft.id === ref : p.draft.name === ref
    );
  }

  /**
   * The builder mistakes recorded so far (builders never throw: a bad
   * argument is recorded, and `config()`, `check()`, `compile()`, `toXml()`
   * and `run()` throw them all), each named by its call from `system(...)`.
   *
   * @returns The mistakes, in the order of the builders.
   */
  mistakes(): DslError[] {
    const out: DslError[] = [];
    const add = (builder: object, wrap: (call: string) => string) => {
      for (const e of recordedErrors(builder)) {
        out.push(e.call.startsWith("system(") ? e : new DslError(wrap(e.call), e.problem));
      }
    };
    const inSystem = (call: string) => `${this.label}.${call}`;
    add(this, inSystem);
    add(this.#board, inSystem);
    add(this.#hypervisor, inSystem);
    for (const p of this.#partitions) {
      add(p, inSystem);
      const kind = kindMistake(p);
      if (kind !== undefined) {
        out.push(
          kind.call.startsWith("system(") ? kind : new DslError(inSystem(kind.call), kind.problem),
        );
      }
    }
    for (const p of this.#plans) add(p, inSystem);
    for (const c of this.#channels) add(c, (call) => `${this.label}.channel(${call})`);
    return out;
  }

  // -------------------------------------------------------------------------
  // Products

  /**
   * The configuration, deeply frozen. Not checked: see {@linkcode SystemBuilder.check}.
   *
   * @throws {DslError} When a builder refers to something that does not
   *   exist (a slot or channel naming an unknown partition) or a channel
   *   lacks its ends.
   */
  config(): SystemConfig {
    const mistakes = this.mistakes();
    if (mistakes.length > 0) throw combineDslErrors(mistakes);
    return assembleConfig({
      label: this.label,
      name: this.#name,
      version: this.#version,
      board: this.#board,
      hypervisor: this.#hypervisor,
      partitions: this.#partitions,
      plans: this.#plans,
      channels: this.#channels,
      costs: this.#costs,
      resident: this.#resident,
    });
  }

  /**
   * Checks the configuration with the validator XML goes through.
   *
   * @returns Every diagnostic, named by builder call.
   * @throws {DslError} As {@linkcode SystemBuilder.config}.
   */
  check(): DslDiagnostic[] {
    return checkSystem(this.config(), this.label);
  }

  /**
   * Compiles the system: the configuration checked, every program built,
   * the image made (see `compile.ts`).
   *
   * @param options How C sources are built.
   * @returns The image, with the validator's warnings.
   * @throws {SystemCheckError} Listing every diagnostic when there is an error.
   * @throws {DslError} For a builder mistake or a program that cannot be made.
   */
  compile(options: CompileOptions = {}): Promise<CompiledImage> {
    const config = this.config();
    const programs = this.#partitions.flatMap((p) =>
      p.draft.program === undefined ? [] : [{
        partitionId: p.draft.id,
        program: p.draft.program,
        call: (p.draft.programCall ?? p.label).startsWith("system(")
          ? p.draft.programCall ?? p.label
          : `${this.label}.${p.draft.programCall}`,
      }]
    );
    return compileSystem(config, programs, this.label, this.#baseDir, options);
  }

  /**
   * The configuration as XM_CF XML with the xmbench extension (board,
   * programs, costs): see `program_source.ts` for how each program is
   * written. `system.fromXml(xml)` gives the same configuration back.
   *
   * By default program paths are written as given. With `paths:
   * "absolute"` (what `xmbench xml SCENARIO.ts` writes, the XML's place
   * being unknown), relative ELF, raw and C source paths are made absolute
   * from the builder's base directory, and a program given as bytes is an
   * error (XML cannot carry it: `saveXml` writes it beside the XML).
   *
   * @param options How program paths are written.
   * @returns The document.
   * @throws {DslError} For a builder mistake, or bytes with `paths: "absolute"`.
   */
  toXml(options: XmlOptions = {}): string {
    const config = this.config();
    if (options.paths !== "absolute") return writeConfigXml(config);
    return writeConfigXml(this.#withPaths(config, undefined));
  }

  /** The base directory relative program paths are read from (`baseDir`), when set. */
  get programBaseDir(): string | undefined {
    return this.#baseDir;
  }

  /**
   * The configuration with relative program paths rewritten for an XML
   * file in `dir` (relative to it), or absolute when `dir` is undefined
   * (then a program given as bytes is an error).
   */
  #withPaths(config: SystemConfig, dir: string | undefined): SystemConfig {
    const base = this.#baseDir ?? Deno.cwd();
    const place = (path: string) => {
      const abs = resolve(base, path);
      return dir === undefined ? abs : relative(dir, abs);
    };
    const programs = config.xmbench.programs.map((prog) => {
      const draft = this.getPartition(prog.partitionId)?.draft;
      const from = draft?.program;
      if (
        typeof from === "object" && !(from instanceof PartitionProgram) && from.kind === "file" &&
        typeof from.from !== "string"
      ) {
        if (dir !== undefined) return prog;
        throw new DslError(
          draft?.programCall ?? this.label,
          `a program given as bytes cannot be written in XML on its own: ` +
            `use saveXml(path), which writes it beside the XML as ${prog.file}, ` +
            `or give the program as a file (elf("p.elf"))`,
        );
      }
      if (prog.source?.kind === "c") {
        return { ...prog, source: { ...prog.source, files: prog.source.files.map(place) } };
      }
      if (prog.source === undefined) return { ...prog, file: place(prog.file) };
      return prog;
    });
    return { ...config, xmbench: { ...config.xmbench, programs } };
  }

  /**
   * Writes {@linkcode SystemBuilder.toXml} to `path`, and beside it the
   * programs given as bytes (`elf(bytes)`, `raw(bytes)`) under the file
   * names the XML gives them, so that `system.fromXmlFile(path)` rebuilds
   * the same system. Relative program paths are rewritten relative to the
   * XML file (they are read from the builder's base directory).
   *
   * @param path The XML file.
   */
  async saveXml(path: string): Promise<void> {
    const dir = dirname(resolve(path));
    const config = this.config();
    const sameDir = resolve(this.#baseDir ?? Deno.cwd()) === dir;
    await Deno.writeTextFile(path, writeConfigXml(sameDir ? config : this.#withPaths(config, dir)));
    for (const p of this.#partitions) {
      const prog = p.draft.program;
      if (
        typeof prog === "object" && !(prog instanceof PartitionProgram) && prog.kind === "file" &&
        typeof prog.from !== "string"
      ) {
        const file = config.xmbench.programs.find((x) => x.partitionId === p.draft.id)!.file;
        await Deno.writeFile(`${dir}/${file}`, prog.from);
      }
    }
  }

  /**
   * Compiles and runs the system (`runImage` of `run.ts`).
   *
   * @param options The run's options (`for`, `until`, faults...).
   * @returns The run.
   */
  async run(options: import("./run.ts").RunOptions): Promise<import("./run.ts").Run> {
    const { runImage } = await import("./run.ts");
    return runImage(await this.compile(), options);
  }
}

recordInsteadOfThrowing(SystemBuilder.prototype, [
  "version",
  "board",
  "hypervisor",
  "partition",
  "plan",
  "channel",
  "cost",
  "residentArea",
  "residentAreas",
  "baseDir",
]);
recordInsteadOfThrowing(BoardBuilder.prototype, [
  "profile",
  "frequency",
  "region",
  "ram",
  "rom",
  "uart",
  "memoryBlock",
  "nullDevice",
  "features",
  "cpuConsole",
  "timers",
  "nwindows",
  "fpu",
  "memoryFromLayout",
]);
recordInsteadOfThrowing(HypervisorBuilder.prototype, ["memory", "console", "hm", "watchdog"]);
recordInsteadOfThrowing(ChannelBuilder.prototype, ["from", "to"]);

/**
 * A builder holding exactly a configuration: `config()` gives it back (deep
 * equal), and the builder can be changed further. Programs come from
 * `xmbench.programs` (files relative to `baseDir`, C sources, inline
 * assembly).
 *
 * @param config The configuration (one processor).
 * @param baseDir Where its program files are.
 * @returns The builder.
 * @throws {DslError} For a configuration the DSL cannot hold (more than one processor).
 */
export function systemFromConfig(config: SystemConfig, baseDir?: string): SystemBuilder {
  const s = new SystemBuilder(config.name);
  if (config.hardware.processors.length !== 1) {
    throw new DslError(
      s.label,
      `expected one processor (the DSL describes single-core LEON3 systems), found ${config.hardware.processors.length}`,
    );
  }
  s.version(config.version);
  if (baseDir !== undefined) s.baseDir(baseDir);
  const cpu = config.hardware.processors[0];
  s.board((b) => {
    const d = b.draft;
    d.profile = config.xmbench.board;
    d.frequency = cpu.frequency ?? null;
    d.regions = config.hardware.memoryRegions.map((r) => ({ ...r }));
    d.devices = config.hardware.devices.map((x) => ({ ...x }));
    d.features = [...cpu.features];
    d.cpuConsole = cpu.console;
    d.overrides = { ...config.xmbench.boardOverrides };
  });
  s.hypervisor((h) => {
    const d = h.draft;
    const hv = config.hypervisor;
    d.console = hv.console ?? null;
    d.size = hv.memoryArea.size;
    d.flags = [...hv.memoryArea.flags];
    d.hm.push(...hv.healthMonitor.map((e) => ({ ...e })));
    d.watchdog = hv.watchdog === undefined ? undefined : { ...hv.watchdog };
  });
  if (config.residentSoftware !== undefined) s.residentAreas(config.residentSoftware.memoryAreas);
  for (const pc of config.partitions) {
    s.partition(pc.id, pc.name, (p) => {
      const d = p.draft;
      d.console = pc.console ?? null;
      d.flags = [...pc.flags];
      d.entryPoint = pc.entryPoint;
      d.areas.push(...pc.memoryAreas.map((a) => ({ ...a, flags: [...a.flags] })));
      d.temporal = pc.temporalRequirements === undefined
        ? undefined
        : { ...pc.temporalRequirements };
      d.hm.push(...pc.healthMonitor.map((e) => ({ ...e })));
      d.ioPorts.push(...pc.ioPorts.map((x) => ({ ...x })));
      d.interrupts.push(...pc.interrupts);
      d.ports.push(...pc.ports.map((x) => ({ ...x })));
    });
  }
  for (const prog of config.xmbench.programs) {
    const p = s.getPartition(prog.partitionId);
    if (p === undefined) continue; // the validator reports it
    const src = prog.source;
    p.draft.program = src === undefined
      ? { kind: "file", format: prog.format, from: prog.file }
      : src.kind === "c"
      ? { kind: "c", files: [...src.files] }
      : { kind: "assembly", text: src.text };
    p.draft.programCall = `${p.label}.program()`;
    p.draft.programFile = prog.file;
    p.draft.programSeq = nextProgramSeq();
  }
  for (const pl of cpu.plans) {
    const b = new PlanBuilder(pl.id, pl.majorFrame, pl.name);
    s.plan(b);
    for (const slot of pl.slots) {
      b.slot(slot.start, slot.duration, slot.partitionId, {
        id: slot.id,
        vCpuId: slot.vCpuId,
        flags: slot.flags,
      });
    }
  }
  for (const c of config.channels) s.channel(channelFromConfig(c));
  for (const [name, cycles] of Object.entries(config.xmbench.costs)) s.cost(name, cycles);
  return s;
}

function channelFromConfig(c: ChannelConfig): ChannelBuilder {
  switch (c.kind) {
    case "ipvi":
      return ipvi(c.id, c.sourceId, ...c.destinationIds);
    case "sampling": {
      const b = sampling(c.maxMessageLength, { refresh: c.refreshPeriod });
      b.from(c.source);
      for (const d of c.destinations) b.to(d);
      return b;
    }
    case "queuing": {
      const b = queuing(c.maxMessageLength, c.maxNoMessages, { expiration: c.maxTimeExpiration });
      b.from(c.source);
      for (const d of c.destinations) b.to(d);
      return b;
    }
  }
}

/** The `system` function with its XML entry points (see {@linkcode system}). */
export interface SystemFactory {
  /**
   * Starts a system.
   *
   * @param name The system's name (`SystemDescription@name`).
   * @returns The builder.
   */
  (name: string): SystemBuilder;
  /**
   * A builder holding exactly a configuration (see {@linkcode systemFromConfig}).
   *
   * @param config The configuration.
   * @param baseDir Where its program files are.
   * @returns The builder.
   */
  fromConfig(config: SystemConfig, baseDir?: string): SystemBuilder;
  /**
   * A builder holding the configuration of an XM_CF document (with the
   * xmbench extension): `system.fromXml(s.toXml()).config()` deep-equals
   * `s.config()`. Program files are relative to the working directory.
   *
   * @param text The document.
   * @param file Its name, for positions.
   * @returns The builder.
   * @throws {XmlConfigError} Listing every reader error.
   */
  fromXml(text: string, file?: string): SystemBuilder;
  /**
   * A builder holding the configuration of an XM_CF file, its programs from
   * `xmb:Programs` (relative to the file) or from `programs`, by partition id.
   *
   * @param path The file.
   * @param programs Programs for partitions, by id (over `xmb:Programs`).
   * @returns The builder.
   * @throws {XmlConfigError} Listing every reader error.
   */
  fromXmlFile(
    path: string,
    programs?: Readonly<Record<number, ProgramInput<PartitionKind>>>,
  ): Promise<SystemBuilder>;
}

/**
 * Starts a system builder (see the module documentation); also
 * `system.fromConfig(config)`. XML: `fromXml`, `fromXmlFile` of `xml.ts`.
 *
 * @example
 * ```ts ignore
 * const image = await system("demo")
 *   .partition(0, "P0", (p) => p.area(0x40100000, "64KB").program((x) => x.print("hi\n")))
 *   .plan(0, "10ms", (pl) => pl.slot("0ms", "10ms", 0))
 *   .compile();
 * ```
 */
export const system: SystemFactory = Object.assign(
  (name: string) => new SystemBuilder(name),
  {
    fromConfig: systemFromConfig,
    fromXml: (text: string, file?: string) => systemFromConfig(readSystemXml(text, file).config),
    fromXmlFile: async (
      path: string,
      programs: Readonly<Record<number, ProgramInput<PartitionKind>>> = {},
    ) => {
      const { config } = await readSystemXmlFile(path);
      const s = systemFromConfig(config, dirname(resolve(path)));
      for (const [id, program] of Object.entries(programs)) {
        const p = s.getPartition(Number(id));
        if (p === undefined) {
          throw new DslError(
            `system.fromXmlFile(${show(path)}, { ${id}: … })`,
            `expected a partition of the configuration, found id ${id}`,
          );
        }
        (p as PartitionBuilder<"system">).program(program as ProgramInput<"system">);
      }
      return s;
    },
  },
);
