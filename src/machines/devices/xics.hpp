// XICS: the PAPR interrupt controller ("PowerPC External Interrupt Presentation", LoPAPR
// chapter 6 and PAPR+ 14.5.4.8): one presentation controller (ICP) per interrupt server (vCPU)
// and one source controller (ICS) for the machine's interrupt sources. The guest drives it
// through the H_CPPR/H_EOI/H_XIRR/H_IPI/H_IPOLL hypercalls and the ibm,set-xive family of RTAS
// calls. Thread-safe: every vCPU thread and device may call it.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

namespace ppcvm {

class XicsController {
public:
    static constexpr uint32_t kIpiSource = 2;       // XISR value of an inter-processor interrupt
    static constexpr uint32_t kFirstSource = 4096;  // first ICS source number (as QEMU)
    static constexpr uint8_t kMasked = 0xff;        // priority that disables

    // `set_line(server, asserted)` raises or lowers a vCPU's external interrupt input.
    XicsController(unsigned servers, unsigned sources,
                   std::function<void(unsigned server, bool asserted)> set_line);

    // ---- hypercalls (LoPAPR 14.5.4.8) ----
    void cppr(unsigned server, uint8_t cppr);
    uint32_t accept(unsigned server);           // H_XIRR: returns XIRR, takes the interrupt
    void eoi(unsigned server, uint32_t xirr);   // H_EOI
    bool ipi(unsigned server, uint8_t mfrr);    // H_IPI (false: no such server)
    bool poll(unsigned server, uint32_t& xirr, uint8_t& mfrr);  // H_IPOLL

    // ---- RTAS (LoPAPR 7.3.10) ----
    bool set_xive(uint32_t source, unsigned server, uint8_t priority);
    bool get_xive(uint32_t source, unsigned& server, uint8_t& priority);
    bool int_off(uint32_t source);
    bool int_on(uint32_t source);

    // ---- devices ----
    // Level-sensitive source: asserted until the device lowers it.
    void set_level(uint32_t source, bool asserted);
    // Message-signalled (edge) source: one interrupt per pulse.
    void pulse(uint32_t source);
    void set_lsi(uint32_t source, bool lsi);

    unsigned servers() const { return static_cast<unsigned>(icp_.size()); }
    bool valid_source(uint32_t source) const {
        return source >= kFirstSource && source - kFirstSource < ics_.size();
    }

private:
    struct Presentation {       // ICP
        uint8_t cppr = 0;       // current processor priority (0 = most favoured: nothing in)
        uint8_t mfrr = kMasked; // most favoured request register (IPI)
        uint32_t xisr = 0;      // source presented, 0 = none
        uint8_t pending_priority = kMasked;
    };
    struct Source {             // ICS entry
        unsigned server = 0;
        uint8_t priority = kMasked;
        uint8_t saved_priority = kMasked;
        bool lsi = false;
        bool asserted = false;  // LSI level
        bool presented = false; // delivered to an ICP and not yet EOI'd
        bool rejected = false;  // must be resent when the ICP can take it
        bool masked_pending = false;  // fired while masked (MSI)
    };

    void present(unsigned server, uint32_t xisr, uint8_t priority);  // lock held
    void resend(unsigned server);                                     // lock held
    void deliver(uint32_t index);                                     // lock held
    void update_line(unsigned server);                                // lock held

    std::mutex mutex_;
    std::vector<Presentation> icp_;
    std::vector<Source> ics_;
    std::function<void(unsigned, bool)> set_line_;
};

}  // namespace ppcvm
