/*
 * stddef.h: XAL's freestanding <stddef.h> (XtratuM XAL, research page §4).
 */
#ifndef _XAL_STDDEF_H_
#define _XAL_STDDEF_H_

#ifndef _XAL_SIZE_T_DEFINED
#define _XAL_SIZE_T_DEFINED
typedef __SIZE_TYPE__ size_t;
#endif

typedef __PTRDIFF_TYPE__ ptrdiff_t;

#ifndef __cplusplus
typedef __WCHAR_TYPE__ wchar_t;
#endif

#ifndef NULL
#define NULL ((void *)0)
#endif

#define offsetof(type, member) __builtin_offsetof(type, member)

#endif
