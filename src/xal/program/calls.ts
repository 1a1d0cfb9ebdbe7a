/**
 * The hypercall calling convention of partition programs: every call a step
 * can make by name, resolved against the ABI (`src/kernel/abi`), and the
 * code that makes it as libxm's C wrappers do (`src/xal/lib/hypercalls.c`):
 * the same hypercalls with the same argument words, and the same client-side
 * checks, so a program and its C twin leave the same kernel trace.
 *
 * A call is named by its libxm name (`XM_get_time`) or its kernel name
 * (`get_time`). Normal hypercalls put their argument words in `%o1`..`%o5`
 * (a 64-bit argument takes two, high word first) and trap with `ta 0xf0`;
 * assembly hypercalls trap with `ta 0xf1`; the object-interface wrappers
 * (console, ports, status, HM, trace, memory copy) build their descriptor and
 * command block as `hypercalls.c` does. The result (`%o0`) becomes the
 * routine's last result.
 *
 * @module
 */
import {
  argWords,
  ASM_HYPERCALLS,
  type CArg,
  fieldOf,
  HYPERCALL_NR,
  HYPERCALLS,
  LIBXM_FUNCTIONS,
  MEM_MAP_LAYOUT,
  OBJ_CLASSES,
  PCT_LAYOUT,
  PCT_MEM_MAP_OFFSET,
  QUEUING_PORT_INFO_LAYOUT,
  RETURN_CODES,
  SAMPLING_PORT_INFO_LAYOUT,
  XMCONF_CONSTANTS,
} from "../../kernel/abi.ts";
import { ProgramError } from "./errors.ts";
import { type Emitter, PCT_POINTER_SYMBOL } from "./emit.ts";

export type { CArg } from "../../kernel/abi.ts";
import type { Operand } from "./operands.ts";
import { similar } from "./similar.ts";

/** A call a step can make: its name, prototype and how it is made. */
export interface CallSpec {
  /** The libxm name (or the kernel name where libxm has none). */
  readonly name: string;
  /** The C return type. */
  readonly returns: string;
  /** The parameters. */
  readonly args: readonly CArg[];
  /** How it is made. */
  readonly via: "hypercall" | "asm-hypercall" | "wrapper";
}

const SAMPLING = OBJ_CLASSES.OBJ_CLASS_SAMPLING_PORT;
const QUEUING = OBJ_CLASSES.OBJ_CLASS_QUEUING_PORT;
const INVALID_PARAM = RETURN_CODES.XM_INVALID_PARAM;
const HV = 0xff;

/** `reg` = OBJDESC_BUILD(cls, partition in `partReg` or a constant, id 0). */
function descTo(e: Emitter, cls: number, partition: "self" | number | string, reg: string): void {
  if (partition === "self") e.selfTo(reg);
  else if (typeof partition === "number") e.setConst(partition, reg);
  else if (partition !== reg) e.insn(`mov ${partition}, ${reg}`);
  e.insn(`and ${reg}, 0x3ff, ${reg}`);
  e.insn(`sll ${reg}, 10, ${reg}`);
  e.setConst(cls << 20, "%g1");
  e.insn(`or ${reg}, %g1, ${reg}`);
}

/** Branches to `fail` unless the descriptor in `reg` is a port of class `cls` owned by the caller. */
function ownPort(e: Emitter, reg: string, cls: number, fail: string): void {
  e.insn(`srl ${reg}, 20, %o1`);
  e.insn("and %o1, 0x7ff, %o1");
  e.insn(`cmp %o1, ${cls}`);
  e.insn(`bne ${fail}`);
  e.insn("nop");
  e.insn(`srl ${reg}, 10, %o1`);
  e.insn("and %o1, 0x3ff, %o1");
  e.selfTo("%o2");
  e.insn("cmp %o1, %o2");
  e.insn(`bne ${fail}`);
  e.insn("nop");
}

/** Branches to `fail` when `reg` is 0 (a NULL pointer). */
function nonNull(e: Emitter, reg: string, fail: string): void {
  e.insn(`cmp ${reg}, 0`);
  e.insn(`be ${fail}`);
  e.insn("nop");
}

/** `%o0` = XM_INVALID_PARAM at `fail`; the wrapper's end at `done`. */
function failAt(e: Emitter, fail: string, done: string): void {
  e.insn(`ba ${done}`);
  e.insn("nop");
  e.label(fail);
  e.setConst(INVALID_PARAM, "%o0");
  e.label(done);
}

