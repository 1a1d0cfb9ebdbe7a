/**
 * XM-Q's object interface (research §1.7, §10.4): the object classes, the
 * object descriptor's bit fields with their builder and parser, the shape of
 * a libxm object call, and the object-class commands.
 *
 * @module
 */

/** The object classes of `objdir.h` (research §1.7); `OBJ_NO_CLASSES` = 12. */
export const OBJ_CLASSES = {
  OBJ_CLASS_NULL: 0,
  OBJ_CLASS_CONSOLE: 1,
  OBJ_CLASS_TRACE: 2,
  OBJ_CLASS_DIRECTORY: 3,
  OBJ_CLASS_SAMPLING_PORT: 4,
  OBJ_CLASS_QUEUING_PORT: 5,
  OBJ_CLASS_MEM: 6,
  OBJ_CLASS_HM: 7,
  OBJ_CLASS_STATUS: 8,
  OBJ_CLASS_UART: 9,
  OBJ_CLASS_OBT: 10,
  OBJ_CLASS_HM_APP: 11,
  OBJ_NO_CLASSES: 12,
} as const;

/**
 * The object descriptor's bit fields (research §1.7, §10.4): bit 31 set =
 * invalid; class bits 30..20; partition id bits 19..10; object id bits 9..0.
 */
export const OBJDESC = {
  OBJDESC_VALIDITY_BIT: 31,
  OBJDESC_CLASS_SHIFT: 20,
  OBJDESC_CLASS_MASK: 0x7ff,
  OBJDESC_PARTITIONID_SHIFT: 10,
  OBJDESC_PARTITIONID_MASK: 0x3ff,
  OBJDESC_ID_SHIFT: 0,
  OBJDESC_ID_MASK: 0x3ff,
} as const;

/** An object descriptor's fields. */
export interface ObjDesc {
  /** False when the validity bit (31) is set. */
  readonly valid: boolean;
  /** The object class (`OBJ_CLASS_*`). */
  readonly objClass: number;
  /** The partition field (a partition id or XM_HYPERVISOR_ID). */
  readonly partitionId: number;
  /** The object id within the class. */
  readonly id: number;
}

/**
 * Builds an object descriptor as `OBJDESC_BUILD(class, partitionId, id)`
 * does (valid; fields masked to their widths).
 */
export function objDesc(objClass: number, partitionId: number, id: number): number {
  return (((objClass & 0x7ff) << 20) | ((partitionId & 0x3ff) << 10) | (id & 0x3ff)) >>> 0;
}

/** Splits an object descriptor (a u32) into its fields. */
export function parseObjDesc(desc: number): ObjDesc {
  const d = desc >>> 0;
  return {
    valid: (d >>> 31) === 0,
    objClass: (d >>> 20) & 0x7ff,
    partitionId: (d >>> 10) & 0x3ff,
    id: d & 0x3ff,
  };
}

/** A libxm function over the object interface: the hypercall and descriptor it uses (§1.7, §10.2). */
export interface ObjectCall {
  /** read_object, write_object, seek_object or ctrl_object. */
  readonly hypercall: "read_object" | "write_object" | "seek_object" | "ctrl_object";
  /** Its object class (`OBJ_CLASS_*` name). */
  readonly objClass: keyof typeof OBJ_CLASSES;
  /** The partition field: `self`, `hypervisor` (0xff), `arg` (from an argument), `zero`, or `desc` (the caller's descriptor). */
  readonly partition: "self" | "hypervisor" | "arg" | "zero" | "desc";
  /** The ctrl_object command, for ctrl_object. */
  readonly cmd?: number;
}

/** Object-class commands and per-object constants (research §1.7, §10.4). */
export const OBJECT_CONSTANTS = {
  XM_OBJ_SEEK_CUR: 0,
  XM_OBJ_SEEK_SET: 1,
  XM_OBJ_SEEK_END: 2,
  XM_OBJ_MEM_CPY_AREA: 1,
  XM_GET_SYSTEM_STATUS: 0,
  XM_GET_SCHED_PLAN_STATUS: 1,
  XM_HM_GET_STATUS: 0,
  XM_TRACE_GET_STATUS: 0,
  XM_TRACE_PAYLOAD_LENGTH: 8,
  XM_COMM_CREATE_PORT: 0,
  XM_COMM_GET_PORT_STATUS: 1,
  XM_COMM_GET_PORT_INFO: 2,
} as const;
