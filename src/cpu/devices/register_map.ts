/**
 * Register maps as data: every register of a device with its offset, reset
 * value and fields, every field with its bit range, access kind, a one-line
 * description and whether the model implements it. The devices take their
 * masks from these tables and the tests walk them (reset values, read/write
 * masks, reserved bits); {@linkcode RegisterMap} reports, once per field,
 * when software touches a field the model does not implement.
 *
 * Every bit of every register is named: bits GRLIB leaves unused are
 * `RESERVED` fields, which read 0 and ignore writes.
 *
 * @module
 */

/**
 * How software sees a field.
 *
 * - `read-only`: reads the hardware's value; writes are ignored.
 * - `read-write`: reads back what was written (the hardware may also change it).
 * - `write-1-to-clear`: reads a status; writing 1 clears it, writing 0 does nothing.
 * - `write-1-to-set`: reads a status; writing 1 sets it, writing 0 does nothing.
 * - `write-only`: an action or a self-clearing bit; reads 0.
 * - `read-status-write-1-action`: reads a status; writing 1 requests an action.
 * - `reserved`: reads 0; writes are ignored.
 */
export type FieldAccess =
  | "read-only"
  | "read-write"
  | "write-1-to-clear"
  | "write-1-to-set"
  | "write-only"
  | "read-status-write-1-action"
  | "reserved";

/** One field of a register: a named bit range. */
export interface FieldSpec {
  /** The field's name as GRLIB's manual spells it (e.g. `"EN"`), `"RESERVED"` for unused bits. */
  readonly name: string;
  /** The highest bit of the field (31-0). */
  readonly msb: number;
  /** The lowest bit of the field. */
  readonly lsb: number;
  /** How software sees it. */
  readonly access: FieldAccess;
  /** One line saying what it is (e.g. `"loopback"`). */
  readonly description: string;
  /** False when the model does not implement what the field does (default true). */
  readonly modelled: boolean;
  /**
   * What the model does instead, for a field that is not modelled: the end of
   * the notice, e.g. `"writes are kept but have no effect"`.
   */
  readonly note?: string;
}

/** One register of a device. */
export interface RegisterSpec {
  /** Offset from the device's base (4-aligned). */
  readonly offset: number;
  /** A short name (e.g. `"control"`, `"timer1.counter"`). */
  readonly name: string;
  /** The value read after reset. */
  readonly reset: number;
  /** The fields, highest first; together they cover bits 31-0 exactly once. */
  readonly fields: readonly FieldSpec[];
}

/** Extra properties of a field built with {@linkcode field} or {@linkcode bit}. */
export interface FieldOptions {
  /** False when the model does not implement the field (default true). */
  readonly modelled?: boolean;
  /** What the model does instead (the end of the notice). */
  readonly note?: string;
}

/**
 * Builds a field spanning bits `msb` down to `lsb`.
 *
 * @param name The field's name.
 * @param msb Its highest bit.
 * @param lsb Its lowest bit.
 * @param access How software sees it.
 * @param description One line saying what it is.
 * @param options Whether it is modelled, and what happens instead.
 * @returns The field.
 */
export function field(
  name: string,
  msb: number,
  lsb: number,
  access: FieldAccess,
  description: string,
  options: FieldOptions = {},
): FieldSpec {
  if (!(msb >= lsb && lsb >= 0 && msb <= 31)) {
    throw new RangeError(`field ${name}: bits ${msb}:${lsb} are not a range within 31:0`);
  }
  return {
    name,
    msb,
    lsb,
    access,
    description,
    modelled: options.modelled ?? true,
    ...(options.note === undefined ? {} : { note: options.note }),
  };
}

/**
 * Builds a one-bit field.
 *
 * @param name The field's name.
 * @param n The bit.
 * @param access How software sees it.
 * @param description One line saying what it is.
 * @param options Whether it is modelled, and what happens instead.
 * @returns The field.
 */
export function bit(
  name: string,
  n: number,
  access: FieldAccess,
  description: string,
  options: FieldOptions = {},
): FieldSpec {
  return field(name, n, n, access, description, options);
}

/**
 * Builds a reserved field: unused bits that read 0 and ignore writes.
 *
 * @param msb Its highest bit.
 * @param lsb Its lowest bit.
 * @param options Set `modelled: false` and a note when GRLIB releases the
 *   model does not follow may define these bits, so that writes of non-zero
 *   values are reported.
 * @returns The field, named `"RESERVED"`.
 */
export function reserved(msb: number, lsb: number, options: FieldOptions = {}): FieldSpec {
  return field("RESERVED", msb, lsb, "reserved", "unused: reads 0, writes are ignored", options);
}

/**
 * The mask of a field's bits in the register word.
 *
 * @param f The field.
 * @returns The mask, as an unsigned 32-bit number.
 */
export function fieldMask(f: FieldSpec): number {
  const width = f.msb - f.lsb + 1;
  return width === 32 ? 0xffffffff : (((1 << width) >>> 0) - 1) * 2 ** f.lsb;
}

/**
 * A field's value in a register word.
 *
 * @param word The register word.
 * @param f The field.
 * @returns The field's value, shifted down to bit 0.
 */
export function fieldValue(word: number, f: FieldSpec): number {
  return Math.floor((word >>> 0) / 2 ** f.lsb) % 2 ** (f.msb - f.lsb + 1);
}

