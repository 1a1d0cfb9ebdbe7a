/*
 * xm_inc/objdir.h: the object interface (research §1.7). A descriptor is a
 * u32: bit 31 set = invalid, class in bits 30..20, partition id in bits
 * 19..10, object id in bits 9..0. The *_SHIFT names and the GET/IS_VALID
 * helpers are xmbench's spelling of these fields.
 */
#ifndef _XM_INC_OBJDIR_H_
#define _XM_INC_OBJDIR_H_

#include <xm_inc/arch/arch_types.h>

#ifndef __ASSEMBLY__
typedef xm_u32_t xmObjDesc_t;
#endif

/* @generated begin objdir: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* object classes, descriptor fields and object commands (research §1.7, §10.4) */
#define OBJ_CLASS_NULL 0
#define OBJ_CLASS_CONSOLE 1
#define OBJ_CLASS_TRACE 2
#define OBJ_CLASS_DIRECTORY 3
#define OBJ_CLASS_SAMPLING_PORT 4
#define OBJ_CLASS_QUEUING_PORT 5
#define OBJ_CLASS_MEM 6
#define OBJ_CLASS_HM 7
#define OBJ_CLASS_STATUS 8
#define OBJ_CLASS_UART 9
#define OBJ_CLASS_OBT 10
#define OBJ_CLASS_HM_APP 11
#define OBJ_NO_CLASSES 12
#define OBJDESC_VALIDITY_BIT 31
#define OBJDESC_CLASS_SHIFT 20
#define OBJDESC_CLASS_MASK 2047
#define OBJDESC_PARTITIONID_SHIFT 10
#define OBJDESC_PARTITIONID_MASK 1023
#define OBJDESC_ID_SHIFT 0
#define OBJDESC_ID_MASK 1023
#define XM_OBJ_SEEK_CUR 0
#define XM_OBJ_SEEK_SET 1
#define XM_OBJ_SEEK_END 2
#define XM_OBJ_MEM_CPY_AREA 1
#define XM_GET_SYSTEM_STATUS 0
#define XM_GET_SCHED_PLAN_STATUS 1
#define XM_HM_GET_STATUS 0
#define XM_TRACE_GET_STATUS 0
#define XM_TRACE_PAYLOAD_LENGTH 8
#define XM_COMM_CREATE_PORT 0
#define XM_COMM_GET_PORT_STATUS 1
#define XM_COMM_GET_PORT_INFO 2
#define OBJDESC_BUILD(_class, _partitionId, _id) \
  ((xmObjDesc_t)((((xmObjDesc_t)(_class) & OBJDESC_CLASS_MASK) << OBJDESC_CLASS_SHIFT) | \
   (((xmObjDesc_t)(_partitionId) & OBJDESC_PARTITIONID_MASK) << OBJDESC_PARTITIONID_SHIFT) | \
   ((xmObjDesc_t)(_id) & OBJDESC_ID_MASK)))
#define OBJDESC_GET_CLASS(_oD) ((((xmObjDesc_t)(_oD)) >> OBJDESC_CLASS_SHIFT) & OBJDESC_CLASS_MASK)
#define OBJDESC_GET_PARTITIONID(_oD) \
  ((((xmObjDesc_t)(_oD)) >> OBJDESC_PARTITIONID_SHIFT) & OBJDESC_PARTITIONID_MASK)
#define OBJDESC_GET_ID(_oD) (((xmObjDesc_t)(_oD)) & OBJDESC_ID_MASK)
#define OBJDESC_IS_VALID(_oD) (!(((xmObjDesc_t)(_oD)) & (1U << OBJDESC_VALIDITY_BIT)))
#define OBJDESC_SET_INVALID(_oD) (((xmObjDesc_t)(_oD)) | (1U << OBJDESC_VALIDITY_BIT))
/* @generated end objdir */

#endif
