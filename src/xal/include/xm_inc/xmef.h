/*
 * xm_inc/xmef.h: the partition image header (section .xmImageHdr, research
 * §5.2, §10.5) and the XEF/container results. The XEF file structs are
 * opaque here: the research does not give their layout.
 */
#ifndef _XM_INC_XMEF_H_
#define _XM_INC_XMEF_H_

#include <xm_inc/config.h>
#include <xm_inc/arch/arch_types.h>

/* @generated begin xef: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* image header magics and XEF/container results (research §5.2, §10.2) */
#define XMEF_PARTITION_MAGIC 0x24584d69
#define XMEF_XM_MAGIC 0x24584d68
#define XEF_OK 0x0
#define XEF_BAD_SIGNATURE (-1)
#define XEF_INCORRECT_VERSION (-2)
#define XEF_UNMATCHING_DIGEST (-3)
#define CONTAINER_OK 0x0
#define CONTAINER_BAD_SIGNATURE (-1)
#define CONTAINER_INCORRECT_VERSION (-2)
#define CONTAINER_UNMATCHING_DIGEST (-3)
/* @generated end xef */

#ifndef __ASSEMBLY__
struct xefCustomFile {
    xmAddress_t sAddr;
    xmSize_t size;
};

/* How XtratuM code places its own image header: `struct xmImageHdr xmImageHdr __XMIHDR = {...};` */
#define __XMIHDR __attribute__((section(".xmImageHdr"), used))

struct xmImageHdr {
    xm_u32_t sSignature; /* XMEF_PARTITION_MAGIC */
    xm_u32_t compilationXmAbiVersion;
    xm_u32_t compilationXmApiVersion;
    xm_u32_t noCustomFiles;
    struct xefCustomFile customFileTab[CONFIG_MAX_NO_CUSTOMFILES];
    xm_u32_t eSignature; /* XMEF_PARTITION_MAGIC */
};

struct xefFile;
struct xefOps;
struct xefContainerFile;
#endif

#endif
