/**
 * The C side of {@link ./abi.ts}: renders the constant blocks of XAL's
 * headers (`src/xal/include`) from the ABI tables, and the C checks that the
 * headers' structs and prototypes match the tables.
 *
 * A header holds hand-written C (structs, prototypes, inline hypercalls) and
 * generated blocks, delimited by
 * `/* @generated begin ID ... *\/` and `/* @generated end ID *\/`. Every
 * block of {@linkcode renderBlocks} appears in exactly one header; a test
 * checks that each committed block equals its rendering, and
 * `tests/xal/write_headers.ts` rewrites them ({@linkcode applyBlocks}).
 *
 * @module
 */
import {
  ARCH_CONSTANTS,
  ASM_HYPERCALLS,
  COMM_CONSTANTS,
  CORE_CONFIG,
  DERIVED_CONFIG,
  HM_ACTIONS,
  HM_CONSTANTS,
  HM_EVENTS,
  HW_LINE_ALIASES,
  HYPERCALL_TRAPS,
  HYPERCALLS,
  LAYOUTS,
  LIBXM_FUNCTIONS,
  MAX_XMTIME,
  NR_ASM_HYPERCALLS,
  NR_HYPERCALLS,
  OBJ_CLASSES,
  OBJDESC,
  OBJECT_CONSTANTS,
  PARTITION_STATES,
  PCT_CONSTANTS,
  PSR_CONSTANTS,
  RESET_STATUS,
  RETURN_CODES,
  TRAP_LINE_NAMES,
  TRAP_NUMBERS,
  XAL_CONSTANTS,
  XEF_CONSTANTS,
  XM_CONSTANTS,
  XM_VT,
  XMCONF_CONSTANTS,
} from "./abi.ts";

/** A C constant value: a number (int or unsigned), a 64-bit bigint, or a string literal. */
export type CValue = number | bigint | string;

/** One generated block of a header. */
export interface CBlock {
  /** The block id, unique over all headers. */
  readonly id: string;
  /** The header that holds it, relative to `src/xal/include`. */
  readonly header: string;
  /** The `#define`d constants, checked one by one by the header test. */
  readonly constants: Readonly<Record<string, CValue>>;
  /** Function-like macros, written verbatim after the constants. */
  readonly macros: readonly string[];
  /** One line saying what the block is and where it comes from. */
  readonly comment: string;
  /** Print numbers in hex. */
  readonly hex: boolean;
}

/**
 * Spells a constant as C: negative numbers in parentheses, values of 2^31
 * and above as unsigned hex, bigints as `long long`, strings quoted.
 */
export function cLiteral(value: CValue, hex = false): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `0x${value.toString(16)}LL`;
  if (!Number.isInteger(value)) throw new Error(`not an integer: ${value}`);
  if (value < 0) return `(${value})`;
  if (value >= 0x80000000) return `0x${value.toString(16).padStart(8, "0")}U`;
  return hex ? `0x${value.toString(16)}` : String(value);
}

function block(
  id: string,
  header: string,
  comment: string,
  constants: Readonly<Record<string, CValue>>,
  opts: { macros?: string[]; hex?: boolean } = {},
): CBlock {
  return Object.freeze({
    id,
    header,
    comment,
    constants,
    macros: Object.freeze(opts.macros ?? []),
    hex: opts.hex ?? false,
  });
}

function hypercallNumbers(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const h of HYPERCALLS) out[`${h.name}_nr`] = h.nr;
  out.NR_HYPERCALLS = NR_HYPERCALLS;
  out.__FORCE_IRQS_NR = 16;
  out.__CLEAR_IRQS_NR = 17;
  for (const h of ASM_HYPERCALLS) out[`${h.name}_nr`] = h.nr;
  out.NR_ASM_HYPERCALLS = NR_ASM_HYPERCALLS;
  return out;
}

function pick<T extends Record<string, CValue>>(
  from: T,
  keys: readonly (keyof T)[],
): Record<string, CValue> {
  return Object.fromEntries(keys.map((k) => [k, from[k]]));
}

