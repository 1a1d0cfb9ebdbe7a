/**
 * The XtratuM ABI of xmbench, declared once: XM-Q 1.0.8 for LEON3 (not
 * LEON3FT), as the research page (`../shared/research/xtratum.md`) gives it.
 *
 * Everything a partition can observe is here as data: the hypercall traps and
 * numbers with their arguments (§1.1, §1.2, §1.4, §1.8, §10.2), the libxm
 * functions built on them (§1.7, §10.2), return codes (§1.3), constants
 * (§1.3, §2.2-2.4, §10.4), object descriptors (§1.7), the PCT and the other
 * structs as layout tables (§2.2, §10.3), virtual trap and interrupt numbers
 * (§2.3, §2.4), and the core configuration macros partitions see (§10.4).
 * The HM events and actions are those of `src/image/hm_tables.ts`,
 * re-exported here.
 *
 * The C headers of XAL (`src/xal/include`) are checked against this module:
 * their constant blocks are rendered from it by `abi_c.ts`, and a test
 * compiles `_Static_assert`s for every constant and every struct field.
 *
 * It is split by concept under `abi/` (types, hypercalls, constants, object
 * descriptors, HM, traps, config, libxm, layouts); this module re-exports
 * every part under the same names.
 *
 * @module
 */
export * from "./abi/types.ts";
export * from "./abi/hypercalls.ts";
export * from "./abi/constants.ts";
export * from "./abi/object_descriptors.ts";
export * from "./abi/hm.ts";
export * from "./abi/traps.ts";
export * from "./abi/config.ts";
export * from "./abi/libxm.ts";
export * from "./abi/layouts.ts";