/**
 * The bits of a register that software reads with a meaning: every field
 * except reserved and write-only ones.
 *
 * @param reg The register.
 * @returns The mask.
 */
export function readableMask(reg: RegisterSpec): number {
  let m = 0;
  for (const f of reg.fields) {
    if (f.access !== "reserved" && f.access !== "write-only") m = (m | fieldMask(f)) >>> 0;
  }
  return m >>> 0;
}

/**
 * The bits of a register that read back what was written: the `read-write` fields.
 *
 * @param reg The register.
 * @returns The mask.
 */
export function readWriteMask(reg: RegisterSpec): number {
  let m = 0;
  for (const f of reg.fields) if (f.access === "read-write") m = (m | fieldMask(f)) >>> 0;
  return m >>> 0;
}

/**
 * Checks that a register is well formed: fields cover bits 31-0 exactly once,
 * highest first, and the reset value has no bit set in a reserved or
 * write-only field.
 *
 * @param reg The register.
 * @returns The problems found, empty when it is well formed.
 */
export function registerProblems(reg: RegisterSpec): string[] {
  const problems: string[] = [];
  let next = 31;
  for (const f of reg.fields) {
    if (f.msb !== next) problems.push(`${reg.name}.${f.name}: expected msb ${next}, got ${f.msb}`);
    next = f.lsb - 1;
  }
  if (next !== -1) problems.push(`${reg.name}: bits ${next}:0 are not named`);
  for (const f of reg.fields) {
    if ((f.access === "reserved" || f.access === "write-only") && fieldValue(reg.reset, f) !== 0) {
      problems.push(`${reg.name}.${f.name}: the reset value sets bits that read 0`);
    }
  }
  if (reg.offset % 4 !== 0) problems.push(`${reg.name}: offset 0x${reg.offset.toString(16)}`);
  return problems;
}

/** Receives the notices of a device: one line each, about a field the model does not implement. */
export type Notice = (message: string) => void;

/**
 * A device's registers, looked up by offset, with the once-per-field notices
 * about fields that are not modelled.
 */
export class RegisterMap {
  /** The registers, in offset order. */
  readonly registers: readonly RegisterSpec[];
  readonly #byOffset = new Map<number, RegisterSpec>();
  readonly #reported = new Set<string>();

  /**
   * Builds the map.
   *
   * @param device The device's name, which starts every notice (e.g. `"apbuart0"`).
   * @param registers The registers.
   * @param notice Receives the notices (default: dropped).
   * @throws RangeError when a register is malformed or two share an offset.
   */
  constructor(
    readonly device: string,
    registers: readonly RegisterSpec[],
    readonly notice: Notice = () => {},
  ) {
    this.registers = [...registers].sort((a, b) => a.offset - b.offset);
    for (const reg of this.registers) {
      const problems = registerProblems(reg);
      if (problems.length > 0) throw new RangeError(`${device}: ${problems.join("; ")}`);
      if (this.#byOffset.has(reg.offset)) {
        throw new RangeError(`${device}: two registers at offset 0x${reg.offset.toString(16)}`);
      }
      this.#byOffset.set(reg.offset, reg);
    }
  }

  /**
   * The register at an offset.
   *
   * @param offset The offset from the device's base.
   * @returns The register, or `undefined` if none is decoded there.
   */
  at(offset: number): RegisterSpec | undefined {
    return this.#byOffset.get(offset);
  }

  /**
   * The register with a name.
   *
   * @param name The register's name.
   * @returns The register.
   * @throws RangeError when there is none.
   */
  named(name: string): RegisterSpec {
    const reg = this.registers.find((r) => r.name === name);
    if (!reg) throw new RangeError(`${this.device}: no register named ${name}`);
    return reg;
  }

  /**
   * Reports a write that puts a non-zero value into a field that is not
   * modelled (once per field for the device's lifetime).
   *
   * @param offset The register's offset.
   * @param value The word written.
   */
  noteWrite(offset: number, value: number): void {
    const reg = this.#byOffset.get(offset);
    if (!reg) return;
    for (const f of reg.fields) {
      if (!f.modelled && fieldValue(value, f) !== 0) this.#report(reg, f);
    }
  }

  /**
   * Reports a read of a register whose fields are not modelled but carry a
   * meaning (once per field).
   *
   * @param offset The register's offset.
   */
  noteRead(offset: number): void {
    const reg = this.#byOffset.get(offset);
    if (!reg) return;
    for (const f of reg.fields) {
      if (!f.modelled && f.access !== "reserved" && f.access !== "write-only") this.#report(reg, f);
    }
  }

  #report(reg: RegisterSpec, f: FieldSpec): void {
    const key = `${reg.name}.${f.name}`;
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    const what = f.name === "RESERVED"
      ? `${reg.name}[${f.msb}:${f.lsb}]`
      : `${reg.name}.${f.name} (${f.description})`;
    this.notice(`${this.device}: ${what} is not modelled; ${f.note ?? defaultNote(f)}`);
  }
}

function defaultNote(f: FieldSpec): string {
  switch (f.access) {
    case "read-write":
      return "writes are kept but have no effect";
    case "reserved":
      return "the bits read 0 and writes are ignored";
    default:
      return "it reads 0 and writes have no effect";
  }
}
