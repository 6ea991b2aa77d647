#include "machines/devices/xics.hpp"

namespace ppcvm {

XicsController::XicsController(unsigned servers, unsigned sources,
                               std::function<void(unsigned, bool)> set_line)
    : icp_(servers), ics_(sources), set_line_(std::move(set_line)) {}

void XicsController::update_line(unsigned server) {
    if (set_line_) set_line_(server, icp_[server].xisr != 0);
}

// Offer an interrupt to a presentation controller. It is taken when more favoured (lower
// number) than both CPPR and whatever is already pending; a displaced source is rejected and
// will be resent (LoPAPR 6.4 "Interrupt presentation").
void XicsController::present(unsigned server, uint32_t xisr, uint8_t priority) {
    Presentation& p = icp_[server];
    const bool takes = priority < p.cppr && (p.xisr == 0 || priority < p.pending_priority);
    if (!takes) {
        if (xisr != kIpiSource) {
            Source& s = ics_[xisr - kFirstSource];
            s.presented = false;
            s.rejected = true;
        }
        return;
    }
    if (p.xisr != 0 && p.xisr != kIpiSource) {
        Source& displaced = ics_[p.xisr - kFirstSource];
        displaced.presented = false;
        displaced.rejected = true;
    }
    p.xisr = xisr;
    p.pending_priority = priority;
    update_line(server);
}

void XicsController::deliver(uint32_t index) {
    Source& s = ics_[index];
    if (s.priority == kMasked) {
        s.masked_pending = !s.lsi;
        return;
    }
    if (s.server >= icp_.size()) return;  // set_xive validated it; defensive
    s.presented = true;
    s.rejected = false;
    s.masked_pending = false;
    present(s.server, kFirstSource + index, s.priority);
}

void XicsController::resend(unsigned server) {
    Presentation& p = icp_[server];
    if (p.mfrr < p.cppr) present(server, kIpiSource, p.mfrr);
    for (uint32_t i = 0; i < ics_.size(); ++i) {
        Source& s = ics_[i];
        if (s.server != server || s.presented) continue;
        if (s.rejected || (s.lsi && s.asserted)) deliver(i);
    }
}

void XicsController::cppr(unsigned server, uint8_t new_cppr) {
    std::lock_guard lock(mutex_);
    if (server >= icp_.size()) return;
    Presentation& p = icp_[server];
    const uint8_t old = p.cppr;
    p.cppr = new_cppr;
    if (new_cppr < old) {
        // More favoured: a pending interrupt that no longer beats CPPR goes back.
        if (p.xisr != 0 && p.pending_priority >= new_cppr) {
            if (p.xisr != kIpiSource) {
                Source& s = ics_[p.xisr - kFirstSource];
                s.presented = false;
                s.rejected = true;
            }
            p.xisr = 0;
            p.pending_priority = kMasked;
            update_line(server);
        }
    } else if (new_cppr > old) {
        resend(server);
    }
}

uint32_t XicsController::accept(unsigned server) {
    std::lock_guard lock(mutex_);
    if (server >= icp_.size()) return 0;
    Presentation& p = icp_[server];
    const uint32_t xirr = (static_cast<uint32_t>(p.cppr) << 24) | p.xisr;
    if (p.xisr != 0) {
        p.cppr = p.pending_priority;
        p.xisr = 0;
        p.pending_priority = kMasked;
        update_line(server);
    }
    return xirr;
}

void XicsController::eoi(unsigned server, uint32_t xirr) {
    std::lock_guard lock(mutex_);
    if (server >= icp_.size()) return;
    Presentation& p = icp_[server];
    p.cppr = static_cast<uint8_t>(xirr >> 24);
    const uint32_t source = xirr & 0xffffff;
    if (valid_source(source)) {
        Source& s = ics_[source - kFirstSource];
        s.presented = false;
    }
    resend(server);
}

bool XicsController::ipi(unsigned server, uint8_t mfrr) {
    std::lock_guard lock(mutex_);
    if (server >= icp_.size()) return false;
    Presentation& p = icp_[server];
    p.mfrr = mfrr;
    if (mfrr < p.cppr) present(server, kIpiSource, mfrr);
    return true;
}

bool XicsController::poll(unsigned server, uint32_t& xirr, uint8_t& mfrr) {
    std::lock_guard lock(mutex_);
    if (server >= icp_.size()) return false;
    const Presentation& p = icp_[server];
    xirr = (static_cast<uint32_t>(p.cppr) << 24) | p.xisr;
    mfrr = p.mfrr;
    return true;
}

bool XicsController::set_xive(uint32_t source, unsigned server, uint8_t priority) {
    std::lock_guard lock(mutex_);
    if (!valid_source(source) || server >= icp_.size()) return false;
    Source& s = ics_[source - kFirstSource];
    s.server = server;
    s.priority = priority;
    s.saved_priority = priority;
    if (priority != kMasked && !s.presented && (s.masked_pending || (s.lsi && s.asserted)))
        deliver(source - kFirstSource);
    return true;
}

bool XicsController::get_xive(uint32_t source, unsigned& server, uint8_t& priority) {
    std::lock_guard lock(mutex_);
    if (!valid_source(source)) return false;
    const Source& s = ics_[source - kFirstSource];
    server = s.server;
    priority = s.priority;
    return true;
}

bool XicsController::int_off(uint32_t source) {
    std::lock_guard lock(mutex_);
    if (!valid_source(source)) return false;
    Source& s = ics_[source - kFirstSource];
    if (s.priority != kMasked) s.saved_priority = s.priority;
    s.priority = kMasked;
    return true;
}

bool XicsController::int_on(uint32_t source) {
    std::lock_guard lock(mutex_);
    if (!valid_source(source)) return false;
    Source& s = ics_[source - kFirstSource];
    s.priority = s.saved_priority;
    if (s.priority != kMasked && !s.presented && (s.masked_pending || (s.lsi && s.asserted)))
        deliver(source - kFirstSource);
    return true;
}

void XicsController::set_level(uint32_t source, bool asserted) {
    std::lock_guard lock(mutex_);
    if (!valid_source(source)) return;
    Source& s = ics_[source - kFirstSource];
    s.asserted = asserted;
    if (asserted && !s.presented) deliver(source - kFirstSource);
}

void XicsController::pulse(uint32_t source) {
    std::lock_guard lock(mutex_);
    if (!valid_source(source)) return;
    Source& s = ics_[source - kFirstSource];
    if (s.presented) {
        s.rejected = true;  // already in flight: resend after its EOI
        return;
    }
    deliver(source - kFirstSource);
}

void XicsController::set_lsi(uint32_t source, bool lsi) {
    std::lock_guard lock(mutex_);
    if (valid_source(source)) ics_[source - kFirstSource].lsi = lsi;
}

}  // namespace ppcvm
