/**
 * Diagnostics of the validator named by builder call: a {@linkcode ConfigPath}
 * such as `PartitionTable/Partition[1]/PhysicalMemoryAreas/Area[0]@start`
 * becomes `system("demo").partition(1, "P1").area(0) start`, so that a
 * system declared in TypeScript is told where its problem is in its own
 * terms, while it is checked by the same validator as XML.
 *
 * | path                                              | call                                         |
 * | ------------------------------------------------- | -------------------------------------------- |
 * | (root)                                            | `system("demo")`                             |
 * | `HwDescription`, `…/Processor[0]`                 | `.board()`                                   |
 * | `…/MemoryLayout/Region[i]`                        | `.board().region(i)`                         |
 * | `…/Devices/Uart[i]`, `MemoryBlock[i]`, `Null[i]`  | `.board().uart("name")`, `.memoryBlock("name")`, `.nullDevice(i)` |
 * | `…/CyclicPlanTable/Plan[i]/Slot[j]`               | `.plan(id).slot(j)`                          |
 * | `XMHypervisor/…`                                  | `.hypervisor()`, `.memory()`, `.hm("EVENT")`, `.watchdog()` |
 * | `ResidentSw/PhysicalMemoryAreas/Area[i]`          | `.residentArea(i)`                           |
 * | `PartitionTable/Partition[i]/…`                   | `.partition(id, "name")`, `.area(k)`, `.temporal()`, `.hm("EVENT")`, `.ioRange(k)`, `.ioRestricted(k)`, `.interrupts()`, `.port("name")` |
 * | `Channels/*[i]`, `Source`, `Destination[j]`       | `.channel(n)` (n among all channels), `.from()`, `.to(j)` |
 * | `xmb:Board`, `xmb:Program[i]`, `xmb:Cost[i]`      | `.board()`, `.partition(id, "name").program()`, `.cost("name")` |
 *
 * An attribute follows after a space (`… start`); a path the table does not
 * know is given as it is, after the system (`system("demo") at PATH`).
 *
 * @module
 */
import type { ConfigPath, SystemConfig } from "../src/image/config.ts";
import type { Diagnostic } from "../src/image/diagnostic.ts";
import type { DslDiagnostic } from "./errors.ts";
import { show } from "./units.ts";

interface Step {
  readonly name: string;
  readonly index: number;
}

function parse(path: string): Step[] {
  if (path === "") return [];
  return path.split("/").map((s) => {
    const m = /^(.*)\[(\d+)\]$/.exec(s);
    return m ? { name: m[1], index: Number(m[2]) } : { name: s, index: 0 };
  });
}

function partitionCall(config: SystemConfig, index: number): string {
  const p = config.partitions[index];
  if (p === undefined) return `.partition(#${index})`;
  return `.partition(${p.id}${p.name === undefined ? "" : `, ${show(p.name)}`})`;
}

function partitionCallById(config: SystemConfig, id: number): string {
  const i = config.partitions.findIndex((p) => p.id === id);
  return i < 0 ? `.partition(${id})` : partitionCall(config, i);
}

/**
 * The builder call a configuration path is about.
 *
 * @param path The path (with or without an attribute).
 * @param config The configuration the path is in.
 * @param root The system's own call, e.g. `system("demo")`.
 * @returns E.g. `system("demo").partition(1, "P1").area(0) start`.
 */
export function pathToCall(path: ConfigPath, config: SystemConfig, root: string): string {
  const at = path.indexOf("@");
  const element = at < 0 ? path : path.slice(0, at);
  const attribute = at < 0 ? "" : ` ${path.slice(at + 1)}`;
  const steps = parse(element);
  const call = elementCall(steps, config);
  return call === undefined ? `${root} at ${path}` : `${root}${call}${attribute}`;
}

