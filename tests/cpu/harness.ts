/**
 * A tiny harness for the CPU unit tests: a LEON3 with 1 MiB of RAM, a program
 * loaded at {@linkcode CODE}, a trap table at {@linkcode TBA} whose every
 * entry is a power-down (so `run` stops right after vectoring), and helpers
 * to step or run it.
 *
 * @module
 */
import assert from "node:assert/strict";
import { Leon3 } from "../../src/cpu/leon3.ts";
import { leon3WithWindows } from "../../src/cpu/model.ts";
import type { HaltReason } from "../../src/cpu/processor.ts";
import { setCwp } from "../../src/cpu/windows.ts";
import { powerDown } from "./encode.ts";

/** RAM base (and size). */
export const RAM = 0x40000000;
/** RAM size: 1 MiB. */
export const RAM_SIZE = 1 << 20;
/** Where programs are loaded. */
export const CODE = 0x40000000;
/** The trap base address the harness installs. */
export const TBA = 0x40010000;
/** A scratch data area. */
export const DATA = 0x40020000;
/** An address where nothing is mapped. */
export const UNMAPPED = 0x20000000;

/** Big-endian bytes of instruction (or data) words. */
export function bytesOf(words: readonly number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  words.forEach((w, k) => view.setUint32(4 * k, w >>> 0));
  return out;
}

/** Writes words at an address from the host side. */
export function poke(cpu: Leon3, addr: number, words: readonly number[]): void {
  cpu.loadBytes(addr, bytesOf(words));
}

/** Reads a word from the host side. */
export function peek(cpu: Leon3, addr: number): number {
  const v = cpu.readPhysical(addr, 4);
  assert.notEqual(v, undefined, `nothing mapped at 0x${addr.toString(16)}`);
  return v! >>> 0;
}

/** What {@linkcode boot} sets up. */
export interface BootOptions {
  /** NWINDOWS (default 8, the LEON3 model). */
  readonly nwindows?: number;
  /** PSR.S (default 1). */
  readonly s?: number;
  /** PSR.ET (default 1). */
  readonly et?: number;
  /** PSR.PIL (default 0). */
  readonly pil?: number;
  /** PSR.CWP (default 0). */
  readonly cwp?: number;
  /** WIM (default 0: every window valid). */
  readonly wim?: number;
  /** Where the program goes (default {@linkcode CODE}). */
  readonly at?: number;
  /** Fill the trap table with power-downs (default true). */
  readonly trapTable?: boolean;
}

/** A fresh LEON3 with the RAM of the harness. */
export function newCpu(nwindows?: number): Leon3 {
  return new Leon3({
    ...(nwindows === undefined ? {} : { model: leon3WithWindows(nwindows) }),
    memories: [{ name: "ram", base: RAM, size: RAM_SIZE, writable: true }],
  });
}

/**
 * A LEON3 with `program` at {@linkcode CODE} (pc there, npc after it), TBA =
 * {@linkcode TBA}, and the PSR/WIM of `opts`.
 */
export function boot(program: readonly number[], opts: BootOptions = {}): Leon3 {
  const cpu = newCpu(opts.nwindows);
  const at = opts.at ?? CODE;
  if (opts.trapTable ?? true) poke(cpu, TBA, new Array(1024).fill(powerDown()));
  if (program.length > 0) poke(cpu, at, program);
  const s = cpu.state;
  s.pc = at;
  s.npc = at + 4;
  s.tba = TBA;
  s.s = opts.s ?? 1;
  s.et = opts.et ?? 1;
  s.pil = opts.pil ?? 0;
  s.wim = opts.wim ?? 0;
  setCwp(s, opts.cwp ?? 0);
  return cpu;
}

/** The trap vector of `tt` in the harness's trap table. */
export function vector(tt: number): number {
  return TBA + tt * 16;
}

/** Runs until the processor halts (at most `limit` more cycles) and returns why. */
export function runToHalt(cpu: Leon3, limit = 1_000_000): HaltReason {
  const r = cpu.run(cpu.cycle + limit);
  assert.equal(r.kind, "halted", "program did not halt");
  assert.ok(r.kind === "halted");
  return r.reason;
}

/**
 * Runs until the trap table is reached: the first power-down after a trap,
 * i.e. `pc` = vector + 4. Returns the trap type (TBR.tt).
 */
export function runToTrap(cpu: Leon3, limit = 1_000_000): number {
  const before = cpu.trapsTaken;
  const reason = runToHalt(cpu, limit);
  assert.equal(reason.kind, "power-down", `halted: ${JSON.stringify(reason)}`);
  assert.ok(cpu.trapsTaken > before, "no trap was taken");
  assert.equal(cpu.state.pc, vector(cpu.state.tt) + 4, "stopped outside the trap table");
  return cpu.state.tt;
}

/** Steps `n` times. */
export function stepN(cpu: Leon3, n: number): void {
  for (let k = 0; k < n; k++) cpu.step();
}

/** Steps until `done` holds (at most `max` steps). */
export function stepUntil(cpu: Leon3, done: (cpu: Leon3) => boolean, max = 100_000): void {
  for (let k = 0; k < max; k++) {
    if (done(cpu)) return;
    if (cpu.halted) assert.fail(`halted: ${JSON.stringify(cpu.halted)}`);
    cpu.step();
  }
  assert.fail("condition not reached");
}

/** A snapshot of everything architectural, for comparisons. */
export function snapshot(cpu: Leon3): Record<string, unknown> {
  const s = cpu.state;
  return {
    r: Array.from(s.r.subarray(0, 32)),
    windows: Array.from(s.windows),
    pc: s.pc,
    npc: s.npc,
    y: s.y,
    psr: s.psr,
    wim: s.wim,
    tbr: s.tbr,
    cycle: cpu.cycle,
    instructions: cpu.instructions,
    trapsTaken: cpu.trapsTaken,
    halted: cpu.halted,
  };
}

/** Unsigned 32-bit view of a register value. */
export const u32 = (v: number): number => v >>> 0;