const nr = (name: string): number => HYPERCALL_NR[name]!;

/**
 * A libxm wrapper over the object interface: emits its code with its argument
 * words in `%g2`..`%g7` (64-bit arguments take two, high first), leaving the
 * result in `%o0`. The command block, where one is needed, is built at
 * `%sp + 96` (the routine's frame has room for 32 bytes there).
 */
type Wrapper = (e: Emitter) => void;

/** Port descriptor check + read/write_object(desc, ptr, size, flags). */
function portIo(cls: number, hc: "read_object" | "write_object", withFlags: boolean): Wrapper {
  return (e) => {
    const fail = e.fresh(), done = e.fresh();
    ownPort(e, "%g2", cls, fail);
    e.insn("mov %g2, %o1");
    e.insn("mov %g3, %o2");
    e.insn("mov %g4, %o3");
    e.insn(withFlags ? "mov %g5, %o4" : "mov 0, %o4");
    e.hypercall(nr(hc), hc);
    failAt(e, fail, done);
  };
}

/** Port descriptor check, non-null status pointer + ctrl_object(desc, XM_COMM_GET_PORT_STATUS, ptr). */
function portStatus(cls: number): Wrapper {
  return (e) => {
    const fail = e.fresh(), done = e.fresh();
    ownPort(e, "%g2", cls, fail);
    nonNull(e, "%g3", fail);
    e.insn("mov %g2, %o1");
    e.insn("mov 1, %o2");
    e.insn("mov %g3, %o3");
    e.hypercall(nr("ctrl_object"), "ctrl_object");
    failAt(e, fail, done);
  };
}

/** ctrl_object(OBJDESC_BUILD(cls, partition, 0), cmd, ptr in `ptrReg`), NULL-checked. */
function ctrl(cls: number, partition: "self" | number, cmd: number, ptrReg = "%g2"): Wrapper {
  return (e) => {
    const fail = e.fresh(), done = e.fresh();
    nonNull(e, ptrReg, fail);
    descTo(e, cls, partition, "%o1");
    e.setConst(cmd, "%o2");
    e.insn(`mov ${ptrReg}, %o3`);
    e.hypercall(nr("ctrl_object"), "ctrl_object");
    failAt(e, fail, done);
  };
}

/** ctrl_object(OBJDESC_BUILD(cls, id in %g2, 0), cmd, ptr in %g3) with id <= 1023 and ptr non-null. */
function ctrlById(cls: number, cmd: number): Wrapper {
  return (e) => {
    const fail = e.fresh(), done = e.fresh();
    nonNull(e, "%g3", fail);
    e.insn("cmp %g2, 0x3ff");
    e.insn(`bgu ${fail}`);
    e.insn("nop");
    descTo(e, cls, "%g2", "%o1");
    e.setConst(cmd, "%o2");
    e.insn("mov %g3, %o3");
    e.hypercall(nr("ctrl_object"), "ctrl_object");
    failAt(e, fail, done);
  };
}

/** Port creation: the command block at %sp + 96, ctrl_object, then the descriptor from the id. */
function createPort(cls: number, fields: readonly [string, number][]): Wrapper {
  return (e) => {
    const done = e.fresh();
    e.insn("add %sp, 96, %o3");
    for (const [reg, off] of fields) e.insn(`st ${reg}, [%o3 + ${off}]`);
    descTo(e, cls, "self", "%o1");
    e.insn("mov 0, %o2");
    e.hypercall(nr("ctrl_object"), "ctrl_object");
    e.insn("cmp %o0, 0");
    e.insn(`bl ${done}`);
    e.insn("nop");
    e.insn("and %o0, 0x3ff, %g2");
    descTo(e, cls, "self", "%o0");
    e.insn("or %o0, %g2, %o0");
    e.label(done);
  };
}

/** `%o1` = the PCT (libxm's `XM_params_get_PCT()`). */
function pctTo(e: Emitter, reg: string): void {
  e.setSymbol(PCT_POINTER_SYMBOL, reg);
  e.insn(`ld [${reg}], ${reg}`);
}

/**
 * XM_get_*_port_info(portName in %g2, info in %g3): the info block must lie
 * in one writable memory area (libxm's in_writable_area); its portName is
 * set, then ctrl_object(SELF_DESC(cls), XM_COMM_GET_PORT_INFO, info).
 */
