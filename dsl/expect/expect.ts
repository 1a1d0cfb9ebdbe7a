/**
 * `expect(run)`: assertions on a {@linkcode Run}, shaped like Playwright's
 * `expect`. Each matcher checks the run, and on failure throws an
 * {@linkcode ExpectationFailed} (an `AssertionError`) whose message is a
 * report: the call, what was expected, what happened, and the trace around
 * it as a timeline. `.not` negates the next matcher. In plain scripts, wrap
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
  /** The call so far, e.g. `expect(run).partition(1)`. */
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
  if (result.pass !== chain.isNot) return;
  const shown = args.filter((a) => a !== undefined).map(arg).join(", ");
  const call = `${chain.call}${chain.isNot ? ".not" : ""}.${name}(${shown})`;
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
    return { ...this.chain, isNot: !this.chain.isNot };
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

  /** It printed lines matching each pattern, in this order. */
  toHaveLinesInOrder(patterns: readonly TextPattern[]): void {
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
    this.check(
      "toHaveTraffic",
      [Object.keys(filter).length === 0 ? undefined : filter, count],
      traffic(this.chain.run, this.name, filter, count),
    );
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
    this.check(
      "toHaveEvent",
      [Object.keys(filter).length === 0 ? undefined : filter, count],
      hmEvent(this.chain.run, filter, count),
    );
  }

  /** Its log held a matching record at the end of the run (`health.ts`). */
  toHaveLogged(filter: Omit<HmFilter, "action" | "logged"> = {}): void {
    this.check(
      "toHaveLogged",
      [Object.keys(filter).length === 0 ? undefined : filter],
      hmLogged(this.chain.run, filter),
    );
  }
}

/** Assertions on a whole run (`expect(run)`). */
export class RunAssertions extends Assertions {
  /** The next matcher negated. */
  get not(): RunAssertions {
    return new RunAssertions(this.negated());
  }

  #sub(call: string): Chain {
    return {
      run: this.chain.run,
      call: `${this.chain.call}${this.chain.isNot ? ".not" : ""}.${call}`,
      isNot: false,
    };
  }

  /** Assertions on a partition. */
  partition(id: number): PartitionAssertions {
    this.chain.run.stateOf(id); // checks the id
    return new PartitionAssertions(this.#sub(`partition(${id})`), id);
  }

  /** Assertions on a console: a partition's, the kernel's (`"hypervisor"`) or the UART's (`"uart"`). */
  console(source: ConsoleSource): ConsoleAssertions {
    if (typeof source === "number") this.chain.run.stateOf(source);
    return new ConsoleAssertions(this.#sub(`console(${arg(source)})`), source);
  }

  /** Assertions on a port, by its configured name. */
  port(name: string): PortAssertions {
    return new PortAssertions(this.#sub(`port(${arg(name)})`), name);
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
