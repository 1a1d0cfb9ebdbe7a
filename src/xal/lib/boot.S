/*
 * boot.S: XAL's start-up and virtual trap table for XM-Q 1.0.8 on LEON3
 * (research §2.1, §2.3, §10.5).
 *
 * _traptab is the image entry and the first thing in the image (the link
 * script puts .text.init first, 4 KiB aligned). Entry 0 branches to start;
 * entries 1..255 branch to CommonTrapHandler with the vector in %l3.
 *
 * start (entered in user mode with %g1 = the PCT): clears the BSS, sets the
 * stack (%fp = __stack_top from the link script, %sp = %fp - 0x60), calls
 * init_libxm(PCT), sets the virtual TBR to _traptab (hypercall
 * sparc_write_tbr), calls SetupIrqs() and PartitionMain(); if PartitionMain
 * returns, __xal_partition_return flushes stdout and halts the partition.
 * PartitionMain is called without arguments and its result, if any, is
 * ignored (XtratuM's examples declare it void or int).
 *
 * Window overflow and underflow are handled by the kernel and never reach
 * this table (research §2.3).
 */
#define __ASSEMBLY__
#include <xm.h>
#include <irqs.h>

#define FRAME 0x60        /* minimum SPARC frame: 16 saved words, hidden arg, 6 args */
#define CTXT_SIZE 48      /* sizeof(trapCtxt_t) */

        .section .text.init, "ax"
        .align 4096
        .global _traptab
        .type _traptab, #function
_traptab:
        b start
        nop
        nop
        nop
        .set .Lvector, 1
        .rept TRAPTAB_LENGTH - 1
        b CommonTrapHandler
        mov .Lvector, %l3
        nop
        nop
        .set .Lvector, .Lvector + 1
        .endr
        .size _traptab, . - _traptab

        .global start
        .type start, #function
start:
        mov %g1, %l0                    ! the PCT
        set _sbss, %o0
        set _ebss, %o1
1:      cmp %o0, %o1
        bgeu 2f
        nop
        st %g0, [%o0]
        ba 1b
        add %o0, 4, %o0
2:
        set __stack_top, %fp
        sub %fp, FRAME, %sp
        call init_libxm
        mov %l0, %o0
        set _traptab, %o1
        mov sparc_write_tbr_nr, %o0
        __XM_HC
        call SetupIrqs
        nop
        call PartitionMain
        nop
        call __xal_partition_return
        nop
3:      ba 3b
        nop
        .size start, . - start

/*
 * The kernel enters here as a native trap would: in a new window, %l0 =
 * PSR image, %l1 = pc, %l2 = nPc; the table entry put the vector in %l3.
 * The trapCtxt_t is built just below the interrupted %sp (our %fp).
 */
        .global CommonTrapHandler
        .type CommonTrapHandler, #function
CommonTrapHandler:
        sub %fp, CTXT_SIZE + FRAME, %sp
        rd %y, %l4
        st %l4, [%fp - CTXT_SIZE + 0]
        st %g1, [%fp - CTXT_SIZE + 4]
        std %g2, [%fp - CTXT_SIZE + 8]
        std %g4, [%fp - CTXT_SIZE + 16]
        std %g6, [%fp - CTXT_SIZE + 24]
        st %l2, [%fp - CTXT_SIZE + 32]  ! nPc
        st %l3, [%fp - CTXT_SIZE + 36]  ! irqNr
        st %l0, [%fp - CTXT_SIZE + 40]  ! flags
        st %l1, [%fp - CTXT_SIZE + 44]  ! pc
        set trapHandlersTab, %l4
        sll %l3, 2, %l5
        ld [%l4 + %l5], %l4
        cmp %l4, 0
        be 1f
        nop
        call %l4
        add %fp, -CTXT_SIZE, %o0
1:
        ld [%fp - CTXT_SIZE + 0], %l4
        wr %l4, %y
        ld [%fp - CTXT_SIZE + 4], %g1
        ldd [%fp - CTXT_SIZE + 8], %g2
        ldd [%fp - CTXT_SIZE + 16], %g4
        ldd [%fp - CTXT_SIZE + 24], %g6
        ld [%fp - CTXT_SIZE + 32], %l2
        ld [%fp - CTXT_SIZE + 36], %l3
        ld [%fp - CTXT_SIZE + 40], %l0
        ld [%fp - CTXT_SIZE + 44], %l1
        mov sparc_ctrl_winflow_nr, %o0
        __XM_AHC
        mov sparc_iret_nr, %o0
        __XM_AHC
        .size CommonTrapHandler, . - CommonTrapHandler

/* The partition image header (XM-Q XAL's hdr.c, research §10.5). */
        .section .xmImageHdr, "a"
        .align 4
        .weak xmImageHdr  /* a partition may define its own (custom files), as with XM-Q XAL's hdr.c */
xmImageHdr:
        .word XMEF_PARTITION_MAGIC
        .word (XM_ABI_VERSION << 16) | (XM_ABI_SUBVERSION << 8) | XM_ABI_REVISION
        .word (XM_API_VERSION << 16) | (XM_API_SUBVERSION << 8) | XM_API_REVISION
        .word 0
        .skip CONFIG_MAX_NO_CUSTOMFILES * 8
        .word XMEF_PARTITION_MAGIC

        .section .note.GNU-stack, "", @progbits