function portInfo(cls: number, size: number): Wrapper {
  return (e) => {
    const fail = e.fresh(), done = e.fresh(), loop = e.fresh(), next = e.fresh(), found = e.fresh();
    nonNull(e, "%g3", fail);
    pctTo(e, "%o1");
    e.insn(`ld [%o1 + ${PCT_AREAS_OFFSET}], %o2`);
    e.insn(`add %o1, ${PCT_MEM_MAP_OFFSET}, %o1`);
    e.label(loop);
    e.insn("cmp %o2, 0");
    e.insn(`ble ${fail}`);
    e.insn("nop");
    e.insn(`ld [%o1 + ${MAP.flags}], %o3`);
    e.insn(`andcc %o3, ${XMCONF_CONSTANTS.XM_MEM_AREA_READONLY}, %g0`);
    e.insn(`bne ${next}`);
    e.insn("nop");
    e.insn(`ld [%o1 + ${MAP.mappedAt}], %o3`);
    e.insn(`ld [%o1 + ${MAP.size}], %o4`);
    e.insn("cmp %g3, %o3");
    e.insn(`blu ${next}`);
    e.insn("nop");
    e.insn(`cmp %o4, ${size}`);
    e.insn(`blu ${next}`);
    e.insn("nop");
    e.insn("sub %g3, %o3, %o5");
    e.insn(`sub %o4, ${size}, %o4`);
    e.insn("cmp %o5, %o4");
    e.insn(`bleu ${found}`);
    e.insn("nop");
    e.label(next);
    e.insn(`add %o1, ${MEM_MAP_LAYOUT.size}, %o1`);
    e.insn(`ba ${loop}`);
    e.insn("sub %o2, 1, %o2");
    e.label(found);
    e.insn("st %g2, [%g3]");
    descTo(e, cls, "self", "%o1");
    e.insn("mov 2, %o2");
    e.insn("mov %g3, %o3");
    e.hypercall(nr("ctrl_object"), "ctrl_object");
    failAt(e, fail, done);
  };
}

const MAP = Object.fromEntries(MEM_MAP_LAYOUT.fields.map((f) => [f.name, f.offset])) as Record<
  string,
  number
>;
const PCT_AREAS_OFFSET = fieldOf(PCT_LAYOUT, "noPhysicalMemAreas").offset;

/** r > 0 ? r / size : r (a record count). */
function perRecord(size: number): (e: Emitter) => void {
  return (e) => {
    const done = e.fresh();
    e.insn("cmp %o0, 0");
    e.insn(`ble ${done}`);
    e.insn("nop");
    e.insn("wr %g0, %g0, %y");
    e.insn("nop");
    e.insn("nop");
    e.insn("nop");
    e.insn(`udiv %o0, ${size}, %o0`);
    e.label(done);
  };
}

const CONSOLE = OBJ_CLASSES.OBJ_CLASS_CONSOLE;
const HM = OBJ_CLASSES.OBJ_CLASS_HM;
const STATUS = OBJ_CLASSES.OBJ_CLASS_STATUS;
const TRACE = OBJ_CLASSES.OBJ_CLASS_TRACE;
const MEM = OBJ_CLASSES.OBJ_CLASS_MEM;

