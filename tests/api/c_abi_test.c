/* The C ABI compiled as C: resolve POWER9 running as POWER8 and check the answer. */
#include <stdio.h>
#include <string.h>

#include "ppcvm/ppcvm.h"

int main(void) {
    struct ppcvm_config cfg;
    struct ppcvm_platform_info info;
    ppcvm_config_init(&cfg);
    cfg.platform = PPCVM_PLATFORM_PAPR;
    cfg.pvr = 0x004e1202;
    cfg.compat_pvr = PPCVM_PVR_ARCH_2_07;
    memset(&info, 0, sizeof info);
    info.size = sizeof info;
    if (ppcvm_describe(&cfg, &info) != PPCVM_OK) {
        fprintf(stderr, "describe failed: %s\n", ppcvm_last_error());
        return 1;
    }
    if (info.pcr != 0x8 || info.compat_pvr != 0x0f000004 || strcmp(info.model_name, "POWER9")) {
        fprintf(stderr, "unexpected: pcr=%llx compat=%x model=%s\n",
                (unsigned long long)info.pcr, info.compat_pvr, info.model_name);
        return 1;
    }
    cfg.pvr = 0x80210022;
    if (ppcvm_describe(&cfg, &info) != PPCVM_E_MISMATCH || !strstr(ppcvm_last_error(), "PAPR")) {
        fprintf(stderr, "e500v2 on PAPR was not refused properly: %s\n", ppcvm_last_error());
        return 1;
    }
    /* The machine half from C: the structs have the documented sizes, and a machine without
     * images is refused with a message. */
    {
        struct ppcvm_machine_options opts;
        struct ppcvm_vm *vm = (struct ppcvm_vm *)&opts;
        if (sizeof(struct ppcvm_exit) != PPCVM_EXIT_SIZE_VER0 ||
            sizeof(struct ppcvm_machine_options) != PPCVM_MACHINE_OPTIONS_SIZE_VER0) {
            fprintf(stderr, "struct sizes differ from the header's constants in C\n");
            return 1;
        }
        memset(&opts, 0, sizeof opts);
        opts.size = sizeof opts;
        cfg.pvr = 0x004e1202;
        if (ppcvm_vm_create(&cfg, &opts, &vm) != PPCVM_E_INVALID || vm != NULL ||
            !strstr(ppcvm_last_error(), "kernel or a bios")) {
            fprintf(stderr, "a machine without images was not refused: %s\n", ppcvm_last_error());
            return 1;
        }
    }
    printf("C ABI ok: %s %s\n", ppcvm_platform_name(info.platform), info.model_name);
    return 0;
}
