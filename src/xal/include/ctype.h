/*
 * ctype.h: XAL's <ctype.h>. The "C" locale only: characters 0-127 are
 * classified as ASCII, every other value (128-255 and EOF) belongs to no
 * class and is left unchanged by tolower/toupper.
 */
#ifndef _XAL_CTYPE_H_
#define _XAL_CTYPE_H_

int isalnum(int c);
int isalpha(int c);
int isblank(int c);
int iscntrl(int c);
int isdigit(int c);
int isgraph(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int isspace(int c);
int isupper(int c);
int isxdigit(int c);
int isascii(int c);
int tolower(int c);
int toupper(int c);
int toascii(int c);

#endif
