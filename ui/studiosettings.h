#pragma once

#include "domain/generationrequest.h"
#include "engine/jobqueue.h"

#include <QByteArray>
#include <QString>

class QSettings;

namespace atelier {

// The desktop app's preferences, the one owner of their QSettings keys (the OpenAI ones belong to
// OpenAiPreferences, the API key to the keychain).
class StudioSettings
{
public:
    explicit StudioSettings(QSettings &settings);

    // Empty: the default folder (Pictures/Atelier). Read at start.
    QString libraryFolder() const;
    void setLibraryFolder(const QString &folder);

    QueueLimits queueLimits() const;
    void setQueueLimits(const QueueLimits &limits);

    // Days a deleted result stays in the trash before a start erases it; 0 keeps it until emptied.
    int trashDays() const;
    void setTrashDays(int days);

    // The prompt panel's starting values: model, aspect ratio, quality, style and number of images.
    GenerationRequest promptDefaults() const;
    void setPromptDefaults(const GenerationRequest &defaults);

    // Where the last export went: the folder that holds the exported folder, archive or history file.
    // Empty before the first one.
    QString exportFolder() const;
    void setExportFolder(const QString &folder);

    // How many "More like this" queues at a time (4 until changed), within 1..Variations::kMaxCount.
    int variationCount() const;
    void setVariationCount(int count);

    qint64 currentProfile() const; // 0: none chosen yet
    void setCurrentProfile(qint64 id);

    // Window geometry, tool bar and dock state, splitter sizes: opaque blobs by name.
    QByteArray layout(const QString &name) const;
    void setLayout(const QString &name, const QByteArray &state);

private:
    QSettings &m_settings;
};

} // namespace atelier
