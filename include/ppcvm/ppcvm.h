/*
 * ppcvm: the stable C ABI for choosing the PowerPC platform a guest sees, and for running a
 * pseries (PAPR) guest whose hypercalls the embedding program may serve itself (see "running a
 * machine" below).
 *
 * One call selects everything the 2011 KVM review thread ("KVM: PPC: Add an ioctl for userspace
 * to select which platform to emulate") asked for: the OS/hypervisor ABI, the processor (real or
 * logical PVR), a compatibility level enforced through the PCR, paravirtual features as flags,
 * and the engine that runs the guest, and one query tells userspace what it got.
 *
 * Versioning rules (the same as Linux's extensible syscall structs, e.g. openat2/clone3):
 *  - every struct starts with a uint32_t `size` that the caller sets to sizeof() of the struct as
 *    the caller's header defined it;
 *  - a caller built against an older, smaller header passes its smaller size: the fields it does
 *    not know are taken as zero (the default for every field);
 *  - a caller built against a newer, larger header passes its larger size: accepted only when
 *    every byte this library does not know is zero, otherwise PPCVM_E_TOO_NEW;
 *  - reserved fields must be zero and unknown flag bits must be clear, else PPCVM_E_INVALID;
 *  - sizes below PPCVM_CONFIG_SIZE_VER0, not a multiple of 8, or above PPCVM_STRUCT_SIZE_MAX are
 *    refused with PPCVM_E_BAD_SIZE.
 * Output structs (ppcvm_platform_info, ppcvm_pvinfo) follow the same rule in the other direction:
 * the library writes min(caller size, library size) bytes and zeroes the rest of the caller's
 * struct.
 */
#ifndef PPCVM_PPCVM_H
#define PPCVM_PPCVM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PPCVM_ABI_VERSION 1u

/* Largest struct size any version may ever pass (sanity bound for the size field). */
#define PPCVM_STRUCT_SIZE_MAX 4096u

/* ---- status codes ----------------------------------------------------------------------- */
enum ppcvm_status {
    PPCVM_OK = 0,
    PPCVM_E_INVALID = -1,     /* a field has a value this library does not accept */
    PPCVM_E_BAD_SIZE = -2,    /* struct size field unknown */
    PPCVM_E_TOO_NEW = -3,     /* caller's struct has non-zero bytes beyond what we know */
    PPCVM_E_UNKNOWN_CPU = -4, /* PVR or model name not in the catalog */
    PPCVM_E_MISMATCH = -5,    /* platform and processor (or compat level) do not go together */
    PPCVM_E_ENGINE = -6,      /* the requested engine cannot serve this configuration */
    PPCVM_E_NOMEM = -7,
    PPCVM_E_UNSUPPORTED = -8, /* accepted by the interface, not runnable by this build */
};

/* ---- platform: the OS/hypervisor ABI the guest sees -------------------------------------- */
enum ppcvm_platform {
    PPCVM_PLATFORM_DEFAULT = 0,    /* derived from the processor: Book3S -> PAPR, BookE -> BookE,
                                      32-bit Book3S -> bare-metal */
    PPCVM_PLATFORM_BARE_METAL = 1, /* guest owns hypervisor state (MSR[HV]=1 where the CPU has
                                      it); no hypercalls are served (powernv, Mac, ...) */
    PPCVM_PLATFORM_PAPR = 2,       /* guest runs in supervisor state; sc 1 hypercalls, RTAS */
    PPCVM_PLATFORM_BOOKE = 3,      /* Freescale/NXP e500 family (ePAPR boot) */
};

/* ---- engine ------------------------------------------------------------------------------ */
enum ppcvm_engine {
    PPCVM_ENGINE_AUTO = 0,  /* kvm-type=auto: ppcvm picks, and says why in the query */
    PPCVM_ENGINE_EXACT = 1, /* kvm-type=PR: the exact (interpreting) engine, every feature */
    PPCVM_ENGINE_FAST = 2,  /* kvm-type=HV: the translating engine */
};

/* ---- config flags ------------------------------------------------------------------------ */
/* KVM/ePAPR paravirtual interface: /hypervisor node, magic page, hypercall sequence. Usable on
 * every platform; the sequence is chosen per platform (see ppcvm_pvinfo). */
