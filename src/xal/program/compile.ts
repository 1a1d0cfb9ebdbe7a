/**
 * The step compiler: a program's steps to one assembly source (the runtime
 * first, then `__prog_main`, the handler routines, the default handler, the
 * strings, `.data` and `.bss`).
 *
 * Every routine is a SPARC function with its own register window and a frame
 * of 128 bytes (XAL's 0x60 plus 32 bytes for a libxm command block). See
 * `emit.ts` for the registers it uses.
 *
 * **compute(N).** N cycles of the modelled LEON3 (`src/cpu/timing.ts`):
 * `set K, %l6` (1 or 2 instructions, 1 cycle each), then K iterations of
 * `subcc %l6, 1, %l6; bne 1b; nop` at 3 cycles each (ALU 1, branch 1, nop 1;
 * the branch interlock after an icc-setting instruction is not modelled),
 * then 0 to 4 `nop`s for the remainder: exactly N cycles unless the loop is
 * interrupted (a trap, a slot end) or its page misses in the TLB. N below 6
 * is N `nop`s.
 *
 * @module
 */
import {
  IMAGE_HDR_LAYOUT,
  XEF_CONSTANTS,
  XM_CONSTANTS,
  XM_EXT_TRAP_BASE,
} from "../../kernel/abi.ts";
import { emitCall, resolveCall } from "./calls.ts";
import type { DataLayout } from "./data.ts";
import { constant, type EmitContext, Emitter } from "./emit.ts";
import { ProgramError } from "./errors.ts";
import {
  describeOperand,
  NAMED_CONSTANTS,
  type Operand,
  result,
  self,
  TRAP_CTXT_FIELDS,
  trapContext,
} from "./operands.ts";
import { bssEnd, FRAME, RUNTIME_BSS, RUNTIME_TEXT } from "./runtime.ts";
import type { Step, Vector } from "./steps.ts";

/** A routine's frame: XAL's 0x60 plus a 32-byte command block at `%sp + 0x60`. */
export const ROUTINE_FRAME: number = FRAME + 32;

/** Loop nesting the compiler allows (one local register per level). */
export const MAX_NESTING = 6;

/** Cycles per iteration of the compute loop (see the module documentation). */
export const COMPUTE_CYCLES_PER_ITERATION = 3;

/** What the compiler takes. */
export interface CompileInput {
  /** The main program's steps. */
  readonly steps: readonly Step[];
  /** The buffers. */
  readonly data: DataLayout;
  /** The stack size in bytes. */
  readonly stackSize: number;
}

interface Routine {
  readonly e: Emitter;
  depth: number;
  lastCall: string | undefined;
}

/** The vector number of a {@linkcode Vector}, or a {@linkcode ProgramError} for `step`. */
export function resolveVector(v: Vector, step: string, extended = false): number {
  if (extended) {
    const n = typeof v === "number" ? v : v.startsWith("XM_VT_EXT_") ? NAMED_CONSTANTS.get(v) : -1;
    if (n !== undefined && Number.isInteger(n) && n >= 0 && n < 32) return XM_EXT_TRAP_BASE + n;
    throw new ProgramError(
      step,
      `unknown extended interrupt ${JSON.stringify(v)}: expected 0 to 31 or an XM_VT_EXT_* ` +
        `name such as "XM_VT_EXT_HW_TIMER"`,
    );
  }
  if (typeof v === "number") {
    if (Number.isInteger(v) && v >= 1 && v <= 255) return v;
    throw new ProgramError(step, `unknown vector ${v}: expected 1 to 255`);
  }
  const value = NAMED_CONSTANTS.get(v);
  if (value !== undefined) {
    if (v.startsWith("XM_VT_EXT_") && value < 32) return XM_EXT_TRAP_BASE + value;
    if (v.startsWith("XM_VT_HW_") && value < 16) return 0x10 + value;
    if (value >= 1 && value <= 255 && !v.startsWith("XM_VT_")) return value;
  }
  throw new ProgramError(
    step,
    `unknown vector ${JSON.stringify(v)}: expected 1 to 255, an extended interrupt ` +
      `("XM_VT_EXT_HW_TIMER" is vector 224), a hardware line ("XM_VT_HW_TIMER1_TRAP_NR") or a ` +
      `trap name ("DIVISION_BY_ZERO", "DATA_ACCESS_EXCEPTION")`,
  );
}

/** One piece of a printf format: literal text, or a conversion. */
export type Piece =
  | { readonly text: string }
  | { readonly conv: "d" | "u" | "x" | "c" | "s"; readonly long: boolean; readonly digits: number };

