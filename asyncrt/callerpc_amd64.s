#include "textflag.h"

// func fpCallerPC(skip int) uintptr
//
// Walks skip frame pointers up from the calling frame and returns the
// return address stored above the last one; 0 if the chain ends first.
TEXT ·fpCallerPC(SB),NOSPLIT|NOFRAME,$0-16
	MOVQ	skip+0(FP), CX
	MOVQ	BP, AX
loop:
	TESTQ	CX, CX
	JZ	done
	MOVQ	(AX), AX
	TESTQ	AX, AX
	JZ	none
	DECQ	CX
	JMP	loop
done:
	MOVQ	8(AX), AX
	MOVQ	AX, ret+8(FP)
	RET
none:
	MOVQ	$0, ret+8(FP)
	RET