#define PPCVM_CONFIG_F_PARAVIRT (1ull << 0)
/* The RFC's KVM_PPC_CROSS_ARCH: force the exact engine (book3s_pr). Contradicts ENGINE_FAST. */
#define PPCVM_CONFIG_F_FORCE_EXACT (1ull << 1)
#define PPCVM_CONFIG_F_ALL (PPCVM_CONFIG_F_PARAVIRT | PPCVM_CONFIG_F_FORCE_EXACT)

/* ---- logical PVRs (PAPR): an architecture level rather than a chip ------------------------ */
#define PPCVM_PVR_ARCH_2_04 0x0f000001u
#define PPCVM_PVR_ARCH_2_05 0x0f000002u
#define PPCVM_PVR_ARCH_2_06 0x0f000003u
#define PPCVM_PVR_ARCH_2_06P 0x0f100003u
#define PPCVM_PVR_ARCH_2_07 0x0f000004u
#define PPCVM_PVR_ARCH_3_00 0x0f000005u
#define PPCVM_PVR_ARCH_3_1 0x0f000006u

/* ---- the configuration ------------------------------------------------------------------- */
struct ppcvm_config {
    uint32_t size;       /* sizeof(struct ppcvm_config) as the caller knows it */
    uint32_t platform;   /* enum ppcvm_platform */
    uint32_t pvr;        /* real PVR, logical PVR, or 0 for the platform's default processor */
    uint32_t compat_pvr; /* logical PVR of the level to behave as (via PCR); 0 = native */
    uint64_t flags;      /* PPCVM_CONFIG_F_* */
    /* ---- end of version 0 (PPCVM_CONFIG_SIZE_VER0 = 24 bytes): the RFC's fields ---- */
    uint32_t engine;    /* enum ppcvm_engine */
    uint32_t reserved0; /* must be zero */
    uint64_t reserved[12]; /* must be zero; room for later versions */
};
#define PPCVM_CONFIG_SIZE_VER0 24u
#define PPCVM_CONFIG_SIZE_VER1 128u

/* ---- what the configuration resolved to ------------------------------------------------- */
enum ppcvm_family {
    PPCVM_FAMILY_BOOK3S_64 = 1,
    PPCVM_FAMILY_BOOK3S_32 = 2,
    PPCVM_FAMILY_BOOKE = 3,
};

/* ISA levels, encoded as major*1000 + minor*10 (+5 for the "+" revisions). */
enum ppcvm_isa_level {
    PPCVM_ISA_CLASSIC_32 = 1100, /* PowerPC Architecture 1.10 (750, 74xx) */
    PPCVM_ISA_2_01 = 2010,       /* PowerPC 970 */
    PPCVM_ISA_2_03 = 2030,       /* e500v1/v2 (Book E category) */
    PPCVM_ISA_2_04 = 2040,
    PPCVM_ISA_2_05 = 2050,
    PPCVM_ISA_2_06 = 2060,
    PPCVM_ISA_2_06P = 2065,
    PPCVM_ISA_2_07 = 2070,
    PPCVM_ISA_3_00 = 3000,
    PPCVM_ISA_3_1 = 3100,
};

/* MMU models a processor offers (bit mask) */
#define PPCVM_MMU_HASH64 (1u << 0)   /* SLB + hashed page table */
#define PPCVM_MMU_RADIX (1u << 1)    /* ISA 3.0 radix tree */
#define PPCVM_MMU_HASH32 (1u << 2)   /* segment registers, hashed page table and BATs */
#define PPCVM_MMU_BOOKE_TLB (1u << 3) /* software-managed BookE TLB (MAS registers) */

/* Facilities (bit mask) */
#define PPCVM_FAC_FPU (1u << 0)
#define PPCVM_FAC_VMX (1u << 1)
#define PPCVM_FAC_VSX (1u << 2)
#define PPCVM_FAC_DFP (1u << 3)
#define PPCVM_FAC_SPE (1u << 4)
#define PPCVM_FAC_TM (1u << 5)
#define PPCVM_FAC_MMA (1u << 6)

enum ppcvm_endianness {
    PPCVM_ENDIAN_BIG_ONLY = 1,
    PPCVM_ENDIAN_BI = 2, /* big at reset, little selectable by the guest (MSR[LE] / TLB E) */
};

