/**
 * `expect(run)`: assertions on a {@linkcode Run}, shaped like Playwright's
 * `expect`. Each matcher checks the run, and on failure throws an
 * {@linkcode ExpectationFailed} (an `AssertionError`) whose message is a
 * report: the call, what was expected, what happened, and the trace around
 * it as a timeline. `.not` negates the matcher that ends the chain, wherever
 * it is written: `expect(run).not.console(0).toContain("x")` is
 * `expect(run).console(0).not.toContain("x")` (two negate each other). A
 * partition or port that does not exist in the system, anywhere in the
 * chain or a filter, is a usage error ({@linkcode DslError}), negated or
 * not; a matcher the run cannot judge (a time after its end, fewer frames
 * than asked for) fails, negated or not. In plain scripts, wrap
 * the assertions in `scenario()` (`scenario.ts`) to exit with status 3 and
 * the report on stderr.
 *
 * ```ts ignore
 * import { expect } from "./expect.ts";
 * expect(run).console(1).toPrint("done", { before: "30ms" });
 * expect(run).partition(1).toRunOnlyInItsSlots();
 * expect(run).partition(0).toStartSlotsOnTime();
 * expect(run).partition(2).toHaveViolated({ access: "write", address: 0x40100000, action: "XM_HM_AC_HALT" });
 * expect(run).partition(1).toBeUnaffectedComparedTo(reference);
 * expect(run).port("SPEED").toHaveTraffic({ operation: "write", size: 4 }, 3);
 * expect(run).hm.toHaveEvent({ event: "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION", partition: 2 });
 * expect(run).not.toHaveStopped("system-halted");
 * ```
 *
 * The matcher families live one per file beside this one: `timing.ts`,
 * `memory.ts`, `console.ts`, `ports.ts`, `health.ts`, `state.ts`; the
 * report in `report.ts`.
 *
 * @module
 */
import type { PartitionState } from "../../src/kernel/trace.ts";
import type { Run, StopReason } from "../run.ts";
import type { Time } from "../units.ts";
import { DslError } from "../errors.ts";
import {
  type ConsoleSource,
  printed,
  printedExactly,
  printedInOrder,
  type PrintOptions,
  type TextPattern,
} from "./console.ts";
import { hmEvent, type HmFilter, hmLogged } from "./health.ts";
import {
  memoryEquals,
  unaffected,
  type UnaffectedOptions,
  violated,
  type ViolationFilter,
} from "./memory.ts";
import { type Count, traffic, type TrafficFilter } from "./ports.ts";
import { countAssertion, ExpectationFailed, formatReport, type MatchResult } from "./report.ts";
import { inState, stoppedBecause } from "./state.ts";
import {
  type JitterOptions,
  onlyInSlots,
  planSwitchAtBoundary,
  slotsOnTime,
  startJitter,
  timersOnTime,
  type WithinOptions,
} from "./timing.ts";

/** Where an assertion chain is: the run, the call so far, whether negated. */
export interface Chain {
  /** The run asserted on. */
  readonly run: Run;
  /** The call so far as written, `.not` included, e.g. `expect(run).not.partition(1)`. */
  readonly call: string;
  /** Whether the next matcher is negated (`.not`). */
  readonly isNot: boolean;
}

/** How an argument is written in the call of a report. */
function arg(v: unknown): string {
  if (v instanceof RegExp) return String(v);
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  if (typeof v === "object" && v !== null && "trace" in v && "endUs" in v) return "reference";
  if (typeof v === "number" && Number.isInteger(v) && v >= 0x10000) return `0x${v.toString(16)}`;
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    return `{ ${
      Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => `${k}: ${arg(x)}`).join(
        ", ",
      )
    } }`;
  }
  if (Array.isArray(v)) return `[${v.map(arg).join(", ")}]`;
  return JSON.stringify(v) ?? String(v);
}

/** The whole call of a matcher, as written. */
function callOf(chain: Chain, name: string, args: readonly unknown[]): string {
  const shown = args.filter((a) => a !== undefined).map(arg).join(", ");
  return `${chain.call}.${name}(${shown})`;
}

/** The partition ids of the run's system, for messages. */
function partitionList(run: Run): string {
  const ids = run.config.partitions.map((p) =>
    p.name === undefined ? `${p.id}` : `${p.id} (${p.name})`
  );
  return ids.length === 0
    ? "the system has no partitions"
    : `the system's partitions are: ${ids.join(", ")}`;
}