/** Splits a printf format (`%d %i %u %x %c %s %%`, `ll` for 64 bits, `0N` zero padding). */
export function parseFormat(format: string, step: string): Piece[] {
  const out: Piece[] = [];
  let text = "";
  const re = /%(0?)(\d*)(ll|l)?([diuxcs%])|%/g;
  let last = 0;
  for (let m = re.exec(format); m !== null; m = re.exec(format)) {
    text += format.slice(last, m.index);
    last = re.lastIndex;
    if (m[4] === undefined) {
      throw new ProgramError(
        step,
        `bad conversion at ${JSON.stringify(format.slice(m.index, m.index + 4))} in the format; ` +
          `expected %d %i %u %x %c %s %% (with ll for 64 bits, 0N for zero padding)`,
      );
    }
    if (m[4] === "%") {
      text += "%";
      continue;
    }
    if (text) out.push({ text });
    text = "";
    const width = m[2] ? Number(m[2]) : 0;
    if (width > 0 && m[1] !== "0") {
      throw new ProgramError(
        step,
        `width without 0 in ${JSON.stringify(m[0])}: only zero padding (%08x) is supported`,
      );
    }
    if (width > 20) throw new ProgramError(step, `width ${width} in ${m[0]}: at most 20`);
    const conv = m[4] === "i" ? "d" : m[4] as "d" | "u" | "x" | "c" | "s";
    if (width > 0 && (conv === "d" || conv === "c" || conv === "s")) {
      throw new ProgramError(step, `zero padding is supported for %u and %x only, not ${m[0]}`);
    }
    out.push({ conv, long: m[3] === "ll", digits: Math.max(width, 1) });
  }
  text += format.slice(last);
  if (text) out.push({ text });
  return out;
}

function stepLabel(path: string, s: Step): string {
  const what = s.kind === "call"
    ? `hypercall ${s.name}`
    : s.kind === "install"
    ? `handler for ${s.extended ? "extended interrupt" : "vector"} ${JSON.stringify(s.vector)}`
    : s.kind;
  return `step ${path} (${what})`;
}

class Compiler {
  readonly #data: DataLayout;
  readonly #routines: string[][] = [];
  readonly #labels = { n: 0 };
  #handlers = 0;

  constructor(data: DataLayout) {
    this.#data = data;
  }