struct ppcvm_platform_info {
    uint32_t size;        /* set by the caller */
    uint32_t platform;    /* enum ppcvm_platform, never DEFAULT */
    uint32_t pvr;         /* PVR the guest reads */
    uint32_t family;      /* enum ppcvm_family */
    char model_name[32];  /* catalog name, NUL-terminated */
    uint32_t isa_level;   /* enum ppcvm_isa_level, the processor's own */
    uint32_t compat_pvr;  /* effective compat level (logical PVR), 0 = native */
    uint64_t pcr;         /* effective Processor Compatibility Register value */
    uint32_t mmu_models;  /* PPCVM_MMU_* */
    uint32_t facilities;  /* PPCVM_FAC_* available to the guest after compat gating */
    uint32_t address_bits; /* 32 or 64 */
    uint32_t endianness;  /* enum ppcvm_endianness */
    uint64_t flags;       /* PPCVM_CONFIG_F_* in effect */
    uint32_t hcall_insn_count; /* paravirt hypercall sequence length (0 when paravirt is off) */
    uint32_t hcall_insns[4];
    uint32_t engine;      /* enum ppcvm_engine actually chosen (EXACT or FAST) */
    char engine_reason[128]; /* why that engine, for the user */
    uint32_t effective_isa_level; /* isa_level after compat */
    uint32_t reserved0;
    uint64_t reserved[8];
};

/* The KVM_PPC_GET_PVINFO analogue. */
struct ppcvm_pvinfo {
    uint32_t size;
    uint32_t flags;      /* PPCVM_PVINFO_F_* */
    uint32_t hcall[4];   /* instructions the guest patches into its hypercall stub */
    uint64_t magic_page_ea; /* effective address of the magic page (-4096) */
    uint32_t magic_page_size;
    uint32_t reserved0;
    uint64_t reserved[4];
};
#define PPCVM_PVINFO_F_EV_IDLE (1u << 0) /* ePAPR EV_IDLE hypercall served */

/* ---- functions -------------------------------------------------------------------------- */

/* ABI version of the library (compare with PPCVM_ABI_VERSION). */
uint32_t ppcvm_abi_version(void);

/* Zero *cfg and set its size. */
void ppcvm_config_init(struct ppcvm_config *cfg);

/* Resolve a configuration without creating anything: validates every rule and fills *info.
 * Returns PPCVM_OK or a negative ppcvm_status; the message is then in ppcvm_last_error(). */
int ppcvm_describe(const struct ppcvm_config *cfg, struct ppcvm_platform_info *info);

/* Paravirt information for a configuration (PPCVM_E_INVALID if paravirt is not enabled). */
int ppcvm_get_pvinfo(const struct ppcvm_config *cfg, struct ppcvm_pvinfo *pvinfo);

/* Message for the last failed call on this thread ("" if none). Valid until the next call. */
const char *ppcvm_last_error(void);

/* Look a processor up by name as people type it ("POWER9", "power9_v2.2", "g4", "e500") or as
 * a number ("0x004e1202", "0x0f000004"). Returns PPCVM_OK and the PVR, or PPCVM_E_UNKNOWN_CPU. */
int ppcvm_cpu_lookup(const char *name, uint32_t *pvr);

/* Catalog enumeration: fills *info for catalog entry `index` as if selected on its default
 * platform with no compat; returns PPCVM_E_INVALID past the end. */
int ppcvm_cpu_catalog_entry(uint32_t index, struct ppcvm_platform_info *info);

/* Human-readable names of enum values (static strings). */
const char *ppcvm_platform_name(uint32_t platform);
const char *ppcvm_family_name(uint32_t family);
const char *ppcvm_engine_name(uint32_t engine);
/* ISA level as text ("3.00", "2.06+", "1.10 (32-bit)"); static string. */
const char *ppcvm_isa_level_name(uint32_t isa_level);

