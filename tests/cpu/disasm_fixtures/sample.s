! A small LEON3 program with symbols, for the disassembler's objdump comparison:
! calls, branches, sethi/%lo pairs (objdump's "! value" comments), FP, alternate space.
	.section .text
	.global _start
_start:
	set	stack_top, %sp
	sethi	%hi(table), %o0
	call	sum
	 or	%o0, %lo(table), %o0
	sethi	%hi(result), %g1
	st	%o0, [%g1 + %lo(result)]
	set	0x40001234, %g2
	ld	[%g2], %f3
	ldd	[%g2 + 8], %f4
	fitod	%f3, %f6
	faddd	%f4, %f6, %f8
	fcmped	%f4, %f8
	nop
	fbule,a	1f
	 std	%f8, [%g2 + 16]
1:	lda	[%g2] 0x1c, %g3
	casa	[%g2] 0x0a, %g3, %g4
	umac	%g3, %g4, %g5
	rd	%y, %g6
	wr	%g6, 3, %psr
	ta	5
	b	_start
	 nop

sum:	save	%sp, -96, %sp
	clr	%i1
	mov	8, %l0
2:	ld	[%i0], %l1
	add	%i1, %l1, %i1
	deccc	%l0
	bne	2b
	 inc	4, %i0
	tst	%i1
	bneg,a	3f
	 neg	%i1
3:	jmpl	%i7 + 8, %g0
	 restore %i1, %g0, %o0

leaf:	cmp	%o0, 10
	bgu	4f
	 btst	3, %o0
	sethi	%hi(handler), %g1
	jmpl	%g1 + %lo(handler), %o7
	 nop
4:	retl
	 nop

handler:
	rett	%l2
	stbar
	flush	%g2 + 4
	unimp	0x123

	.section .data
table:	.word 1, 2, 3, 4, 5, 6, 7, 8
result:	.word 0
	.skip 256
stack_top:
