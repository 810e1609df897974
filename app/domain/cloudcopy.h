#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace atelier {

// One result file as a cloud service keeps it.
struct CloudAsset
{
    QString publicId;
    QString secureUrl;
    qint64 version = 0;

    bool operator==(const CloudAsset &) const = default;
};

// Where a generation's cloud copy stands. None: no copy was asked for (uploads off, or an import). Pending:
// asked for and not done yet (also after a crash, so that the next start resumes it). Uploaded: every file is
// in the cloud. Failed: the local images are safe, the copy is not there; the error says why.
struct CloudCopy
{
    enum class State
    {
        None,
        Pending,
        Uploaded,
        Failed
    };

    State state = State::None;
    QString error;            // in words, when Failed
    QList<CloudAsset> assets; // in the order of the result files, when Uploaded

    bool operator==(const CloudCopy &) const = default;
};

// The names used in the database and in JSON output: "none", "pending", "uploaded", "failed".
QString cloudStateName(CloudCopy::State state);
std::optional<CloudCopy::State> cloudStateFromName(const QString &name);

} // namespace atelier
