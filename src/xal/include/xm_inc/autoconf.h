/*
 * xm_inc/autoconf.h: the XtratuM core configuration partitions see, as
 * XM-Q 1.0.8's kconfig resolves its LEON3 defconfig (research §10.4).
 * Not set, so not defined: CONFIG_LEON3FT, CONFIG_MPU, CONFIG_SMP_SUPPORT,
 * CONFIG_AMP_SUPPORT, CONFIG_IPVI_SUPPORT, CONFIG_MAX_NO_IPVI,
 * CONFIG_SPW_RTC, CONFIG_LEON_EDAC_SUPPORT, CONFIG_PLAN_EXTSYNC,
 * CONFIG_WATCHDOG. (XM-Q's defconfig says CONFIG_MPU=y, but MPU depends on
 * LEON2: a LEON3 build has CONFIG_MMU and a 248-byte PCT.)
 */
#ifndef _XM_INC_AUTOCONF_H_
#define _XM_INC_AUTOCONF_H_

/* @generated begin autoconf: from src/kernel/abi.ts by src/kernel/abi_c.ts; do not edit */
/* XM-Q 1.0.8 LEON3 defconfig as resolved by its kconfig (research §10.4) */
#define CONFIG_SPARCv8 1
#define CONFIG_LEON3 1
#define CONFIG_TSIM 1
#define CONFIG_NONE 1
#define CONFIG_MMU 1
#define CONFIG_ARCH_MMU_BYPASS 1
#define CONFIG_TARGET_BIG_ENDIAN 1
#define CONFIG_HWIRQ_PRIO_LBS 1
#define CONFIG_CPU_NO_IRQS 16
#define CONFIG_NO_HWIRQS 16
#define CONFIG_NO_VCPUS 2
#define CONFIG_MAX_NO_MAREAS 8
#define CONFIG_MAX_NO_CUSTOMFILES 3
#define CONFIG_ID_STRING_LENGTH 16
#define CONFIG_KSTACK_KB 8
#define CONFIG_XM_LOAD_ADDR 1073741824
#define CONFIG_XM_OFFSET 1073741824
#define CONFIG_ENABLE_CACHE 1
#define CONFIG_CACHE_SNOOP 1
#define CONFIG_CACHE_IBURST_FETCH 1
#define CONFIG_FLUSH_CACHE_AFTER_CS 1
#define CONFIG_ENABLE_POWERDOWN 1
#define CONFIG_UART_TIMEOUT 500
#define CONFIG_DEV_UART 1
#define CONFIG_DEV_UART_1 1
#define CONFIG_DEV_UART_2 1
#define CONFIG_DEV_UART_FLOWCONTROL 1
#define CONFIG_DEV_NO_UARTS 2
#define CONFIG_DEV_MEMBLOCK 1
#define CONFIG_OBJ_HM_VERBOSE 1
#define CONFIG_OBJ_HM_LOG_NO_ELEM 20
#define CONFIG_OBJ_TRACE_LOG_NO_ELEM 20
#define CONFIG_OBJ_MAX_NO_COMMPORTS 256
#define CONFIG_ASSERT 1
#define CONFIG_DEBUG 1
#define CONFIG_VERBOSE_TRAP 1
#define CONFIG_ARCH "sparcv8"
#define CONFIG_KERNELVERSION "1.0.8"
#define CONFIG_XM_VERSION 1
#define CONFIG_XM_SUBVERSION 0
#define CONFIG_XM_REVISION 8
/* @generated end autoconf */

#endif