/** The object-interface and library wrappers the programs provide, by libxm name. */
const WRAPPERS: Readonly<Record<string, Wrapper>> = {
  "XM_write_console": (e) => {
    descTo(e, CONSOLE, "self", "%o1");
    e.insn("mov %g2, %o2");
    e.insn("mov %g3, %o3");
    e.insn("mov 0, %o4");
    e.hypercall(nr("write_object"), "write_object");
  },
  "XM_create_sampling_port": createPort(SAMPLING, [
    ["%g2", 0],
    ["%g3", 4],
    ["%g4", 8],
    ["%g5", 16],
    ["%g6", 20],
  ]),
  "XM_create_queuing_port": createPort(QUEUING, [["%g2", 0], ["%g3", 4], ["%g4", 8], ["%g5", 12]]),
  "XM_read_sampling_message": portIo(SAMPLING, "read_object", true),
  "XM_write_sampling_message": portIo(SAMPLING, "write_object", false),
  "XM_send_queuing_message": portIo(QUEUING, "write_object", false),
  "XM_receive_queuing_message": portIo(QUEUING, "read_object", false),
  "XM_get_sampling_port_status": portStatus(SAMPLING),
  "XM_get_queuing_port_status": portStatus(QUEUING),
  "XM_hm_raise_event": (e) => {
    const done = e.fresh();
    e.insn("add %sp, 96, %o2");
    e.insn("st %g2, [%o2]");
    descTo(e, HM, "self", "%o1");
    e.insn("mov 1, %o3");
    e.insn("mov 0, %o4");
    e.hypercall(nr("write_object"), "write_object");
    e.insn("cmp %o0, 0");
    e.insn(`bl ${done}`);
    e.insn("nop");
    e.insn("mov 0, %o0");
    e.label(done);
  },
  "XM_hm_read": (e) => {
    const fail = e.fresh(), done = e.fresh();
    nonNull(e, "%g2", fail);
    descTo(e, HM, HV, "%o1");
    e.insn("mov %g2, %o2");
    e.insn("umul %g3, 28, %o3");
    e.insn("mov 0, %o4");
    e.hypercall(nr("read_object"), "read_object");
    perRecord(28)(e);
    failAt(e, fail, done);
  },
  "XM_hm_status": ctrl(HM, HV, 0),
  "XM_get_system_status": ctrl(STATUS, HV, 0),
  "XM_get_partition_status": ctrlById(STATUS, 0),
  "XM_get_plan_status": ctrl(STATUS, "self", 1),
  "XM_trace_status": ctrlById(TRACE, 0),
  "XM_trace_event": (e) => {
    const fail = e.fresh(), done = e.fresh();
    nonNull(e, "%g2", fail);
    descTo(e, TRACE, "self", "%o1");
    e.insn("mov %g2, %o2");
    e.insn("mov 12, %o3");
    e.insn("mov 0, %o4");
    e.hypercall(nr("write_object"), "write_object");
    e.insn("cmp %o0, 12");
    e.insn(`bl ${fail}`);
    e.insn("nop");
    e.insn("mov 0, %o0");
    failAt(e, fail, done);
  },
  "XM_trace_read": (e) => {
    const fail = e.fresh(), done = e.fresh();
    nonNull(e, "%g3", fail);
    e.insn("cmp %g2, 0x3ff");
    e.insn(`bgu ${fail}`);
    e.insn("nop");
    descTo(e, TRACE, "%g2", "%o1");
    e.insn("mov %g3, %o2");
    e.insn("umul %g4, 12, %o3");
    e.insn("mov 0, %o4");
    e.hypercall(nr("read_object"), "read_object");
    perRecord(12)(e);
    failAt(e, fail, done);
  },
  "XM_memory_copy": (e) => {
    const done = e.fresh();
    e.insn("add %sp, 96, %o3");
    ["%g2", "%g3", "%g4", "%g5", "%g6"].forEach((r, i) => e.insn(`st ${r}, [%o3 + ${4 * i}]`));
    e.setConst(MEM << 20, "%o1");
    e.insn("mov 1, %o2");
    e.hypercall(nr("ctrl_object"), "ctrl_object");
    e.insn("cmp %o0, %g6");
    e.insn(`bne ${done}`);
    e.insn("nop");
    e.insn("mov 0, %o0");
    e.label(done);
  },
  "XM_get_sampling_port_info": portInfo(SAMPLING, SAMPLING_PORT_INFO_LAYOUT.size),
  "XM_get_queuing_port_info": portInfo(QUEUING, QUEUING_PORT_INFO_LAYOUT.size),
  "XM_params_get_PCT": (e) => pctTo(e, "%o0"),
  "XM_get_partition_mmap": (e) => {
    pctTo(e, "%o0");
    e.insn(`add %o0, ${PCT_MEM_MAP_OFFSET}, %o0`);
  },
  "XM_get_commport_bitmap": (e) => {
    pctTo(e, "%o0");
    e.insn(`ld [%o0 + ${PCT_AREAS_OFFSET}], %o1`);
    e.insn(`umul %o1, ${MEM_MAP_LAYOUT.size}, %o1`);
    e.insn("add %o0, %o1, %o0");
    e.insn(`add %o0, ${PCT_MEM_MAP_OFFSET}, %o0`);
  },
  "XM_disable_irqs": (e) => e.asmHypercall(4, "sparc_set_pil"),
  "XM_enable_irqs": (e) => {
    e.asmHypercall(2, "sparc_get_psr");
    e.insn("or %o0, 0x20, %o1");
    e.insn("andn %o1, 0xf00, %o1");
    e.asmHypercall(3, "sparc_set_psr");
  },
};

