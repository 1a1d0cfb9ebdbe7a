/**
 * XM-Q's return codes and global constants (research §1.3, §10.4): the
 * `hypercalls.h` constants, the version, the word constants, partition states,
 * reset status, communication port and XEF constants.
 *
 * @module
 */

/** XM-Q's return codes (research §1.3, XM-Q column: NOT_AVAILABLE -7, OP_NOT_ALLOWED -8). */
export const RETURN_CODES = {
  XM_OK: 0,
  XM_NO_ACTION: -1,
  XM_UNKNOWN_HYPERCALL: -2,
  XM_INVALID_PARAM: -3,
  XM_PERM_ERROR: -4,
  XM_INVALID_CONFIG: -5,
  XM_INVALID_MODE: -6,
  XM_NOT_AVAILABLE: -7,
  XM_OP_NOT_ALLOWED: -8,
} as const;

/** The name of a return code. */
export type ReturnCodeName = keyof typeof RETURN_CODES;

/** Builds a version word: `(v & 0xff) << 16 | (s & 0xff) << 8 | (r & 0xff)` (research §1.3). */
export function xmSetVersion(v: number, s: number, r: number): number {
  return ((v & 0xff) << 16) | ((s & 0xff) << 8) | (r & 0xff);
}

/**
 * Global constants of `hypercalls.h` (research §1.3, §10.4). The ABI/API
 * version macro names are XtratuM's spelling; the research gives the values
 * (ABI 1.0.0, API 1.0.1) but not the names.
 */
export const XM_CONSTANTS = {
  XM_HYPERVISOR_ID: 0xff,
  UNCHECKED_ID: 0xff,
  XM_ABI_VERSION: 1,
  XM_ABI_SUBVERSION: 0,
  XM_ABI_REVISION: 0,
  XM_API_VERSION: 1,
  XM_API_SUBVERSION: 0,
  XM_API_REVISION: 1,
  XM_RESET_MODE: 0x1,
  XM_COLD_RESET: 0,
  XM_WARM_RESET: 1,
  XM_RESET_INVALID_HDR: -1,
  XM_HW_CLOCK: 0,
  XM_EXEC_CLOCK: 1,
  XM_TRAP_TYPE: 0,
  XM_HWIRQ_TYPE: 1,
  XM_EXTIRQ_TYPE: 2,
  XM_DCACHE: 0x1,
  XM_ICACHE: 0x2,
  XM_FREEZE_DCACHE: 0x4,
  XM_FREEZE_ICACHE: 0x8,
  XM_ACTIVATE_CACHE: 1,
  XM_DEACTIVATE_CACHE: 2,
  XM_FLUSH_CACHE: 3,
  XM_PARTITION_NAME: 0,
  XM_PLAN_NAME: 1,
  HYPERCALL_NOT_IMPLEMENTED: -1,
} as const;

/** `XM_VERSION` of the profile: 1.0.8 (research §10.4, `config.h`). */
export const XM_VERSION = 0x010008;

/** `MAX_XMTIME`, the largest `xmTime_t` (research §2.5, §10.1). */
export const MAX_XMTIME = 0x7fffffffffffffffn;

/** `sparcv8/arch_types.h` word constants (research §10.1, §10.4). */
export const ARCH_CONSTANTS = {
  XM_LOG2_WORD_SZ: 5,
  XM_FPU_REG_NR: 33,
  NR_PPAG: 4,
  PAGE_SIZE: 4096,
} as const;

/** Partition states of `xmPartitionStatus_t.state` (research §10.4). */
export const PARTITION_STATES = {
  XM_STATUS_IDLE: 0,
  XM_STATUS_READY: 1,
  XM_STATUS_SUSPENDED: 2,
  XM_STATUS_HALTED: 3,
} as const;

/** Reset status values (research §10.4). */
export const RESET_STATUS = {
  XM_RESET_STATUS_PARTITION_NORMAL_START: 0,
  XM_RESET_STATUS_PARTITION_RESTART: 1,
  XM_HM_RESET_STATUS_MODULE_RESTART: 2,
  XM_HM_RESET_STATUS_PARTITION_RESTART: 3,
  XM_HM_RESET_STATUS_USER_CODE_BIT: 16,
  XM_HM_RESET_STATUS_EVENT_MASK: 0xffff,
} as const;

/**
 * Communication port constants (research §1.3, §10.4). `XM_INFINITE_TIME`
 * is `(xm_u32_t)-1`: as an `xmTime_t` refresh period it is 0xffffffff, not -1.
 */
export const COMM_CONSTANTS = {
  XM_SOURCE_PORT: 0x2,
  XM_DESTINATION_PORT: 0x1,
  XM_SAMPLING_PORT: 0,
  XM_QUEUING_PORT: 1,
  XM_FIFO_PORT: 0,
  XM_PRIORITY_PORT: 1,
  XM_EXTERNAL_PORT: 2,
  XM_COMM_PORT_STATUS_B: 1,
  XM_COMM_PORT_STATUS_M: 0x6,
  XM_COMM_EMPTY_PORT: 0,
  XM_COMM_CONSUMED_MSG: 0x2,
  XM_COMM_NEW_MSG: 0x4,
  XM_COMM_MSG_VALID: 0x1,
  XM_INFINITE_TIME: 0xffffffff,
  XM_NULL_CHANNEL: -1,
} as const;

/** Partition image and XEF constants (research §5.2, §10.2, §10.5). */
export const XEF_CONSTANTS = {
  XMEF_PARTITION_MAGIC: 0x24584d69,
  XMEF_XM_MAGIC: 0x24584d68,
  XEF_OK: 0,
  XEF_BAD_SIGNATURE: -1,
  XEF_INCORRECT_VERSION: -2,
  XEF_UNMATCHING_DIGEST: -3,
  CONTAINER_OK: 0,
  CONTAINER_BAD_SIGNATURE: -1,
  CONTAINER_INCORRECT_VERSION: -2,
  CONTAINER_UNMATCHING_DIGEST: -3,
} as const;
