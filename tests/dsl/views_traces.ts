/**
 * Traces for the view tests (`views_*_test.ts`): a synthetic story with
 * every event kind, and real traces from booting the committed ELFs and
 * XtratuM configurations of `tests/fixtures/kernel_e2e/` for 100 ms.
 *
 * @module
 */
import { readConfigXml } from "../../src/image/xml/read.ts";
import { makeImage } from "../../src/image/image.ts";
import { Kernel } from "../../src/kernel/kernel.ts";
import type { EventKind, EventOf, KernelEvent } from "../../src/kernel/trace.ts";
import type { Trace } from "../../src/kernel/trace_container.ts";

const E2E_DIR = decodeURIComponent(new URL("../fixtures/kernel_e2e/", import.meta.url).pathname);

/** The frequency of the synthetic story: 80 MHz, so that a cycle is 0.0125 µs. */
export const STORY_KHZ = 80_000;

/** One event of a kind, with its time given in cycles (µs derived at 80 MHz). */
function ev<K extends EventKind>(
  kind: K,
  cycle: number,
  fields: Omit<EventOf<K>, "kind" | "cycle" | "us">,
): EventOf<K> {
  return { kind, cycle, us: Math.floor(cycle * 1000 / STORY_KHZ), ...fields } as EventOf<K>;
}

/**
 * A small but coherent story with every event kind: boot, two partitions,
 * two major frames of plan 0 with a slot each, hypercalls, a console line,
 * port traffic, an XM trace record, a timer and its interrupt, a fault and
 * its HM event, a hypervisor HM event, a plan switch, an injected fault, a
 * system halt; the last slot stays open.
 */
export function story(): KernelEvent[] {
  const area = { name: null, start: 0x40100000, size: 0x10000, mappedAt: 0x40100000, flags: [] };
  return [
    ev("boot", 0, { version: "1.0.8", board: "leon3-grlib", frequencyKhz: STORY_KHZ }),
    ev("partition-created", 0, {
      partition: 0,
      name: "ctrl",
      flags: ["system", "boot"],
      areas: [area],
    }),
    ev("partition-state", 0, {
      partition: 0,
      from: "halted",
      to: "ready",
      reason: "boot",
      by: "hypervisor",
    }),
    ev("partition-created", 0, { partition: 1, name: null, flags: ["boot"], areas: [] }),
    ev("partition-state", 0, {
      partition: 1,
      from: "halted",
      to: "ready",
      reason: "boot",
      by: "hypervisor",
    }),
    ev("console", 0, { source: "hypervisor", text: "XM Hypervisor (1.0 r8)\n" }),
    ev("major-frame-start", 0, { processor: 0, plan: 0, frame: 0 }),
    ev("slot-start", 0, { processor: 0, plan: 0, slot: 0, partition: 0 }),
    ev("context-switch", 0, { processor: 0, from: "idle", to: 0 }),
    ev("hypercall", 20_001, {
      partition: 0,
      asm: false,
      number: 8,
      name: "get_time",
      args: [0, 0x40081000],
      result: 0,
      resultName: "XM_OK",
      reason: null,
    }),
    ev("console", 30_000, { source: 0, text: 'hello "world"\n' }),
    ev("hypercall", 30_641, {
      partition: 0,
      asm: false,
      number: 11,
      name: "write_object",
      args: [0x00100000, 0x40103000, 14, 0],
      result: 14,
      resultName: null,
      reason: null,
    }),
    ev("port", 40_000, {
      partition: 0,
      port: "SPEED",
      operation: "write",
      size: 32,
      valid: true,
      result: 0,
      resultName: "XM_OK",
    }),
    ev("hypercall", 41_500, {
      partition: 0,
      asm: false,
      number: 40,
      name: null,
      args: [1, 2],
      result: -1,
      resultName: "XM_UNKNOWN_HYPERCALL",
      reason: "no such hypercall",
    }),
    ev("partition-trace", 50_000, { partition: 0, payload: "0001020304050607", dropped: false }),
    ev("timer", 60_000, { partition: 0, clock: "hw", due: 700, firedAt: 750 }),
    ev("virtual-interrupt", 60_000, { partition: 0, vector: 224 }),
    ev("fault", 70_000, {
      partition: 0,
      tt: 0x09,
      trap: "data_access_exception",
      address: 0x40200000,
      access: "write",
      pc: 0x40100124,
    }),
    ev("hm-event", 70_000, {
      event: "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION",
      number: 27,
      partition: 0,
      action: "XM_HM_AC_PROPAGATE",
      logged: true,
    }),
    ev("fault-injected", 75_000, {
      fault: "register-bit-flip",
      partition: 0,
      target: "%o0 bit 31",
      applied: true,
    }),
    ev("partition-state", 79_000, {
      partition: 0,
      from: "ready",
      to: "idle",
      reason: "idle",
      by: 0,
    }),
    ev("context-switch", 80_000, { processor: 0, from: 0, to: "idle" }),
    ev("idle", 80_000, { processor: 0, untilCycle: 400_000, untilUs: 5000 }),
    ev("slot-end", 400_000, { processor: 0, plan: 0, slot: 0, partition: 0 }),
    ev("slot-start", 400_000, { processor: 0, plan: 0, slot: 1, partition: 1 }),
    ev("context-switch", 400_000, { processor: 0, from: "idle", to: 1 }),
    ev("hm-event", 500_000, {
      event: "XM_HM_EV_WATCHDOG_TIMER",
      number: 8,
      partition: "hypervisor",
      action: "XM_HM_AC_IGNORE",
      logged: false,
    }),
    ev("fault-injected", 550_000, {
      fault: "memory-bit-flip",
      partition: null,
      target: "physical 0x40100010 bit 3",
      applied: false,
    }),
    ev("context-switch", 700_000, { processor: 0, from: 1, to: "idle" }),
    ev("slot-end", 800_000, { processor: 0, plan: 0, slot: 1, partition: 1 }),
    ev("plan-switch", 800_000, {
      processor: 0,
      from: 0,
      to: 1,
      requestedCycle: 450_000,
      requestedUs: 5625,
      requestedBy: 0,
    }),
    ev("major-frame-start", 800_000, { processor: 0, plan: 1, frame: 1 }),
    ev("slot-start", 800_000, { processor: 0, plan: 1, slot: 0, partition: 1 }),
    ev("context-switch", 800_000, { processor: 0, from: "idle", to: 1 }),
    ev("system", 900_000, { action: "halt", by: 0 }),
  ];
}

