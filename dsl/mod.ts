/**
 * xmbench's DSL: fluent, typed builders for an XtratuM system (board,
 * hypervisor, partitions, plans, channels, HM tables, programs) that produce
 * the one configuration model (`SystemConfig`), checked by the same
 * validator as XML, compiled into an `Image`, and written to and read from
 * XM_CF XML.
 *
 * ```ts ignore
 * import { sampling, system } from "@xmbench/xmbench";
 *
 * const image = await system("demo")
 *   .partition(0, "P0", (p) => p.system().area(0x40100000, "64KB").program((x) => x.print("hi\n")))
 *   .partition(1, "P1", (p) => p.area(0x40200000, "64KB").program((x) => x.print("ho\n")))
 *   .plan(0, "20ms", (pl) => pl.slot("0ms", "10ms", "P0").slot("10ms", "10ms", "P1"))
 *   .channel(sampling("16B").from("P0", "OUT").to("P1", "IN"))
 *   .compile();
 * ```
 *
 * @module
 */
export {
  type AnyPartition,
  system,
  SystemBuilder,
  type SystemFactory,
  systemFromConfig,
  type XmlOptions,
} from "./system.ts";
export {
  BoardBuilder,
  type BoardDraft,
  type BoardName,
  DSL_DEFAULT_BOARD,
  type UartOptions,
} from "./board.ts";
export { DEFAULT_HYPERVISOR_SIZE, HypervisorBuilder, type HypervisorDraft } from "./hypervisor.ts";
export { assembleConfig, type SystemParts } from "./assemble.ts";
export {
  areaConfig,
  type AreaOptions,
  canonical,
  nextProgramSeq,
  partition,
  PartitionBuilder,
  type PartitionDraft,
  type PortOptions,
} from "./partition.ts";
export {
  type PartitionRef,
  plan,
  PlanBuilder,
  type PlanDraft,
  type SlotDraft,
  type SlotOptions,
} from "./plan.ts";
export {
  ChannelBuilder,
  type ChannelDraft,
  type ChannelEndDraft,
  ipvi,
  queuing,
  type QueuingOptions,
  sampling,
  type SamplingOptions,
} from "./channel.ts";
export { type HmActionName, hmEntry, type HmEventName, type HmOptions } from "./hm.ts";
export {
  assembly,
  type AssemblyProgram,
  cSources,
  type CSourcesProgram,
  elf,
  type FileProgram,
  type ProgramInput,
  type ProgramSpec,
  raw,
} from "./program_source.ts";
export {
  checkSystem,
  type CompiledImage,
  type CompileOptions,
  compileSystem,
  type ProgramToBuild,
} from "./compile.ts";
export { DENO_BUILD_HOST } from "./build_host.ts";
export { type DslDiagnostic, DslError, formatDslDiagnostic, SystemCheckError } from "./errors.ts";
export { pathToCall, toDslDiagnostics } from "./paths.ts";
export { readSystemXml, readSystemXmlFile, XmlConfigError, type XmlRead } from "./xml.ts";
export {
  type Addr,
  type Frequency,
  show,
  type Size,
  type Time,
  toAddress,
  toBytes,
  toCount,
  toKilohertz,
  toMicroseconds,
} from "./units.ts";
export * from "../src/xal/program.ts";
export type * from "../src/image/config.ts";
export type { Diagnostic, Severity } from "../src/image/diagnostic.ts";
export type { Image, PartitionPayload } from "../src/image/image.ts";
export { HM_ACTIONS, HM_EVENTS, type HmEvent, type HmEventKind } from "../src/image/hm_tables.ts";
export type { BuildHost, RunResult as ToolRunResult } from "../src/xal/build.ts";
export {
  KernelView,
  Run,
  runImage,
  type RunOptions,
  type RunView,
  Session,
  type SessionOptions,
  type StopReason,
} from "./run.ts";
export {
  type Fault,
  fault,
  FaultBuilders,
  type FaultInjection,
  type FaultTime,
  type RegisterName,
} from "./fault.ts";
export {
  Assertions,
  type Chain,
  ConsoleAssertions,
  type ConsoleSource,
  type Count,
  expect,
  ExpectationFailed,
  HmAssertions,
  type HmFilter,
  type JitterOptions,
  type MatchResult,
  PartitionAssertions,
  PortAssertions,
  type PrintOptions,
  RunAssertions,
  type TextPattern,
  type TrafficFilter,
  type UnaffectedOptions,
  type ViolationFilter,
  type WithinOptions,
} from "./expect/expect.ts";
export { runScenario, scenario, SCENARIO_EXIT, type ScenarioOutcome } from "./expect/scenario.ts";
export {
  defineScenario,
  reportScenario,
  Scenario,
  type ScenarioDefinition,
  type ScenarioResult,
  type ScenarioRunOptions,
  type ScenarioTest,
  type ScenarioTool,
} from "./scenario_definition.ts";
export { type PerfettoOptions, toPerfetto } from "./views/perfetto.ts";
export { toVcd, type VcdOptions } from "./views/vcd.ts";
export {
  type HtmlReportOptions,
  type ReportFailure,
  type ReportLimits,
  toHtmlReport,
} from "./views/report.ts";