/** Every generated block, in a fixed order. */
export function renderBlocks(): readonly CBlock[] {
  return [
    block(
      "autoconf",
      "xm_inc/autoconf.h",
      "XM-Q 1.0.8 LEON3 defconfig as resolved by its kconfig (research §10.4)",
      CORE_CONFIG,
    ),
    block(
      "config-derived",
      "xm_inc/config.h",
      "macros config.h derives from autoconf.h (research §10.4)",
      DERIVED_CONFIG,
      { hex: true },
    ),
    block(
      "arch-types",
      "xm_inc/arch/arch_types.h",
      "word and time limits of sparcv8/arch_types.h (research §10.1, §10.4)",
      { ...ARCH_CONSTANTS, MAX_XMTIME },
    ),
    block(
      "hypercall-traps",
      "xm_inc/arch/hypercalls.h",
      "the two hypercall software traps (research §1.1)",
      HYPERCALL_TRAPS,
      { hex: true },
    ),
    block(
      "hypercall-numbers",
      "xm_inc/arch/hypercalls.h",
      "hypercall traps and numbers of XM-Q 1.0.8 (research §1.1, §1.4)",
      hypercallNumbers(),
    ),
    block(
      "return-codes",
      "xm_inc/hypercalls.h",
      "return codes, XM-Q column (research §1.3)",
      RETURN_CODES,
    ),
    block(
      "xm-constants",
      "xm_inc/hypercalls.h",
      "global constants (research §1.3, §10.4)",
      XM_CONSTANTS,
      {
        macros: [
          "#define XM_SET_VERSION(_ver, _subver, _rev) \\",
          "  ((((_ver) & 0xff) << 16) | (((_subver) & 0xff) << 8) | ((_rev) & 0xff))",
          "#define XM_GET_VERSION(_v) (((_v) >> 16) & 0xff)",
          "#define XM_GET_SUBVERSION(_v) (((_v) >> 8) & 0xff)",
          "#define XM_GET_REVISION(_v) ((_v) & 0xff)",
        ],
      },
    ),
    block(
      "objdir",
      "xm_inc/objdir.h",
      "object classes, descriptor fields and object commands (research §1.7, §10.4)",
      { ...OBJ_CLASSES, ...OBJDESC, ...OBJECT_CONSTANTS },
      {
        macros: [
          "#define OBJDESC_BUILD(_class, _partitionId, _id) \\",
          "  ((xmObjDesc_t)((((xmObjDesc_t)(_class) & OBJDESC_CLASS_MASK) << OBJDESC_CLASS_SHIFT) | \\",
          "   (((xmObjDesc_t)(_partitionId) & OBJDESC_PARTITIONID_MASK) << OBJDESC_PARTITIONID_SHIFT) | \\",
          "   ((xmObjDesc_t)(_id) & OBJDESC_ID_MASK)))",
          "#define OBJDESC_GET_CLASS(_oD) ((((xmObjDesc_t)(_oD)) >> OBJDESC_CLASS_SHIFT) & OBJDESC_CLASS_MASK)",
          "#define OBJDESC_GET_PARTITIONID(_oD) \\",
          "  ((((xmObjDesc_t)(_oD)) >> OBJDESC_PARTITIONID_SHIFT) & OBJDESC_PARTITIONID_MASK)",
          "#define OBJDESC_GET_ID(_oD) (((xmObjDesc_t)(_oD)) & OBJDESC_ID_MASK)",
          "#define OBJDESC_IS_VALID(_oD) (!(((xmObjDesc_t)(_oD)) & (1U << OBJDESC_VALIDITY_BIT)))",
          "#define OBJDESC_SET_INVALID(_oD) (((xmObjDesc_t)(_oD)) | (1U << OBJDESC_VALIDITY_BIT))",
        ],
      },
    ),
    block(
      "hm-events",
      "xm_inc/xmconf.h",
      "HM events of XM-Q (research §3.4; src/image/hm_tables.ts)",
      HM_EVENTS,
    ),
    block(
      "hm-actions",
      "xm_inc/xmconf.h",
      "HM actions of XM-Q (research §3.4; src/image/hm_tables.ts)",
      HM_ACTIONS,
    ),
    block(
      "xmconf",
      "xm_inc/xmconf.h",
      "memory-area, partition and slot flags, region and I/O port types (research §2.2, §5.2, §10.4)",
      XMCONF_CONSTANTS,
      { hex: true },
    ),
    block(
      "hw-line-aliases",
      "xm_inc/xmconf.h",
      "LEON2-named hardware line aliases of sparcv8/xmconf.h (research §10.4)",
      HW_LINE_ALIASES,
    ),
    block(
      "hm-log",
      "xm_inc/objects/hm.h",
      "HM log record fields and HM limits (research §3.4, §10.4)",
      HM_CONSTANTS,
      { hex: true },
    ),
    block(
      "status",
      "xm_inc/objects/status.h",
      "partition states and reset status values (research §10.4)",
      { ...PARTITION_STATES, ...RESET_STATUS },
    ),
    block(
      "commports",
      "xm_inc/objects/commports.h",
      "communication port constants (research §1.3, §10.4)",
      COMM_CONSTANTS,
    ),
    block(
      "pct",
      "xm_inc/guest.h",
      "PCT magic, address and flags (research §2.1, §2.2, §10.4)",
      PCT_CONSTANTS,
      { hex: true },
    ),
    block(
      "virtual-irqs",
      "xm_inc/guest.h",
      "virtual interrupt numbers, LEON3 (research §2.4)",
      XM_VT,
    ),
    block(
      "traps",
      "xm_inc/arch/irqs.h",
      "SPARC trap types XM-Q names, LEON3 (research §2.3, §10.4)",
      { ...TRAP_NUMBERS, ...TRAP_LINE_NAMES },
      { hex: true },
    ),
    block(
      "processor",
      "xm_inc/arch/processor.h",
      "PSR and LEON cache-control bits (research §10.4)",
      PSR_CONSTANTS,
      { hex: true },
    ),
    block(
      "xef",
      "xm_inc/xmef.h",
      "image header magics and XEF/container results (research §5.2, §10.2)",
      XEF_CONSTANTS,
      { hex: true },
    ),
    block(
      "xal-irqs",
      "irqs.h",
      "XAL trap table constants (research §4, §10.4)",
      pick(XAL_CONSTANTS, [
        "TRAPTAB_LENGTH",
        "XM_VT_EXT_HW_TIMER_TTAB",
        "XM_VT_EXT_SHUTDOWN_TTAB",
        "XM_VT_EXT_QUEUING_PORT_TTAB",
        "XM_VT_EXT_CYCLIC_SLOT_START_TTAB",
      ]),
      { macros: ["#define XAL_XMEXT_TRAP(_x) ((_x) + 224)"] },
    ),
    block(
      "xal-config",
      "xal.h",
      "XAL's own configuration (research §10.4, §10.5)",
      pick(XAL_CONSTANTS, ["CONFIG_STACK_KB", "STACK_SIZE"]),
    ),
  ];
}