/** The id of a partition named by id or by name; a usage error for `call` when there is none. */
function partitionId(run: Run, call: string, ref: number | string): number {
  if (typeof ref === "number") {
    checkPartition(run, call, ref);
    return ref;
  }
  const p = run.config.partitions.find((q) => q.name === ref);
  if (p === undefined) {
    throw new DslError(call, `there is no partition named ${arg(ref)}: ${partitionList(run)}`);
  }
  return p.id;
}

/** Throws a usage error for `call` when `id` is no partition of the run's system. */
function checkPartition(run: Run, call: string, id: number, what?: string): void {
  if (run.config.partitions.some((p) => p.id === id)) return;
  throw new DslError(
    call,
    `${what === undefined ? "" : `${what}: `}there is no partition ${arg(id)}: ${
      partitionList(run)
    }`,
  );
}

/** The configured port names of the run's system, in configuration order. */
function portNames(run: Run): string[] {
  const names: string[] = [];
  for (const p of run.config.partitions) {
    for (const q of p.ports) if (!names.includes(q.name)) names.push(q.name);
  }
  return names;
}

/** Runs a matcher in a chain: counts it, throws the report when it fails. */
function check(
  chain: Chain,
  name: string,
  args: readonly unknown[],
  result: MatchResult,
  // deno-lint-ignore ban-types
  matcher?: Function,
): void {
  countAssertion();
  if (result.pass !== chain.isNot && result.unjudgeable !== true) return;
  const call = callOf(chain, name, args);
  throw new ExpectationFailed(
    call,
    result,
    formatReport(call, result, chain.run.trace, { isNot: chain.isNot }),
    matcher,
  );
}

/** The base of every assertion object: a chain and its `.not`. */
export abstract class Assertions {
  /** The chain. */
  protected readonly chain: Chain;

  /**
   * An assertion object.
   *
   * @param chain The run, the call so far, whether negated.
   */
  constructor(chain: Chain) {
    this.chain = chain;
  }

  /** Runs a matcher. */
  protected check(name: string, args: readonly unknown[], result: MatchResult): void {
    // the matcher method is the user's call: the stack starts at its caller
    check(this.chain, name, args, result, (this as unknown as Record<string, () => void>)[name]);
  }

  /** The chain negated. */
  protected negated(): Chain {
    return { ...this.chain, call: `${this.chain.call}.not`, isNot: !this.chain.isNot };
  }

  /**
   * Throws a usage error naming the matcher's call when `id` (a partition
   * in a filter) is no partition of the system.
   */
  protected checkPartitionArg(
    name: string,
    args: readonly unknown[],
    id: unknown,
    what: string,
  ): void {
    if (typeof id !== "number") return;
    checkPartition(this.chain.run, callOf(this.chain, name, args), id, what);
  }
}

/** Assertions on one partition: timing, memory, state. */
export class PartitionAssertions extends Assertions {
  /** The partition. */
  readonly id: number;

  /**
   * Assertions on a partition.
   *
   * @param chain The chain.
   * @param id The partition.
   */
  constructor(chain: Chain, id: number) {
    super(chain);
    this.id = id;
  }

  /** The next matcher negated. */
  get not(): PartitionAssertions {
    return new PartitionAssertions(this.negated(), this.id);
  }

  /**
   * Each of its slots started and ended at the planned time, late by at
   * most the modelled kernel overhead (`timing.ts`).
   */
  toStartSlotsOnTime(options: WithinOptions = {}): void {
    this.check(
      "toStartSlotsOnTime",
      [options.within === undefined ? undefined : options],
      slotsOnTime(this.chain.run, this.id, options),
    );
  }

  /** It held the processor only inside its slots (`timing.ts`). */
  toRunOnlyInItsSlots(options: WithinOptions = {}): void {
    this.check(
      "toRunOnlyInItsSlots",
      [options.within === undefined ? undefined : options],
      onlyInSlots(this.chain.run, this.id, options),
    );
  }

  /** The jitter of its start over frames is at most `max` (`timing.ts`). */
  toHaveStartJitterAtMost(max: Time, options: JitterOptions = {}): void {
    this.check("toHaveStartJitterAtMost", [
      max,
      Object.keys(options).length === 0 ? undefined : options,
    ], startJitter(this.chain.run, this.id, max, options));
  }

  /** Its virtual timers fired at their due times (`timing.ts`). */
  toFireTimersOnTime(options: WithinOptions & { readonly clock?: "hw" | "exec" } = {}): void {
    this.check(
      "toFireTimersOnTime",
      [Object.keys(options).length === 0 ? undefined : options],
      timersOnTime(this.chain.run, this.id, options),
    );
  }

  /** It printed `pattern`, before a deadline if given (`console.ts`). */
  toPrint(pattern: TextPattern, options: PrintOptions = {}): void {
    this.check(
      "toPrint",
      [pattern, options.before === undefined ? undefined : options],
      printed(this.chain.run, this.id, pattern, options),
    );
  }

