#pragma once

#include <QList>
#include <QObject>

class QByteArray;
class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace atelier {

// Sends requests through as many QNetworkAccessManagers as it takes for none to have more than six on the
// wire. Qt 6.4 opens at most six HTTP/1.1 connections to a host per manager, with no setting for it
// (QHttp1Configuration came with 6.5): a seventh request would wait for one of them to finish, so a queue
// limit above six would quietly act as six against plain-http servers and proxies. Over HTTP/2 one
// connection of the first manager carries every request, as long as it has room.
class NetworkLanes final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NetworkLanes)
public:
    static constexpr int kRequestsPerLane = 6;

    explicit NetworkLanes(QObject *parent = nullptr);

    QNetworkReply *post(const QNetworkRequest &request, const QByteArray &body);
    QNetworkReply *get(const QNetworkRequest &request);
    // Managers made so far: one, and another each time every one had six requests on the wire.
    int laneCount() const { return int(m_lanes.size()); }

private:
    struct Lane
    {
        QNetworkAccessManager *manager = nullptr;
        int onTheWire = 0;
    };

    int freeLane();
    QNetworkReply *track(int lane, QNetworkReply *reply);

    QList<Lane> m_lanes; // never shrinks: a lane keeps its connections open for the next requests
};

} // namespace atelier