/** The text of a block, delimiters included. */
export function renderBlock(b: CBlock): string {
  const lines = [
    `/* @generated begin ${b.id}: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */`,
    `/* ${b.comment} */`,
  ];
  for (const [name, value] of Object.entries(b.constants)) {
    lines.push(`#define ${name} ${cLiteral(value, b.hex)}`);
  }
  lines.push(...b.macros);
  lines.push(`/* @generated end ${b.id} */`);
  return lines.join("\n");
}

const BLOCK_RE = /\/\* @generated begin ([\w-]+):[^\n]*\*\/\n[\s\S]*?\/\* @generated end \1 \*\//g;

/** The generated blocks a header text contains, by id (full text, delimiters included). */
export function extractBlocks(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(BLOCK_RE)) {
    if (out.has(m[1])) throw new Error(`block ${m[1]} appears twice`);
    out.set(m[1], m[0]);
  }
  return out;
}

/**
 * Replaces the generated blocks of a header text by their rendering; blocks
 * the text does not contain are left out (add the delimiters by hand once).
 */
export function applyBlocks(text: string, blocks: readonly CBlock[]): string {
  const byId = new Map(blocks.map((b) => [b.id, b]));
  return text.replace(BLOCK_RE, (whole, id: string) => {
    const b = byId.get(id);
    return b ? renderBlock(b) : whole;
  });
}

// ---------------------------------------------------------------------------------------------
// The check file: static assertions over the headers
// ---------------------------------------------------------------------------------------------

/** The designator of a layout field's member, for `offsetof` (the containing struct, for a bit-field). */
function designator(name: string, isBitField: boolean): string {
  if (!isBitField) return name;
  const dot = name.lastIndexOf(".");
  return name.slice(0, dot);
}

/**
 * A C translation unit that includes `xm.h`, `irqs.h` and `xal.h` and
 * asserts at compile time: the value of every constant of every block, the
 * function-like macros on sample arguments, `sizeof` of every layout, the
 * offset, size and type of every field, and the type of every API function
 * (through an assignment to a pointer of the declared type, which
 * `-Werror` turns into an error when the prototype differs).
 */
