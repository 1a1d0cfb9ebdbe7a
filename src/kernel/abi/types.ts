/**
 * The basic C types of the XM-Q ABI (research §10.1), as
 * `sparcv8/arch_types.h` spells them.
 *
 * @module
 */

/**
 * The C types of the ABI, as XM-Q's `sparcv8/arch_types.h` spells them
 * (research §10.1), plus the pointer and struct types that appear in
 * prototypes.
 */
export const C_TYPES = {
  xm_u8_t: { c: "unsigned char", size: 1 },
  xm_s8_t: { c: "char", size: 1 },
  xm_u16_t: { c: "unsigned short", size: 2 },
  xm_s16_t: { c: "short", size: 2 },
  xm_u32_t: { c: "unsigned int", size: 4 },
  xm_s32_t: { c: "int", size: 4 },
  xm_u64_t: { c: "unsigned long long", size: 8 },
  xm_s64_t: { c: "long long", size: 8 },
  xmLong_t: { c: "long", size: 4 },
  xmWord_t: { c: "xm_u32_t", size: 4 },
  xmTime_t: { c: "xm_s64_t", size: 8 },
  xmAddress_t: { c: "xm_u32_t", size: 4 },
  xmIoAddress_t: { c: "xm_u32_t", size: 4 },
  xmSize_t: { c: "xm_u32_t", size: 4 },
  xmSSize_t: { c: "xm_s32_t", size: 4 },
  xmId_t: { c: "xm_u32_t", size: 4 },
  xmObjDesc_t: { c: "xm_u32_t", size: 4 },
} as const;

/** The name of a basic ABI type. */
export type CTypeName = keyof typeof C_TYPES;