  /**
   * It attempted an access it has no right to, matching the filter, and
   * the health monitor raised the event and took the action given
   * (`memory.ts`).
   */
  toHaveViolated(filter: ViolationFilter = {}): void {
    this.check(
      "toHaveViolated",
      [Object.keys(filter).length === 0 ? undefined : filter],
      violated(this.chain.run, this.id, filter),
    );
  }

  /** Its memory and console equal a reference run's (`memory.ts`). */
  toBeUnaffectedComparedTo(reference: Run, options: UnaffectedOptions = {}): void {
    this.check("toBeUnaffectedComparedTo", [
      reference,
      Object.keys(options).length === 0 ? undefined : options,
    ], unaffected(this.chain.run, this.id, reference, options));
  }

  /** The bytes at a virtual address of it equal `expected` or a reference run's (`memory.ts`). */
  toHaveMemory(address: number, size: number, expected: Uint8Array | Run): void {
    this.check(
      "toHaveMemory",
      [address, size, expected],
      memoryEquals(this.chain.run, this.id, address, size, expected),
    );
  }

  /** It was in `state` at a time (default: at the end) (`state.ts`). */
  toBeInState(state: PartitionState, options: { readonly at?: Time } = {}): void {
    // a time after the run's end fails whatever `.not` says (state.ts)
    this.check(
      "toBeInState",
      [state, options.at === undefined ? undefined : options],
      inState(this.chain.run, this.id, state, options.at),
    );
  }
}

/** Assertions on a console: a partition's, the kernel's, or the UART's. */
export class ConsoleAssertions extends Assertions {
  /** Whose console. */
  readonly source: ConsoleSource;

  /**
   * Assertions on a console.
   *
   * @param chain The chain.
   * @param source Whose console.
   */
  constructor(chain: Chain, source: ConsoleSource) {
    super(chain);
    this.source = source;
  }

  /** The next matcher negated. */
  get not(): ConsoleAssertions {
    return new ConsoleAssertions(this.negated(), this.source);
  }

  /** It printed `pattern` (a substring or a RegExp), before a deadline if given. */
  toPrint(pattern: TextPattern, options: PrintOptions = {}): void {
    this.check(
      "toPrint",
      [pattern, options.before === undefined ? undefined : options],
      printed(this.chain.run, this.source, pattern, options),
    );
  }

  /** Its text contains `text` (same as `toPrint(text)`). */
  toContain(text: string): void {
    this.check("toContain", [text], printed(this.chain.run, this.source, text));
  }

  /** Its text matches `re`. */
  toMatch(re: RegExp): void {
    this.check("toMatch", [re], printed(this.chain.run, this.source, re));
  }

  /** Its whole text equals `text`. */
  toEqual(text: string): void {
    this.check("toEqual", [text], printedExactly(this.chain.run, this.source, text));
  }

  /** It printed lines matching each pattern, in this order (at least one pattern). */
  toHaveLinesInOrder(patterns: readonly TextPattern[]): void {
    if (patterns.length === 0) {
      throw new DslError(
        callOf(this.chain, "toHaveLinesInOrder", [patterns]),
        "patterns: expected at least one pattern, found none",
      );
    }
    this.check(
      "toHaveLinesInOrder",
      [patterns],
      printedInOrder(this.chain.run, this.source, patterns),
    );
  }
}

/** Assertions on a port's traffic. */
export class PortAssertions extends Assertions {
  /** The port's name. */
  readonly name: string;

  /**
   * Assertions on a port.
   *
   * @param chain The chain.
   * @param name The port's configured name.
   */
  constructor(chain: Chain, name: string) {
    super(chain);
    this.name = name;
  }

  /** The next matcher negated. */
  get not(): PortAssertions {
    return new PortAssertions(this.negated(), this.name);
  }

  /** It carried operations matching `filter`, `count` of them (default at least one) (`ports.ts`). */
  toHaveTraffic(filter: TrafficFilter = {}, count?: Count): void {
    const args = [Object.keys(filter).length === 0 ? undefined : filter, count];
    this.checkPartitionArg("toHaveTraffic", args, filter.partition, "partition");
    this.check("toHaveTraffic", args, traffic(this.chain.run, this.name, filter, count));
  }
}

/** Assertions on the health monitor. */
export class HmAssertions extends Assertions {
  /** The next matcher negated. */
  get not(): HmAssertions {
    return new HmAssertions(this.negated());
  }