/** A real system from `tests/fixtures/kernel_e2e/`: its XML and one ELF per partition. */
export interface RealSystem {
  /** The configuration file. */
  readonly xml: string;
  /** Partition i runs `elfs[i]`. */
  readonly elfs: readonly string[];
}

/** The real systems the view tests export: hello, isolation faults, management, division by zero. */
export const REAL_SYSTEMS: readonly RealSystem[] = [
  { xml: "hello.xml", elfs: ["hello_p0.elf", "hello_p1.elf"] },
  { xml: "isolation.xml", elfs: ["victim.elf", "attacker.elf"] },
  { xml: "manage.xml", elfs: ["manage.elf", "managed.elf"] },
  { xml: "divzero_propagate.xml", elfs: ["divzero.elf"] },
  { xml: "perm.xml", elfs: ["perm.elf", "hello_p1.elf"] },
];

const booted = new Map<string, Trace>();

/**
 * The kernel trace of a real system booted on leon3-grlib (kernel log on)
 * and run for 100 ms; cached per system.
 *
 * @param system The system.
 * @returns Its trace.
 */
export function realTrace(system: RealSystem): Trace {
  const key = `${system.xml}:${system.elfs.join(",")}`;
  let trace = booted.get(key);
  if (trace === undefined) {
    const r = readConfigXml(Deno.readTextFileSync(`${E2E_DIR}${system.xml}`), system.xml);
    if (r.config === undefined) throw new Error(`${system.xml}: ${JSON.stringify(r.diagnostics)}`);
    const payloads = system.elfs.map((name, id) => ({
      partitionId: id,
      format: "elf" as const,
      bytes: Deno.readFileSync(`${E2E_DIR}${name}`),
    }));
    const kernel = Kernel.boot(makeImage(r.config, "leon3-grlib", payloads), {
      kernelLog: true,
      uart: () => {},
    });
    kernel.run(100_000);
    trace = kernel.trace;
    booted.set(key, trace);
  }
  return trace;
}
