#pragma once

#include <atomic>
#include <memory>

namespace atelier {

// Asks background work to stop. Unlike QFuture::cancel(), which makes a future drop its result, the work
// still reports how it ended, so a stop that arrives after the last file was written is not taken for one
// that took everything back. Copies share the request.
class StopToken
{
public:
    void request() const { m_requested->store(true); }
    bool isRequested() const { return m_requested->load(); }

private:
    std::shared_ptr<std::atomic_bool> m_requested = std::make_shared<std::atomic_bool>(false);
};

} // namespace atelier