/* ==== running a machine ====================================================================
 *
 * A `struct ppcvm_vm` is a pseries (PAPR) machine built from a ppcvm_config (which must resolve
 * to the PAPR platform) and ppcvm_machine_options (memory, vCPUs, images, console), as the
 * `ppcvm` command line builds one from -M pseries -cpu -m -smp -kernel -initrd -append -bios.
 *
 * Hypercalls. The model is KVM's: KVM_CAP_PPC_ENABLE_HCALL chooses per hypercall whether the
 * kernel serves it or userspace gets it as a KVM_EXIT_PAPR_HCALL exit from KVM_RUN, and
 * userspace answers in kvm_run.papr_hcall before the next KVM_RUN. Here
 * ppcvm_vm_set_hcall_in_core(vm, nr, 0) turns hypercall `nr` into a PPCVM_EXIT_PAPR_HCALL exit
 * from ppcvm_vm_run; by default every hypercall ppcvm implements is served in core and any
 * other answers H_FUNCTION. The register convention is LoPAPR's (14.5.3, "Hypervisor Call
 * Functions"): `sc 1` with the opcode in r3 and arguments in r4..r12; the status goes back in
 * r3 and outputs in r4, r5, ...
 *
 * Threads. Every vCPU runs on its own host thread from the first ppcvm_vm_run on. A vCPU that
 * makes an exit hypercall pauses until the embedder answers; the others keep running (as
 * separate KVM vCPU threads would), and their own exits queue up: ppcvm_vm_run returns them one
 * per call. Unlike KVM, where each vCPU thread has its own kvm_run, the answer to an exit is
 * given by the next ppcvm_vm_run, so an embedder cannot keep one vCPU paused while it takes
 * another's exit. Hypercalls made with the ePAPR convention (token in r11, the KVM paravirt
 * sequence) are not routed here: on PAPR ppcvm reads the opcode from r3 only. Call ppcvm_vm_run, ppcvm_vm_info and ppcvm_vm_destroy from one thread at a time;
 * ppcvm_vm_set_hcall_in_core, ppcvm_vm_request_stop and ppcvm_vm_console_input from any thread
 * at any time.
 */
struct ppcvm_vm; /* opaque */

/* Where the guest's console output (the vty of H_PUT_TERM_CHAR served in core) goes. */
enum ppcvm_console {
    PPCVM_CONSOLE_NONE = 0,     /* dropped (a library writes nothing to the process unless asked) */
    PPCVM_CONSOLE_STDOUT = 1,   /* written to file descriptor 1 */
    PPCVM_CONSOLE_CALLBACK = 2, /* console_write(console_opaque, data, len), on a vCPU thread */
};

struct ppcvm_machine_options {
    uint32_t size;       /* sizeof(struct ppcvm_machine_options) as the caller knows it */
    uint32_t vcpus;      /* number of vCPUs, 1..256; 0 = 1 */
    uint64_t ram_bytes;  /* guest RAM; 0 = 512 MiB (at least 16 MiB) */
    const char *kernel;  /* ELF kernel (vmlinux) path, or NULL; kernel or bios is required */
    const char *initrd;  /* initramfs path, or NULL */
    const char *cmdline; /* kernel command line (/chosen/bootargs), or NULL */
    const char *bios;    /* raw firmware image loaded at 0x100 and entered there, or NULL */
    uint64_t flags;      /* none defined yet: must be zero */
    uint32_t console;    /* enum ppcvm_console */
    uint32_t reserved0;  /* must be zero */
    void (*console_write)(void *opaque, const char *data, size_t len); /* CONSOLE_CALLBACK */
    void *console_opaque;
    int64_t rtc_offset;  /* seconds added to host UTC for the guest's clock */
    uint64_t reserved[8]; /* must be zero */
};
#define PPCVM_MACHINE_OPTIONS_SIZE_VER0 152u

/* Why ppcvm_vm_run returned. */
enum ppcvm_exit_reason {
    PPCVM_EXIT_PAPR_HCALL = 1, /* a vCPU made a hypercall the embedder takes (papr_hcall) */
    PPCVM_EXIT_POWER_OFF = 2,  /* the guest powered off (RTAS power-off) */
    PPCVM_EXIT_REBOOT = 3,     /* the guest asked for a reboot: create a new vm to restart */
    PPCVM_EXIT_GUEST_PANIC = 4, /* ibm,os-term or a checkstop; guest_panic.message says which */
    PPCVM_EXIT_STOPPED = 5,    /* ppcvm_vm_request_stop() */
};

/* Filled by ppcvm_vm_run, like KVM's struct kvm_run: a fixed header and a union padded to a
 * fixed 256 bytes, so that new exit kinds never change the struct's size. */