export function renderAbiChecks(): string {
  const out: string[] = [
    "/* Generated by src/kernel/abi_c.ts renderAbiChecks(): the headers against abi.ts. */",
    "#include <xm.h>",
    "#include <irqs.h>",
    "#include <xal.h>",
    "",
    "#define OFFSETOF(t, m) __builtin_offsetof(t, m)",
    "#define MEMBER(t, m) (((t *)0)->m)",
    "",
  ];
  for (const b of renderBlocks()) {
    out.push(`/* block ${b.id} (${b.header}) */`);
    for (const [name, value] of Object.entries(b.constants)) {
      if (typeof value === "string") {
        out.push(`const char check_${name}[] = ${name};`);
        out.push(
          `_Static_assert(sizeof(check_${name}) == ${
            new TextEncoder().encode(value).length + 1
          }, "${name} length");`,
        );
      } else {
        out.push(`_Static_assert(${name} == ${cLiteral(value)}, "${name}");`);
      }
    }
  }
  out.push("/* function-like macros */");
  out.push(`_Static_assert(OBJDESC_BUILD(8, 3, 0) == 0x800c00U, "OBJDESC_BUILD");`);
  out.push(`_Static_assert(OBJDESC_BUILD(7, 0xff, 5) == 0x73fc05U, "OBJDESC_BUILD hm");`);
  out.push(`_Static_assert(OBJDESC_GET_CLASS(0x73fc05U) == 7, "OBJDESC_GET_CLASS");`);
  out.push(
    `_Static_assert(OBJDESC_GET_PARTITIONID(0x73fc05U) == 0xff, "OBJDESC_GET_PARTITIONID");`,
  );
  out.push(`_Static_assert(OBJDESC_GET_ID(0x73fc05U) == 5, "OBJDESC_GET_ID");`);
  out.push(`_Static_assert(OBJDESC_IS_VALID(0x73fc05U), "OBJDESC_IS_VALID");`);
  out.push(`_Static_assert(!OBJDESC_IS_VALID(OBJDESC_SET_INVALID(1)), "OBJDESC_SET_INVALID");`);
  out.push(`_Static_assert(XM_SET_VERSION(1, 0, 8) == 0x010008, "XM_SET_VERSION");`);
  out.push(`_Static_assert(XM_GET_SUBVERSION(0x010203) == 2, "XM_GET_SUBVERSION");`);
  out.push(`_Static_assert(XM_GET_VERSION(0x010203) == 1, "XM_GET_VERSION");`);
  out.push(`_Static_assert(XM_GET_REVISION(0x010203) == 3, "XM_GET_REVISION");`);
  out.push(`_Static_assert(XAL_XMEXT_TRAP(XM_VT_EXT_HW_TIMER) == 224, "XAL_XMEXT_TRAP");`);
  out.push("/* types (research §10.1) */");
  for (
    const [t, size] of [
      ["xm_u8_t", 1],
      ["xm_s8_t", 1],
      ["xm_u16_t", 2],
      ["xm_s16_t", 2],
      ["xm_u32_t", 4],
      ["xm_s32_t", 4],
      ["xm_u64_t", 8],
      ["xm_s64_t", 8],
      ["xmLong_t", 4],
      ["xmWord_t", 4],
      ["xmTime_t", 8],
      ["xmAddress_t", 4],
      ["xmIoAddress_t", 4],
      ["xmSize_t", 4],
      ["xmSSize_t", 4],
      ["xmId_t", 4],
      ["xmObjDesc_t", 4],
    ] as const
  ) {
    out.push(`_Static_assert(sizeof(${t}) == ${size}, "sizeof ${t}");`);
  }
  for (const t of ["xm_s8_t", "xm_s16_t", "xm_s32_t", "xm_s64_t", "xmTime_t", "xmSSize_t"]) {
    out.push(`_Static_assert((${t})-1 < 0, "${t} is signed");`);
  }
  for (const t of ["xm_u8_t", "xm_u16_t", "xm_u32_t", "xm_u64_t", "xmWord_t", "xmId_t"]) {
    out.push(`_Static_assert((${t})-1 > 0, "${t} is unsigned");`);
  }
  out.push("/* layouts (research §2.2, §10.3) */");
  for (const l of LAYOUTS) {
    const t = l.cType;
    out.push(`_Static_assert(sizeof(${t}) == ${l.size}, "sizeof ${t}");`);
    const seen = new Set<string>();
    for (const fld of l.fields) {
      const bit = fld.bits !== undefined;
      const m = designator(fld.name, bit);
      if (bit) {
        if (seen.has(m)) continue;
        seen.add(m);
        out.push(`_Static_assert(OFFSETOF(${t}, ${m}) == ${fld.offset}, "${t}.${m}");`);
        continue;
      }
      out.push(`_Static_assert(OFFSETOF(${t}, ${m}) == ${fld.offset}, "offset ${t}.${m}");`);
      out.push(`_Static_assert(sizeof(MEMBER(${t}, ${m})) == ${fld.size}, "size ${t}.${m}");`);
      const elem = fld.count === undefined ? `MEMBER(${t}, ${m})` : `MEMBER(${t}, ${m})[0]`;
      out.push(
        `_Static_assert(_Generic(${elem}, ${fld.type}: 1, default: 0), "type ${t}.${m}");`,
      );
    }
  }
  out.push("/* prototypes (research §10.2) */");
  out.push("void xmbench_check_prototypes(void);");
  out.push("void xmbench_check_prototypes(void) {");
  LIBXM_FUNCTIONS.forEach((fn, i) => {
    const params = fn.args.length === 0 ? "void" : fn.args.map((a) => a.type).join(", ");
    out.push(`  { ${fn.returns} (*p${i})(${params}) = ${fn.name}; (void)p${i}; }`);
  });
  out.push("  { xmId_t self = XM_PARTITION_SELF; (void)self; }");
  out.push("}");
  return out.join("\n") + "\n";
}