  routine(name: string, steps: readonly Step[], inHandler: boolean, path: string): void {
    const ctx: EmitContext = { data: this.#data, inHandler };
    const e = new Emitter(ctx, this.#labels);
    const r: Routine = { e, depth: 0, lastCall: undefined };
    e.label(name);
    e.insn(`save %sp, -${ROUTINE_FRAME}, %sp`);
    e.insn("mov 0, %l7");
    this.steps(r, steps, path);
    e.insn("ret");
    e.insn("restore");
    this.#routines.push(e.lines);
  }

  steps(r: Routine, steps: readonly Step[], prefix: string): void {
    steps.forEach((s, i) => {
      const path = prefix ? `${prefix}.${i + 1}` : `${i + 1}`;
      this.step(r, s, path);
    });
  }

  printf(r: Routine, format: string, args: readonly Operand[], step: string): void {
    const e = r.e;
    const pieces = parseFormat(format, step);
    const convs = pieces.filter((p) => "conv" in p).length;
    if (convs !== args.length) {
      throw new ProgramError(
        step,
        `the format ${JSON.stringify(format)} has ${convs} conversion${convs === 1 ? "" : "s"}, ` +
          `got ${args.length} argument${args.length === 1 ? "" : "s"}`,
      );
    }
    let k = 0;
    for (const p of pieces) {
      if ("text" in p) {
        e.setSymbol(this.#data.string(p.text), "%o0");
        e.insn("call __xal_puts");
        e.insn("nop");
        continue;
      }
      const op = args[k++]!;
      const where = `${step}, argument ${k} (${describeOperand(op)})`;
      if (p.conv === "s") {
        if (typeof op === "string") e.setSymbol(this.#data.string(op), "%o0");
        else e.load(op, "%o0", where, true);
        e.insn("call __xal_puts");
        e.insn("nop");
      } else if (p.conv === "c") {
        e.load(op, "%o0", where);
        e.insn("call __xal_putc");
        e.insn("nop");
      } else if (p.long) {
        e.load64(op, "%o0", "%o1", where, p.conv === "d");
        e.insn(`call __xal_print_${p.conv === "d" ? "s" : p.conv}64`);
        e.insn(`mov ${p.digits}, %o2`);
      } else {
        e.load(op, "%o0", where);
        e.insn(`call __xal_print_${p.conv === "d" ? "s" : p.conv}32`);
        e.insn(`mov ${p.digits}, %o1`);
      }
    }
  }

  step(r: Routine, s: Step, path: string): void {
    const e = r.e;
    const label = stepLabel(path, s);
    e.comment(label);
    switch (s.kind) {
      case "print":
        this.printf(r, "%s", [s.text], label);
        return;
      case "printf":
        this.printf(r, s.format, s.args, label);
        return;
      case "print-string":
        e.addressTo(s.buffer, s.offset, "%o0", label);
        e.insn("call __xal_puts");
        e.insn("nop");
        return;
      case "compute":
        compute(e, s.cycles, label);
        return;
      case "read":
        e.load(s.address, "%l6", label);
        e.insn("ld [%l6], %l7");
        return;
      case "write":
        e.load(s.address, "%l6", label);
        e.load(s.value, "%o0", label);
        e.insn("st %o0, [%l6]");
        return;
      case "execute":
        e.load(s.address, "%l6", label);
        e.insn("jmpl %l6, %o7");
        e.insn("nop");
        return;
      case "software-trap":
        if (!Number.isInteger(s.n) || s.n < 0 || s.n > 0x7f) {
          throw new ProgramError(label, `expected a software trap number 0 to 127, got ${s.n}`);
        }
        if (s.n === 0x70 || s.n === 0x71) {
          throw new ProgramError(
            label,
            `ta 0x${(0x80 + s.n).toString(16)} is the hypercall trap: use .hypercall()`,
          );
        }
        e.insn(`ta ${s.n}`);
        e.insn("nop");
        return;
      case "call": {
        const call = resolveCall(s.name, label);
        emitCall(e, call, s.args, label);
        r.lastCall = call.name;
        return;
      }
      case "expect": {
        const ok = e.fresh();
        const expected = typeof s.expected === "string" ? constant(s.expected, label) : s.expected;
        const shown = typeof s.expected === "string"
          ? `${s.expected} (${expected})`
          : describeOperand(s.expected);
        e.load(expected, "%o0", label);
        e.insn("cmp %l7, %o0");
        e.insn(`be ${ok}`);
        e.insn("nop");
        const what = s.label ?? r.lastCall ?? "the result";
        this.printf(r, `[P%d] ${what}: expected ${shown}, got %d\n`, [self(), result()], label);
        e.label(ok);
        return;
      }
      case "store":
        e.load(s.value, "%o0", label);
        e.addressTo(s.buffer, s.offset, "%l6", label);
        e.insn("st %o0, [%l6]");
        return;
      case "add":
        e.addressTo(s.buffer, s.offset, "%l6", label);
        e.insn("ld [%l6], %o0");
        e.setConst(s.amount, "%o1");
        e.insn("add %o0, %o1, %o0");
        e.insn("st %o0, [%l6]");
        return;
      case "wait-until": {
        const loop = e.fresh();
        e.label(loop);
        e.load(s.value, "%o0", label);
        e.setConst(s.atLeast, "%o1");
        e.insn("cmp %o0, %o1");
        e.insn(`bl ${loop}`);
        e.insn("nop");
        return;
      }
      case "repeat": {
        if (!Number.isInteger(s.count) || s.count < 0 || s.count > 0xffffffff) {
          throw new ProgramError(label, `expected a count of 0 to 2^32 - 1, got ${s.count}`);
        }
        if (s.count === 0) return;
        const reg = this.counter(r, label);
        const loop = e.fresh();
        e.setConst(s.count, reg);
        e.label(loop);
        r.depth++;
        this.steps(r, s.body, path);
        r.depth--;
        e.insn(`subcc ${reg}, 1, ${reg}`);
        e.insn(`bne ${loop}`);
        e.insn("nop");
        return;
      }
      case "forever": {
        this.counter(r, label);
        const loop = e.fresh();
        e.label(loop);
        r.depth++;
        this.steps(r, s.body, path);
        r.depth--;
        e.insn(`ba ${loop}`);
        e.insn("nop");
        return;
      }
      case "install": {
        const vector = resolveVector(s.vector, label, s.extended);
        const name = `__prog_handler_${this.#handlers++}`;
        this.routine(name, s.body, true, path);
        e.setSymbol(name, "%o0");
        e.setSymbol("__xal_handlers", "%o1");
        e.insn(`st %o0, [%o1 + ${4 * vector}]`);
        return;
      }
      case "enable-interrupts": {
        let mask = 0;
        for (const irq of s.irqs) {
          const n = typeof irq === "number"
            ? irq
            : irq.startsWith("XM_VT_EXT_")
            ? NAMED_CONSTANTS.get(irq)
            : undefined;
          if (n === undefined || !Number.isInteger(n) || n < 0 || n > 31) {
            throw new ProgramError(
              label,
              `unknown extended interrupt ${JSON.stringify(irq)}: expected 0 to 31 or an ` +
                `XM_VT_EXT_* name such as "XM_VT_EXT_HW_TIMER"`,
            );
          }
          mask = (mask | (1 << n)) >>> 0;
        }
        if (s.irqs.length > 0) {
          emitCall(e, resolveCall("XM_clear_irqmask", label), [0, mask], label);
        }
        emitCall(e, resolveCall("XM_enable_irqs", label), [], label);
        r.lastCall = "XM_enable_irqs";
        return;
      }
      case "skip-trapped": {
        if (!e.context.inHandler) {
          throw new ProgramError(label, "only a trap or interrupt handler's steps can skip");
        }
        const pc = TRAP_CTXT_FIELDS.get("pc")!, npc = TRAP_CTXT_FIELDS.get("nPc")!;
        e.insn(`ld [%i0 + ${npc}], %o0`);
        e.insn(`st %o0, [%i0 + ${pc}]`);
        e.insn("add %o0, 4, %o0");
        e.insn(`st %o0, [%i0 + ${npc}]`);
        return;
      }
      case "flush":
        e.insn("call __xal_flush");
        e.insn("nop");
        return;
      case "halt":
        e.insn("call __xal_halt_self");
        e.insn("nop");
        return;
    }
  }

  counter(r: Routine, label: string): string {
    if (r.depth >= MAX_NESTING) {
      throw new ProgramError(label, `loops nest at most ${MAX_NESTING} deep`);
    }
    return `%l${r.depth}`;
  }

  get routines(): readonly string[][] {
    return this.#routines;
  }
}

/** Emits `compute(cycles)` (see the module documentation). */
function compute(e: Emitter, cycles: number, label: string): void {
  if (!Number.isInteger(cycles) || cycles < 0) {
    throw new ProgramError(label, `expected a whole number of cycles, got ${cycles}`);
  }
  const per = COMPUTE_CYCLES_PER_ITERATION;
  const k = Math.floor((cycles - 2) / per);
  if (cycles < 6 || k < 1) {
    for (let i = 0; i < cycles; i++) e.insn("nop");
    return;
  }
  if (k > 0xffffffff) {
    throw new ProgramError(label, `at most ${per * 0xffffffff} cycles in one step, got ${cycles}`);
  }
  const before = e.lines.length;
  e.setConst(k, "%l6");
  const setup = e.lines.length - before;
  const loop = e.fresh();
  e.label(loop);
  e.insn("subcc %l6, 1, %l6");
  e.insn(`bne ${loop}`);
  e.insn("nop");
  for (let i = 0; i < cycles - setup - per * k; i++) e.insn("nop");
}

/** The partition image header of XAL's hdr.c (research §10.5), in `.text` after the code. */
function imageHeader(): string[] {
  const magic = XEF_CONSTANTS.XMEF_PARTITION_MAGIC;
  const version = (v: number, s: number, r: number) => (v << 16) | (s << 8) | r;
  const c = XM_CONSTANTS;
  return [
    "! the partition image header (XAL's xmImageHdr)",
    "\t.align 4",
    "xmImageHdr:",
    `\t.word 0x${magic.toString(16)}`,
    `\t.word 0x${version(c.XM_ABI_VERSION, c.XM_ABI_SUBVERSION, c.XM_ABI_REVISION).toString(16)}`,
    `\t.word 0x${version(c.XM_API_VERSION, c.XM_API_SUBVERSION, c.XM_API_REVISION).toString(16)}`,
    "\t.word 0",
    `\t.skip ${IMAGE_HDR_LAYOUT.fields.find((f) => f.name === "customFileTab")!.size}`,
    `\t.word 0x${magic.toString(16)}`,
    "",
  ];
}

const UNEXPECTED: readonly Step[] = [{
  kind: "printf",
  format: "[P%d] Unexpected trap 0x%x (pc: 0x%x)\n",
  args: [self(), trapContext("irqNr"), trapContext("pc")],
}];

/**
 * Compiles a program to its assembly source.
 *
 * @throws {ProgramError} For bad input, naming the step.
 */
export function compile(input: CompileInput): string {
  const c = new Compiler(input.data);
  c.routine("__prog_main", input.steps, false, "");
  c.routine("__xal_unexpected", UNEXPECTED, true, "default handler");
  const text = [
    RUNTIME_TEXT,
    "",
    "! ---------------------------------------------------------------- program",
    ...c.routines.flatMap((lines) => [...lines, ""]),
    ...imageHeader(),
    "! strings",
    "\t.align 4",
    ...input.data.stringsAsm(),
    "\t.align 8",
    "",
    "\t.section .data",
    "\t.align 8",
    ...input.data.dataAsm(),
    "\t.align 8",
    "",
    RUNTIME_BSS,
    ...input.data.bssAsm(),
    bssEnd(input.stackSize),
    "",
  ];
  return text.join("\n");
}