struct ppcvm_exit {
    uint32_t size;      /* set by the caller: sizeof(struct ppcvm_exit) */
    uint32_t reason;    /* enum ppcvm_exit_reason */
    uint32_t vcpu;      /* PAPR_HCALL: index of the calling vCPU (0 for machine-wide exits) */
    uint32_t reserved0;
    union {
        /* PPCVM_EXIT_PAPR_HCALL, laid out as KVM's kvm_run.papr_hcall. On exit: nr = r3,
         * args = r4..r12, ret = H_FUNCTION (-2). Before the next ppcvm_vm_run the embedder sets
         * ret (written to r3) and any outputs in args (args[0..8] are written back to r4..r12,
         * so leaving an entry as it was leaves that register unchanged). */
        struct {
            uint64_t nr;
            int64_t ret;
            uint64_t args[9];
        } papr_hcall;
        /* PPCVM_EXIT_GUEST_PANIC */
        struct {
            char message[200]; /* NUL-terminated, possibly truncated */
        } guest_panic;
        uint64_t padding[32];
    };
};
#define PPCVM_EXIT_SIZE_VER0 272u

/* Create a machine: resolves *cfg (which must give the PAPR platform: only the pseries
 * machine runs guests in this build, else PPCVM_E_UNSUPPORTED), checks *options, builds the
 * machine and loads its images (PPCVM_E_INVALID naming the file or the problem). Nothing runs
 * until ppcvm_vm_run. *vm is set to NULL on failure. */
int ppcvm_vm_create(const struct ppcvm_config *cfg, const struct ppcvm_machine_options *options,
                    struct ppcvm_vm **vm);

/* End the machine if it runs (a vCPU paused in an exit is released, without an answer) and
 * free it. NULL is accepted. */
void ppcvm_vm_destroy(struct ppcvm_vm *vm);

/* What the machine runs on: the resolved platform, with `engine` and `engine_reason` saying
 * which engine userspace got and why (as ppcvm_describe would for its config). */
int ppcvm_vm_info(struct ppcvm_vm *vm, struct ppcvm_platform_info *info);

/* Serve hypercall `nr` in ppcvm (in_core = 1) or hand it to the embedder as a
 * PPCVM_EXIT_PAPR_HCALL exit (in_core = 0). Unlike KVM_CAP_PPC_ENABLE_HCALL, which only
 * accepts the hypercalls KVM implements, any valid opcode may become an exit, so that an
 * embedder can serve a hypercall ppcvm does not know; only implemented ones can be in core.
 * Valid opcodes: multiples of 4 from 0x4 to 0xffc (LoPAPR's hypercall space) and
 * 0xf000..0xf0ff (the hypervisor-private range QEMU and KVM use; H_RTAS is 0xf000).
 * Returns PPCVM_E_INVALID for an invalid opcode, in_core other than 0/1, or in_core = 1 for a
 * hypercall ppcvm does not implement. Takes effect for calls made after it returns. */
int ppcvm_vm_set_hcall_in_core(struct ppcvm_vm *vm, uint64_t nr, uint32_t in_core);

/* 1 if hypercall `nr` is served in core, 0 if it is not (an exit, or unimplemented). */
int ppcvm_vm_hcall_in_core(struct ppcvm_vm *vm, uint64_t nr);

/* Run until something needs the embedder, and say what in *exit (exit->size set by the
 * caller). If the previous call returned PPCVM_EXIT_PAPR_HCALL, the paused vCPU is first
 * resumed with exit->papr_hcall.ret and .args as the caller left them: pass back the struct
 * you were given. After POWER_OFF, REBOOT, GUEST_PANIC or STOPPED the machine has ended and
 * every later call returns that same exit again. */
int ppcvm_vm_run(struct ppcvm_vm *vm, struct ppcvm_exit *exit);

/* End the machine from any thread: ppcvm_vm_run returns PPCVM_EXIT_STOPPED (unless the guest
 * ended first). */
int ppcvm_vm_request_stop(struct ppcvm_vm *vm);

/* Bytes for the guest's console input (H_GET_TERM_CHAR served in core), from any thread. */
int ppcvm_vm_console_input(struct ppcvm_vm *vm, const char *data, size_t len);

/* Name of an exit reason (static string). */
const char *ppcvm_exit_reason_name(uint32_t reason);

#ifdef __cplusplus
}
#endif

#endif /* PPCVM_PPCVM_H */
