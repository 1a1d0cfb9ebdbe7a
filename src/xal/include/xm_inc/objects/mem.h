/* xm_inc/objects/mem.h: the memory class (research §1.7, §10.3): the argument of XM_OBJ_MEM_CPY_AREA. */
#ifndef _XM_INC_OBJECTS_MEM_H_
#define _XM_INC_OBJECTS_MEM_H_

#include <xm_inc/arch/arch_types.h>

#ifndef __ASSEMBLY__
union memCmd {
    struct {
        xmId_t dstId;
        xmAddress_t dstAddr;
        xmId_t srcId;
        xmAddress_t srcAddr;
        xmSSize_t size;
    } cpyArea;
};
#endif

#endif