function elementCall(steps: readonly Step[], config: SystemConfig): string | undefined {
  const [first, ...rest] = steps;
  if (first === undefined) return "";
  const names = rest.map((s) => s.name);
  switch (first.name) {
    case "HwDescription":
      return hardwareCall(rest, names, config);
    case "XMHypervisor": {
      if (rest.length === 0) return ".hypervisor()";
      if (names[0] === "PhysicalMemoryArea") return ".hypervisor().memory()";
      if (names[0] === "Watchdog") return ".hypervisor().watchdog()";
      if (names[0] === "HealthMonitor") {
        if (rest.length === 1) return ".hypervisor().hm()";
        const e = config.hypervisor.healthMonitor[rest[1].index];
        return `.hypervisor().hm(${e === undefined ? rest[1].index : show(e.event)})`;
      }
      return undefined;
    }
    case "ResidentSw":
      if (rest.length <= 1) return ".residentArea()";
      return `.residentArea(${rest[1].index})`;
    case "PartitionTable": {
      if (rest.length === 0) return ".partitions";
      const p = partitionCall(config, rest[0].index);
      const inner = partitionInner(rest.slice(1), config, rest[0].index);
      return inner === undefined ? undefined : p + inner;
    }
    case "Channels": {
      if (rest.length === 0) return ".channels";
      const n = channelIndex(config, rest[0]);
      const c = `.channel(${n})`;
      if (rest.length === 1) return c;
      if (names[1] === "Source") return `${c}.from()`;
      if (names[1] === "Destination") return `${c}.to(${rest[1].index})`;
      return undefined;
    }
    case "xmb:Board":
      return ".board()";
    case "xmb:Programs": {
      if (rest.length === 0) return ".programs";
      const prog = config.xmbench.programs[rest[0].index];
      return prog === undefined
        ? `.program(#${rest[0].index})`
        : `${partitionCallById(config, prog.partitionId)}.program()`;
    }
    case "xmb:Costs": {
      if (rest.length === 0) return ".costs";
      const name = Object.keys(config.xmbench.costs).sort()[rest[0].index];
      return `.cost(${name === undefined ? rest[0].index : show(name)})`;
    }
  }
  return undefined;
}

function hardwareCall(
  rest: readonly Step[],
  names: readonly string[],
  config: SystemConfig,
): string | undefined {
  if (rest.length === 0) return ".board()";
  switch (names[0]) {
    case "MemoryLayout":
      return rest.length === 1 ? ".board().regions" : `.board().region(${rest[1].index})`;
    case "Devices": {
      if (rest.length === 1) return ".board().devices";
      const kind = { Uart: "uart", MemoryBlock: "memoryBlock", Null: "null" }[names[1]];
      const d = config.hardware.devices.filter((x) => x.kind === kind)[rest[1].index];
      if (names[1] === "Null") return `.board().nullDevice(${rest[1].index})`;
      const method = names[1] === "Uart" ? "uart" : "memoryBlock";
      return `.board().${method}(${d?.name === undefined ? rest[1].index : show(d.name)})`;
    }
    case "ProcessorTable": {
      if (rest.length <= 2) return ".board()";
      if (rest.length === 3) return ".plans";
      const cpu = config.hardware.processors[rest[1].index];
      const p = cpu?.plans[rest[3].index];
      const planCall = `.plan(${p === undefined ? `#${rest[3].index}` : p.id})`;
      if (rest.length === 4) return planCall;
      if (names[4] === "Slot") return `${planCall}.slot(${rest[4].index})`;
      return undefined;
    }
  }
  return undefined;
}

function partitionInner(
  rest: readonly Step[],
  config: SystemConfig,
  index: number,
): string | undefined {
  if (rest.length === 0) return "";
  const p = config.partitions[index];
  switch (rest[0].name) {
    case "PhysicalMemoryAreas":
      return rest.length === 1 ? ".areas" : `.area(${rest[1].index})`;
    case "TemporalRequirements":
      return ".temporal()";
    case "HealthMonitor": {
      if (rest.length === 1) return ".hm()";
      const e = p?.healthMonitor[rest[1].index];
      return `.hm(${e === undefined ? rest[1].index : show(e.event)})`;
    }
    case "HwResources": {
      if (rest.length === 1) return ".hwResources";
      if (rest[1].name === "Interrupts") return ".interrupts()";
      if (rest.length === 2) return ".ioPorts";
      return rest[2].name === "Range"
        ? `.ioRange(${rest[2].index})`
        : `.ioRestricted(${rest[2].index})`;
    }
    case "PortTable": {
      if (rest.length === 1) return ".ports";
      const port = p?.ports[rest[1].index];
      return `.port(${port === undefined ? rest[1].index : show(port.name)})`;
    }
  }
  return undefined;
}

/** The index among all channels of the i-th channel of one kind. */
function channelIndex(config: SystemConfig, step: Step): number {
  const kind = { SamplingChannel: "sampling", QueuingChannel: "queuing", Ipvi: "ipvi" }[step.name];
  let seen = 0;
  for (let i = 0; i < config.channels.length; i++) {
    if (config.channels[i].kind === kind && seen++ === step.index) return i;
  }
  return step.index;
}

/**
 * Names each diagnostic by its builder call.
 *
 * @param diagnostics The validator's diagnostics.
 * @param config The configuration checked.
 * @param root The system's own call.
 * @returns The diagnostics with `call` set.
 */
export function toDslDiagnostics(
  diagnostics: readonly Diagnostic[],
  config: SystemConfig,
  root: string,
): DslDiagnostic[] {
  return diagnostics.map((d) => ({
    ...d,
    call: d.path === undefined ? root : pathToCall(d.path, config, root),
  }));
}
