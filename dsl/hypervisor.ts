/**
 * The hypervisor builder: XtratuM's own memory area (at the load address
 * 0x40000000; default 256 KB), its console (default: the board's first
 * UART), its HM table and its watchdog.
 *
 * ```ts ignore
 * system("demo").hypervisor((h) =>
 *   h.memory("256KB").hm("XM_HM_EV_WATCHDOG_TIMER", "XM_HM_AC_HYPERVISOR_COLD_RESET")
 *     .watchdog("1s", "100ms")
 * );
 * ```
 *
 * @module
 */
import type { AreaFlag, HmEntryConfig } from "../src/image/config.ts";
import { AREA_FLAGS } from "../src/image/config.ts";
import { DslError } from "./errors.ts";
import { type HmActionName, hmEntry, type HmEventName, type HmOptions } from "./hm.ts";
import { canonical } from "./partition.ts";
import { show, type Size, type Time, toBytes, toMicroseconds } from "./units.ts";

/** What a hypervisor builder holds. */
export interface HypervisorDraft {
  /** `console`: a device, `null` for none, `undefined` for the board's first UART. */
  console: string | null | undefined;
  /** `PhysicalMemoryArea@size`. */
  size: number;
  /** `PhysicalMemoryArea@flags`. */
  flags: AreaFlag[];
  /** `HealthMonitor`. */
  readonly hm: HmEntryConfig[];
  /** `Watchdog`. */
  watchdog: { initialValue: number; hwReloadValue: number } | undefined;
}

/** The hypervisor's default memory: 256 KB (XM-Q's examples). */
export const DEFAULT_HYPERVISOR_SIZE = 256 * 1024;

/** Builds the hypervisor's part of the configuration (see the module documentation). */
export class HypervisorBuilder {
  /** The hypervisor's fields so far. */
  readonly draft: HypervisorDraft = {
    console: undefined,
    size: DEFAULT_HYPERVISOR_SIZE,
    flags: [],
    hm: [],
    watchdog: undefined,
  };
  readonly #prefix: string;

  /**
   * Starts the builder; the system builder makes it.
   *
   * @param prefix The label of the call that made it, e.g. `system("demo").hypervisor()`.
   */
  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  #call(method: string, ...args: unknown[]): string {
    return `${this.#prefix}.${method}(${args.map(show).join(", ")})`;
  }

  /**
   * Sets the size (and flags) of XtratuM's memory area, which starts at the
   * load address 0x40000000; the kernel keeps its page tables and the
   * partitions' PCTs at its top.
   */
  memory(size: Size, flags: readonly AreaFlag[] = []): this {
    const call = this.#call("memory", size, ...(flags.length ? [flags] : []));
    for (const f of flags) {
      if (!(AREA_FLAGS as readonly string[]).includes(f)) {
        throw new DslError(
          call,
          `flags: expected some of ${AREA_FLAGS.join(", ")}, found ${show(f)}`,
        );
      }
    }
    this.draft.size = toBytes(call, "size", size);
    this.draft.flags = canonical(flags, AREA_FLAGS);
    return this;
  }

  /** Sets the device the hypervisor prints on; `null` for none. Default: the board's first UART. */
  console(device: string | null): this {
    this.draft.console = device;
    return this;
  }

  /**
   * Adds an entry to the hypervisor's HM table: what happens when `event`
   * is raised outside a partition's context (or is a system event).
   */
  hm(event: HmEventName, action: HmActionName, options: HmOptions = {}): this {
    this.draft.hm.push(hmEntry(this.#call("hm", event, action), event, action, options));
    return this;
  }

  /**
   * Configures the watchdog: it expires `initial` after boot unless a
   * system partition reloads it (`XM_reload_watchdog`), then resets the
   * board `hwReload` after its last reload.
   */
  watchdog(initial: Time, hwReload: Time): this {
    const call = this.#call("watchdog", initial, hwReload);
    this.draft.watchdog = {
      initialValue: toMicroseconds(call, "initial", initial),
      hwReloadValue: toMicroseconds(call, "hwReload", hwReload),
    };
    return this;
  }
}
