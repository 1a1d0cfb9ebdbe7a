/*
 * custom-file, partition 0: declares one custom file in its partition image
 * header (struct xmImageHdr, section .xmImageHdr): up to 4 KB at
 * CUSTOM_FILE_ADDR, the partition's second memory area. XtratuM's loader
 * (here `xmbench run --custom 0=custom.txt`) copies the file there before
 * the partition starts; the partition prints it line by line.
 *
 * This definition of xmImageHdr replaces XAL's default one (a weak symbol,
 * as XtratuM's XAL lets examples override hdr.c). The partition's objects
 * are linked before XAL's library, so this header comes first in the
 * section, where the loader reads it.
 */
#include <xm.h>
#include <stdio.h>

#ifndef CUSTOM_FILE_ADDR
#define CUSTOM_FILE_ADDR 0x400a0000
#endif
#ifndef CUSTOM_FILE_SIZE
#define CUSTOM_FILE_SIZE 4096
#endif

const struct xmImageHdr xmImageHdr __XMIHDR = {
        .sSignature = XMEF_PARTITION_MAGIC,
        .compilationXmAbiVersion = XM_SET_VERSION(XM_ABI_VERSION, XM_ABI_SUBVERSION, XM_ABI_REVISION),
        .compilationXmApiVersion = XM_SET_VERSION(XM_API_VERSION, XM_API_SUBVERSION, XM_API_REVISION),
        .noCustomFiles = 1,
        .customFileTab = {{.sAddr = CUSTOM_FILE_ADDR, .size = CUSTOM_FILE_SIZE}},
        .eSignature = XMEF_PARTITION_MAGIC,
};

void PartitionMain(void) {
    const char *file = (const char *)CUSTOM_FILE_ADDR;
    const char *line = file;
    int i;

    printf("[P%d] Custom file at 0x%x:\n", XM_PARTITION_SELF, CUSTOM_FILE_ADDR);
    /* the file is text; the rest of the area is zero */
    for (i = 0; i < CUSTOM_FILE_SIZE && file[i] != '\0'; i++) {
        if (file[i] == '\n') {
            printf("[P%d] | %.*s\n", XM_PARTITION_SELF, (int)(&file[i] - line), line);
            line = &file[i + 1];
        }
    }
    printf("[P%d] %d bytes\n", XM_PARTITION_SELF, i);
}
