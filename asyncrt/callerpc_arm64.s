#include "textflag.h"

// func fpCallerPC(skip int) uintptr
//
// Walks skip frame pointers up from the calling frame and returns the
// return address stored above the last one; 0 if the chain ends first.
TEXT ·fpCallerPC(SB),NOSPLIT|NOFRAME,$0-16
	MOVD	skip+0(FP), R1
	MOVD	R29, R0
loop:
	CBZ	R1, done
	MOVD	(R0), R0
	CBZ	R0, none
	SUB	$1, R1
	B	loop
done:
	MOVD	8(R0), R0
	MOVD	R0, ret+8(FP)
	RET
none:
	MOVD	ZR, ret+8(FP)
	RET
