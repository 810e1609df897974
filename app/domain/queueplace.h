#pragma once

namespace atelier {

// Where a person moves a waiting job among its profile's waiting jobs.
enum class QueuePlace
{
    Top,    // starts first, taking the highest priority among them
    Bottom, // starts last, taking the lowest priority among them
    Before, // just ahead of another waiting job of the same profile, taking its priority
};

} // namespace atelier
