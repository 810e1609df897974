#include "networklanes.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <memory>
#include <utility>

namespace atelier {

NetworkLanes::NetworkLanes(QObject *parent) : QObject(parent) {}

QNetworkReply *NetworkLanes::post(const QNetworkRequest &request, const QByteArray &body)
{
    const int lane = freeLane();
    return track(lane, m_lanes.at(lane).manager->post(request, body));
}

QNetworkReply *NetworkLanes::get(const QNetworkRequest &request)
{
    const int lane = freeLane();
    return track(lane, m_lanes.at(lane).manager->get(request));
}

int NetworkLanes::freeLane()
{
    for (int lane = 0; lane < m_lanes.size(); ++lane) {
        if (m_lanes.at(lane).onTheWire < kRequestsPerLane)
            return lane;
    }
    m_lanes.append({new QNetworkAccessManager(this), 0});
    return int(m_lanes.size()) - 1;
}

QNetworkReply *NetworkLanes::track(int lane, QNetworkReply *reply)
{
    ++m_lanes[lane].onTheWire;
    // A reply counts off once: when it finishes or, deleted before that, when it goes.
    auto counted = std::make_shared<bool>(false);
    const auto release = [this, lane, counted] {
        if (!std::exchange(*counted, true))
            --m_lanes[lane].onTheWire;
    };
    connect(reply, &QNetworkReply::finished, this, release);
    connect(reply, &QObject::destroyed, this, release);
    return reply;
}

} // namespace atelier