  /** It handled an event matching `filter` (`count` times, if given) (`health.ts`). */
  toHaveEvent(filter: HmFilter = {}, count?: number): void {
    const args = [Object.keys(filter).length === 0 ? undefined : filter, count];
    this.checkPartitionArg("toHaveEvent", args, filter.partition, "partition");
    this.check("toHaveEvent", args, hmEvent(this.chain.run, filter, count));
  }

  /** Its log held a matching record at the end of the run (`health.ts`). */
  toHaveLogged(filter: Omit<HmFilter, "action" | "logged"> = {}): void {
    const args = [Object.keys(filter).length === 0 ? undefined : filter];
    this.checkPartitionArg("toHaveLogged", args, filter.partition, "partition");
    this.check("toHaveLogged", args, hmLogged(this.chain.run, filter));
  }
}

/** Assertions on a whole run (`expect(run)`). */
export class RunAssertions extends Assertions {
  /** The next matcher negated, also through a sub-chain (`expect(run).not.console(0)...`). */
  get not(): RunAssertions {
    return new RunAssertions(this.negated());
  }

  /** A sub-chain: the call extended, the negation (`.not` before it) carried into it. */
  #sub(call: string): Chain {
    return { run: this.chain.run, call: `${this.chain.call}.${call}`, isNot: this.chain.isNot };
  }

  /**
   * Assertions on a partition, named by id or by name (`partition(1)`, `partition("Sensor")`).
   *
   * @throws {DslError} When the system has no such partition (listing those it has).
   */
  partition(ref: number | string): PartitionAssertions {
    const chain = this.#sub(`partition(${arg(ref)})`);
    return new PartitionAssertions(chain, partitionId(this.chain.run, chain.call, ref));
  }

  /**
   * Assertions on a console: a partition's (by id or name), the kernel's
   * (`"hypervisor"`) or the UART's (`"uart"`).
   *
   * @throws {DslError} When the system has no such partition (listing those it has).
   */
  console(source: ConsoleSource | (string & Record<never, never>)): ConsoleAssertions {
    const chain = this.#sub(`console(${arg(source)})`);
    const resolved: ConsoleSource = source === "hypervisor"
      ? "hypervisor"
      : source === "uart"
      ? "uart"
      : partitionId(this.chain.run, chain.call, source);
    return new ConsoleAssertions(chain, resolved);
  }

  /**
   * Assertions on a port, by its configured name.
   *
   * @throws {DslError} When no partition of the system has a port of that name (listing those that exist).
   */
  port(name: string): PortAssertions {
    const chain = this.#sub(`port(${arg(name)})`);
    const names = portNames(this.chain.run);
    if (!names.includes(name)) {
      const near = names.find((n) => n.toLowerCase() === String(name).toLowerCase());
      throw new DslError(
        chain.call,
        `there is no port ${arg(name)}${
          near === undefined ? "" : ` (did you mean ${arg(near)}?)`
        }: ${
          names.length === 0
            ? "the system has no ports"
            : `the system's ports are: ${names.map((n) => arg(n)).join(", ")}`
        }`,
      );
    }
    return new PortAssertions(chain, name);
  }

  /** Assertions on the health monitor. */
  get hm(): HmAssertions {
    return new HmAssertions(this.#sub("hm"));
  }

  /** A plan switch (to `to`, if given) took effect at a major-frame boundary (`timing.ts`). */
  toSwitchPlanAtFrameBoundary(options: { readonly to?: number } = {}): void {
    this.check(
      "toSwitchPlanAtFrameBoundary",
      [options.to === undefined ? undefined : options],
      planSwitchAtBoundary(this.chain.run, options),
    );
  }

  /** The run stopped for `reason` (`state.ts`). */
  toHaveStopped(reason: StopReason): void {
    this.check("toHaveStopped", [reason], stoppedBecause(this.chain.run, reason));
  }
}

/**
 * Assertions on a run (see the module documentation).
 *
 * @param run The run.
 * @returns The assertions.
 */
export function expect(run: Run): RunAssertions {
  return new RunAssertions({ run, call: "expect(run)", isNot: false });
}

export { ExpectationFailed, type MatchResult, type WindowFocus } from "./report.ts";
export type { ConsoleSource, PrintOptions, TextPattern } from "./console.ts";
export type { HmFilter } from "./health.ts";
export type { UnaffectedOptions, ViolationFilter } from "./memory.ts";
export type { Count, TrafficFilter } from "./ports.ts";
export type { JitterOptions, WithinOptions } from "./timing.ts";
export type { PartitionState, Run, StopReason, Time };
export type {
  FaultAccess,
  HmActionName,
  HmEventName,
  PartitionOrHypervisor,
  PortOperation,
} from "../../src/kernel/trace.ts";