/** Every call a step can make, by libxm name and by kernel name. */
export const CALLS: ReadonlyMap<string, CallSpec> = (() => {
  const m = new Map<string, CallSpec>();
  for (const h of HYPERCALLS) {
    const spec: CallSpec = {
      name: h.libxm ?? h.name,
      returns: h.returns,
      args: h.args,
      via: "hypercall",
    };
    m.set(h.name, spec);
    if (h.libxm) m.set(h.libxm, spec);
  }
  for (const h of ASM_HYPERCALLS) {
    if (h.name === "sparc_iret") continue;
    const spec: CallSpec = {
      name: h.libxm ?? h.name,
      returns: h.returns,
      args: h.args,
      via: "asm-hypercall",
    };
    m.set(h.name, spec);
    if (h.libxm) m.set(h.libxm, spec);
  }
  for (const f of LIBXM_FUNCTIONS) {
    if (WRAPPERS[f.name] === undefined) continue;
    m.set(f.name, { name: f.name, returns: f.returns, args: f.args, via: "wrapper" });
  }
  return m;
})();

const prototype = (c: CallSpec) =>
  `${c.name}(${c.args.map((a) => `${a.type} ${a.name}`).join(", ") || "void"})`;

/**
 * Resolves a call's name, or a {@linkcode ProgramError} naming the step and
 * listing what exists.
 */
export function resolveCall(name: string, step: string): CallSpec {
  const c = CALLS.get(name);
  if (c !== undefined) return c;
  const libxm = LIBXM_FUNCTIONS.find((f) => f.name === name);
  if (libxm !== undefined) {
    throw new ProgramError(
      step,
      `${name} is a libxm function the program builder does not provide (kind ${libxm.kind}); ` +
        `the calls it provides are the hypercalls and ${Object.keys(WRAPPERS).join(", ")}`,
    );
  }
  const close = similar(name, [...CALLS.keys()]);
  throw new ProgramError(
    step,
    `unknown hypercall ${JSON.stringify(name)}${
      close.length ? ` (did you mean ${close.join(", ")}?)` : ""
    }; expected a libxm name such as "XM_get_time" or a kernel name such as "get_time"`,
  );
}

const isPointer = (type: string) => type.includes("*");

/**
 * Emits a call: its arguments loaded, the trap (or the wrapper), the result
 * in `%l7`.
 *
 * @throws {ProgramError} For a wrong argument count or a bad argument.
 */
export function emitCall(e: Emitter, call: CallSpec, args: readonly Operand[], step: string): void {
  if (args.length !== call.args.length) {
    throw new ProgramError(
      step,
      `${call.name} takes ${call.args.length} argument${call.args.length === 1 ? "" : "s"} ` +
        `(${prototype(call)}), got ${args.length}`,
    );
  }
  const words = call.args.reduce((n, a) => n + argWords(a.type), 0);
  const regs = call.via === "wrapper"
    ? ["%g2", "%g3", "%g4", "%g5", "%g6", "%g7"]
    : ["%o1", "%o2", "%o3", "%o4", "%o5"];
  if (words > regs.length) throw new ProgramError(step, `${call.name} takes too many words`);
  e.comment(`${prototype(call)}`);
  let k = 0;
  call.args.forEach((a, i) => {
    const where = `${step}, argument ${i + 1} (${a.name})`;
    if (argWords(a.type) === 2) {
      e.load64(args[i]!, regs[k]!, regs[k + 1]!, where, a.type !== "xm_u64_t");
      k += 2;
    } else {
      e.load(args[i]!, regs[k]!, where, isPointer(a.type));
      k += 1;
    }
  });
  if (call.via === "hypercall") e.hypercall(HYPERCALL_NR[stripXm(call.name)]!, call.name);
  else if (call.via === "asm-hypercall") {
    const h = ASM_HYPERCALLS.find((x) => (x.libxm ?? x.name) === call.name)!;
    e.asmHypercall(h.nr, h.name);
  } else WRAPPERS[call.name]!(e);
  e.insn("mov %o0, %l7");
}

/** The kernel name of a hypercall's libxm name (`XM_get_time` → `get_time`). */
function stripXm(name: string): string {
  const h = HYPERCALLS.find((x) => (x.libxm ?? x.name) === name)!;
  return h.name;
}
