/**
 * The separation kernel layer: the XtratuM ABI of XM-Q 1.0.8 for LEON3 as
 * data ({@link ./abi.ts}: hypercalls, return codes, constants, object
 * descriptors, the PCT and the other struct layouts, virtual traps and
 * interrupts, the HM tables) and its C rendering for XAL's headers
 * ({@link ./abi_c.ts}); the kernel ({@link ./kernel.ts}), its scheduler,
 * cost model, ports, trace streams and event trace.
 *
 * @module
 */
export * from "./abi.ts";
export * from "./abi_c.ts";
export * from "./costs.ts";
export type { Cycles } from "../cpu/timing.ts";
export * from "./address_spaces.ts";
export * from "./scheduler.ts";
export * from "./trace.ts";
export * from "./trace_json.ts";
export * from "./trace_container.ts";
export * from "./trace_text.ts";
export * from "./kernel.ts";
export * from "./partition.ts";
export * from "./ports.ts";
export * from "./trace_streams.ts";
export * from "./hypercall_dispatch.ts";
export * from "./hypercalls/common.ts";
