#pragma once

#include <QString>

namespace atelier {

// Where Atelier keeps its database and its images. ATELIER_DATA_DIR and ATELIER_LIBRARY_DIR override the
// defaults (the application data folder; Pictures/Atelier), so tests and scripts can use a folder of their
// own.
struct DataPaths
{
    QString dataDir;
    QString libraryDir;

    QString databasePath() const;
    // Explicit values win over the environment, the environment over the platform's defaults.
    static DataPaths resolve(const QString &dataDir = {}, const QString &libraryDir = {});
};

} // namespace atelier
